// Modules loaded on demand that ship without type declarations of their own.
declare module 'pdfjs-dist/build/pdf.worker.min.mjs' {
  export const WorkerMessageHandler: unknown;
}
declare module '*.css';
declare module '*.css?inline' {
  const css: string;
  export default css;
}
