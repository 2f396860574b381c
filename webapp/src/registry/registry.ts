import { normalizeRenderer } from '@labelcore/plugin-api';
import type { RegionTool, TagRenderer } from '@labelcore/plugin-api';

/** A web module as the server lists it, with what importing it gave. */
export interface LoadedWebModule {
  plugin: string;
  name: string;
  url: string;
  exports: unknown;
}

export interface RendererEntry {
  renderer: TagRenderer;
  /** "plugin/module", for messages. */
  source: string;
}

export interface RendererRegistry {
  readonly renderers: ReadonlyMap<string, RendererEntry>;
  /** Sentences for people: duplicates refused, modules that failed, malformed renderers. */
  readonly errors: readonly string[];
  get(tagName: string): TagRenderer | undefined;
  regionToolFor(controlTag: string, objectTag: string): RegionTool | undefined;
}

function tagsOf(module: LoadedWebModule, source: string): [string, unknown][] {
  const exported = (module.exports as { default?: unknown } | null)?.default;
  const tags = (exported as { tags?: unknown } | undefined)?.tags;
  if (typeof tags !== 'object' || tags === null) {
    throw new Error(
      `The web module ${source} exports no tags; expected 'export default { tags: ` +
        `{ TagName: renderer } }'.`,
    );
  }
  return Object.entries(tags);
}

/**
 * One registry from every web module, in the order given. A tag that a second module renders
 * again is refused (the first keeps it) and the refusal is reported, never silently replaced.
 */
export function buildRegistry(modules: readonly LoadedWebModule[]): RendererRegistry {
  const renderers = new Map<string, RendererEntry>();
  const errors: string[] = [];

  for (const module of modules) {
    const source = `${module.plugin}/${module.name}`;
    let tags: [string, unknown][];
    try {
      tags = tagsOf(module, source);
    } catch (error) {
      errors.push((error as Error).message);
      continue;
    }

    for (const [tagName, raw] of tags) {
      const existing = renderers.get(tagName);
      if (existing) {
        errors.push(
          `The tag '${tagName}' has a renderer in ${existing.source} and another in ` +
            `${source}; the second is refused. Uninstall or disable one of the two plugins.`,
        );
        continue;
      }
      try {
        renderers.set(tagName, { renderer: normalizeRenderer(tagName, raw), source });
      } catch (error) {
        errors.push(`${(error as Error).message} (in ${source})`);
      }
    }
  }

  return {
    renderers,
    errors,
    get: (tagName) => renderers.get(tagName)?.renderer,
    regionToolFor(controlTag, objectTag) {
      const renderer = renderers.get(controlTag)?.renderer;
      if (renderer?.kind !== 'control') return undefined;
      return renderer.regionTools[objectTag];
    },
  };
}
