export declare const SHARED_MODULES: Record<string, string>;
