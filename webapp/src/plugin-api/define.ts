import type {
  ChildTagRenderer,
  ControlTagRenderer,
  ObjectTagRenderer,
  RegionTool,
  TagRenderer,
  VisualTagRenderer,
} from './types';

// Each kind has a few required members; the rest get safe defaults here, so that a renderer
// written as a plain object (a hand-written ES module) behaves like one built with these.

type Required<T, K extends keyof T> = Pick<T, K> & Partial<Omit<T, K | 'kind'>>;

export function defineVisualTag(
  renderer: Required<VisualTagRenderer, 'component'>,
): VisualTagRenderer {
  return { description: '', ...renderer, kind: 'visual' };
}

export function defineObjectTag(
  renderer: Required<ObjectTagRenderer, 'component'>,
): ObjectTagRenderer {
  return { description: '', ...renderer, kind: 'object' };
}

export function defineControlTag(
  renderer: Required<ControlTagRenderer, 'component' | 'resultType'>,
): ControlTagRenderer {
  return { description: '', optionTag: undefined, regionTools: {}, ...renderer, kind: 'control' };
}

export function defineChildTag(renderer: Partial<Omit<ChildTagRenderer, 'kind'>> = {}) {
  const child: ChildTagRenderer = { description: '', ...renderer, kind: 'child' };
  return child;
}

export function defineRegionTool(
  tool: Required<RegionTool, 'objectTag' | 'resultType' | 'Shape' | 'DraftShape'>,
): RegionTool {
  return { valueFromDraft: () => null, ...tool, kind: 'region-tool' };
}

/** Thrown when a web module exports something that is not a renderer. */
export class RendererError extends Error {}

function needsComponent(tagName: string, raw: Record<string, unknown>): void {
  const component = raw.component;
  const renderable =
    typeof component === 'function' || (typeof component === 'object' && component !== null);
  if (!renderable) {
    throw new RendererError(
      `The renderer of '${tagName}' has no component; expected a React component in ` +
        `'component', got ${typeof component}. Export { kind, component } for the tag.`,
    );
  }
}

/** A renderer from a web module, checked and completed with the defaults of its kind. */
export function normalizeRenderer(tagName: string, raw: unknown): TagRenderer {
  if (typeof raw !== 'object' || raw === null) {
    throw new RendererError(
      `The renderer of '${tagName}' must be an object with a 'kind'; got ${typeof raw}.`,
    );
  }
  const fields = raw as Record<string, unknown>;

  switch (fields.kind) {
    case 'visual':
      needsComponent(tagName, fields);
      return defineVisualTag(fields as unknown as VisualTagRenderer);
    case 'object':
      needsComponent(tagName, fields);
      return defineObjectTag(fields as unknown as ObjectTagRenderer);
    case 'control':
      needsComponent(tagName, fields);
      if (typeof fields.resultType !== 'string' || !fields.resultType) {
        throw new RendererError(
          `The control renderer of '${tagName}' has no resultType; expected the result ` +
            `'type' it writes, such as '${tagName.toLowerCase()}'.`,
        );
      }
      return defineControlTag(fields as unknown as ControlTagRenderer);
    case 'child':
      return defineChildTag(fields as Partial<ChildTagRenderer>);
    default:
      throw new RendererError(
        `The renderer of '${tagName}' has kind ${JSON.stringify(fields.kind)}; expected ` +
          `'visual', 'object', 'control' or 'child'.`,
      );
  }
}
