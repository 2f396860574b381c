import { apiGet } from '../api/client';
import { buildRegistry } from './registry';
import type { LoadedWebModule, RendererRegistry } from './registry';

interface ListedWebModule {
  plugin: string;
  name: string;
  url: string;
}

let loading: Promise<RendererRegistry> | null = null;

async function importModule(listed: ListedWebModule): Promise<LoadedWebModule | string> {
  try {
    const exports: unknown = await import(/* @vite-ignore */ listed.url);
    return { ...listed, exports };
  } catch (error) {
    return (
      `The web module '${listed.name}' of plugin '${listed.plugin}' could not be loaded ` +
      `from ${listed.url}: ${(error as Error).message}`
    );
  }
}

/** Every installed plugin's renderers, imported once per page. */
export function loadRegistry(): Promise<RendererRegistry> {
  loading ??= (async () => {
    const listed = await apiGet<ListedWebModule[]>('/api/plugins/web-modules');
    const imported = await Promise.all(listed.map(importModule));
    const modules = imported.filter((item): item is LoadedWebModule => typeof item !== 'string');
    const registry = buildRegistry(modules);
    const failures = imported.filter((item): item is string => typeof item === 'string');
    return { ...registry, errors: [...failures, ...registry.errors] };
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
