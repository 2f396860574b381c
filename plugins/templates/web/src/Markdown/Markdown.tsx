import { useEffect, useState } from 'react';

import { defineObjectTag, resolveData } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

import { sanitizeHtml } from '../shared/sanitize';

/** Markdown from the task, rendered and cleaned; `marked` loads the first time it is needed. */
function MarkdownTag({ node, task }: TagProps) {
  const source = String(resolveData(task.data, node.attrs.value ?? '') ?? '');
  const [html, setHtml] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      const { marked } = await import('marked');
      const rendered = await marked.parse(source);
      const clean = await sanitizeHtml(rendered);
      if (live) setHtml(clean);
    })();
    return () => {
      live = false;
    };
  }, [source]);

  if (html === null) return <div className="lc-loading">Rendering…</div>;
  return (
    <div
      className="lc-markdown"
      data-name={node.attrs.name}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

export const markdownRenderer = defineObjectTag({
  component: MarkdownTag,
  description: 'Markdown from the task, rendered as safe HTML.',
});
