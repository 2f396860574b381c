import { Component, useMemo } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

import type { AnnotationStore, ConfigNode, TaskView } from '@labelcore/plugin-api';

import type { RendererRegistry } from '../registry/registry';
import { makeConfigView } from './configView';

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

interface TagTreeProps {
  root: ConfigNode;
  task: TaskView;
  store: AnnotationStore;
  registry: RendererRegistry;
  readOnly?: boolean;
}

/** Renders a label config with the installed renderers, one boundary per tag. */
export function TagTree({ root, task, store, registry, readOnly = false }: TagTreeProps) {
  const config = useMemo(() => makeConfigView(root, registry), [root, registry]);

  const renderNode = (node: ConfigNode, key: number | string): ReactNode => {
    const renderer = registry.get(node.tag);
    if (!renderer) {
      return (
        <div className="tag-error" role="alert" key={key}>
          No installed plugin renders the tag &lsquo;{node.tag}&rsquo;. Install the plugin that
          provides it, or remove the tag from the config.
        </div>
      );
    }
    if (renderer.kind === 'child') return null;

    const children =
      renderer.kind === 'visual'
        ? node.children.map((child, index) => renderNode(child, index))
        : undefined;
    const Renderer = renderer.component;
    return (
      <RendererBoundary tag={node.tag} key={key}>
        <Renderer
          node={node}
          task={task}
          store={store}
          config={config}
          regionToolFor={registry.regionToolFor}
          readOnly={readOnly}
        >
          {children}
        </Renderer>
      </RendererBoundary>
    );
  };

  return <div className="tag-tree">{renderNode(root, 'root')}</div>;
}
