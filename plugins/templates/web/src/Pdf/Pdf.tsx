import { useEffect, useRef, useState } from 'react';

import { defineObjectTag, resolveData } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

/**
 * A PDF's pages, rendered by pdf.js. pdf.js and its worker load with the first PDF on
 * screen; the worker runs on the page's thread, so no separate worker URL is needed.
 */
function PdfTag({ node, task }: TagProps) {
  const src = String(resolveData(task.data, node.attrs.value ?? node.attrs.url ?? '') ?? '');
  const holder = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<string>('Loading the PDF…');

  useEffect(() => {
    const element = holder.current;
    if (!src || !element) {
      setStatus('The task has no PDF for this tag.');
      return undefined;
    }
    let live = true;
    void (async () => {
      const pdfjs = await import('pdfjs-dist');
      const worker = await import('pdfjs-dist/build/pdf.worker.min.mjs');
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
      const document = await pdfjs.getDocument({ url: src }).promise;
      if (!live) return;
      element.replaceChildren();
      const pages = Math.min(document.numPages, Number(node.attrs.maxPages ?? 50) || 50);
      for (let number = 1; number <= pages && live; number += 1) {
        const page = await document.getPage(number);
        const viewport = page.getViewport({
          scale: Math.min(2, (element.clientWidth || 800) / page.getViewport({ scale: 1 }).width),
        });
        const canvas = window.document.createElement('canvas');
        canvas.width = viewport.width;
        canvas.height = viewport.height;
        canvas.className = 'lc-pdf-page';
        canvas.dataset.page = String(number);
        element.appendChild(canvas);
        const context = canvas.getContext('2d');
        if (context) await page.render({ canvas, canvasContext: context, viewport }).promise;
      }
      if (live) setStatus(`${document.numPages} page${document.numPages === 1 ? '' : 's'}`);
    })().catch(
      (caught: unknown) =>
        live && setStatus(`The PDF ${src.slice(0, 80)} did not load: ${String(caught)}`),
    );
    return () => {
      live = false;
    };
  }, [src, node.attrs.maxPages]);

  return (
    <div className="lc-pdf" data-name={node.attrs.name}>
      <div className="lc-image-hint" role="status">
        {status}
      </div>
      <div ref={holder} className="lc-pdf-pages" />
    </div>
  );
}

export const pdfRenderer = defineObjectTag({
  component: PdfTag,
  description: 'A PDF, its pages rendered by pdf.js.',
});
