import type {
  ChildTagRenderer,
  Point,
  RegionDraft,
  ToolStep,
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
  return { description: '', regionTypes: [], ...renderer, kind: 'object' };
}

export function defineControlTag(
  renderer: Required<ControlTagRenderer, 'component' | 'resultType'>,
): ControlTagRenderer {
  const regionTools = renderer.regionTools ?? {};
  return {
    description: '',
    optionTag: undefined,
    createsRegions: Object.keys(regionTools).length > 0,
    optionHotkeys: true,
    ...renderer,
    regionTools,
    kind: 'control',
  };
}

export function defineChildTag(renderer: Partial<Omit<ChildTagRenderer, 'kind'>> = {}) {
  const child: ChildTagRenderer = { description: '', ...renderer, kind: 'child' };
  return child;
}

type ToolFields = 'objectTag' | 'resultType' | 'Shape' | 'DraftShape';

/**
 * A region tool with the defaults filled in. A tool that gives only `valueFromDraft` draws
 * by dragging: press starts a draft, moving stretches it, release turns it into a value.
 */
export function defineRegionTool(tool: Required<RegionTool, ToolFields>): RegionTool {
  const valueFromDraft = tool.valueFromDraft ?? (() => null);
  const drag = (draft: unknown, point: Point): RegionDraft => ({
    ...(draft as RegionDraft),
    current: point,
  });
  return {
    valueFromDraft,
    press: (_draft, point): ToolStep => ({ draft: { start: point, current: point } }),
    move: (draft, point): ToolStep => ({ draft: draft ? drag(draft, point) : null }),
    release: (draft, point, context): ToolStep => ({
      draft: null,
      value: draft ? valueFromDraft(drag(draft, point), context.size) : null,
    }),
    key: (_draft, key): ToolStep | null => (key === 'Escape' ? { draft: null } : null),
    ...tool,
    kind: 'region-tool',
  };
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
