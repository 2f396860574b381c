import { Component, Fragment, memo, useMemo } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

import { regionScope, useAnnotationState } from '@labelcore/plugin-api';
import type { AnnotationStore, ConfigNode, TaskView } from '@labelcore/plugin-api';

import type { RendererRegistry } from '../registry/registry';
import type { EngineConfigView } from './configView';
import { makeConfigView } from './configView';
import { expandRepeaters } from './repeater';
import { isPerRegion, passesVisibleWhen, regionForControl } from './visibility';

interface BoundaryProps {
  tag: string;
  children: ReactNode;
}

class RendererBoundary extends Component<BoundaryProps, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Renderer of ${this.props.tag} failed`, error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="tag-error" role="alert">
          The renderer of &lsquo;{this.props.tag}&rsquo; failed: {this.state.error.message}
        </div>
      );
    }
    return this.props.children;
  }
}

interface GateProps {
  node: ConfigNode;
  store: AnnotationStore;
  config: EngineConfigView;
  render: (store: AnnotationStore) => ReactNode;
}

/**
 * A tag with a `visibleWhen` rule or `perRegion`: shown only while its rule holds. A
 * per-region control gets the store scoped to the selected region, so it reads and writes
 * that region's answer. Only gated tags follow the store; the rest of the tree does not
 * re-render on each change.
 */
function Gate({ node, store, config, render }: GateProps) {
  const state = useAnnotationState(store);
  const region = isPerRegion(node) ? regionForControl(node, state, config) : null;
  const regionId = region?.id ?? null;
  const scoped = useMemo(
    () => (regionId ? regionScope(store, regionId) : store),
    [store, regionId],
  );
  if (!passesVisibleWhen(node, state, config)) return null;
  if (isPerRegion(node) && !regionId) return null;
  return (
    <div
      className={isPerRegion(node) ? 'per-region' : 'conditional'}
      data-region-for={regionId ?? undefined}
    >
      {render(scoped)}
    </div>
  );
}

interface TagTreeProps {
  root: ConfigNode;
  task: TaskView;
  store: AnnotationStore;
  registry: RendererRegistry;
  readOnly?: boolean;
  /** The config view, when the caller made it already (to check answers at submit). */
  config?: EngineConfigView;
  /** Names of controls not to show now (`smartOnly` tools while auto-annotation is off). */
  hiddenControls?: ReadonlySet<string>;
}

/** The config with Repeaters unrolled for this task, and its view. */
export function useTaskConfig(root: ConfigNode, task: TaskView, registry: RendererRegistry) {
  return useMemo(() => {
    const expanded = expandRepeaters(root, task.data);
    return { root: expanded, config: makeConfigView(expanded, registry) };
  }, [root, task, registry]);
}

/**
 * Renders a label config with the installed renderers, one boundary per tag. Memoised: the
 * tags that follow the store re-render themselves, the tree does not.
 */
export const TagTree = memo(function TagTree({
  root,
  task,
  store,
  registry,
  readOnly = false,
  config,
  hiddenControls,
}: TagTreeProps) {
  const own = useTaskConfig(root, task, registry);
  const view = config ?? own.config;

  const renderNode = (node: ConfigNode, key: number | string): ReactNode => {
    const renderer = registry.get(node.tag);
    if (!renderer) {
      return (
        <div className="tag-error tag-missing" role="alert" key={key} data-tag={node.tag}>
          No installed plugin renders the tag &lsquo;{node.tag}&rsquo;
          {node.attrs.name ? <> (&lsquo;{node.attrs.name}&rsquo;)</> : null}. Install the plugin
          that provides it, or remove the tag from the config.
        </div>
      );
    }
    if (renderer.kind === 'child') return null;
    if (node.attrs.name && hiddenControls?.has(node.attrs.name)) return null;

    const Renderer = renderer.component;
    const draw = (scopedStore: AnnotationStore) => (
      <RendererBoundary tag={node.tag}>
        <Renderer
          node={node}
          task={task}
          store={scopedStore}
          config={view}
          regionToolFor={registry.regionToolFor}
          readOnly={readOnly}
        >
          {renderer.kind === 'visual'
            ? node.children.map((child, index) => renderNode(child, index))
            : undefined}
        </Renderer>
      </RendererBoundary>
    );
    if (node.attrs.visibleWhen || isPerRegion(node)) {
      return <Gate key={key} node={node} store={store} config={view} render={draw} />;
    }
    return <Fragment key={key}>{draw(store)}</Fragment>;
  };

  return <div className="tag-tree">{renderNode(view.root, 'root')}</div>;
});
