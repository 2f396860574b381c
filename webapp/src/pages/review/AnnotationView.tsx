import { useMemo } from 'react';

import { createAnnotationStore } from '@labelcore/plugin-api';
import type { ConfigNode, RelationItem, ResultItem, TaskView } from '@labelcore/plugin-api';

import { TagTree, useTaskConfig } from '../../engine/TagTree';
import type { RendererRegistry } from '../../registry/registry';

export interface ReviewedAnnotation {
  id: number;
  result: (ResultItem | RelationItem)[];
  completed_by: number | null;
  was_cancelled: boolean;
  updated_at?: string;
}

interface AnnotationViewProps {
  root: ConfigNode;
  registry: RendererRegistry;
  task: TaskView;
  annotation: ReviewedAnnotation;
}

/** One annotation drawn by the installed renderers, read-only. */
export function AnnotationView({ root, registry, task, annotation }: AnnotationViewProps) {
  const { root: taskRoot, config } = useTaskConfig(root, task, registry);
  const store = useMemo(
    () => createAnnotationStore(annotation.result, { regionTypes: config.regionTypes }),
    [annotation, config],
  );
  return (
    <div className="annotation-view" data-annotation={annotation.id}>
      <TagTree
        root={taskRoot}
        task={task}
        store={store}
        registry={registry}
        config={config}
        readOnly
      />
    </div>
  );
}
