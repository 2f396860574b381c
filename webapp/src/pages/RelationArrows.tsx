import { useEffect, useRef } from 'react';

import { regionAnchor, useAnnotationState } from '@labelcore/plugin-api';
import type { AnnotationStore } from '@labelcore/plugin-api';

function centre(rect: DOMRect): { x: number; y: number } {
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}

/**
 * Arrows between related regions, over the whole page. Regions move with zoom, scroll and
 * edits, so the arrows are redrawn on every animation frame while there are any.
 */
export function RelationArrows({ store }: { store: AnnotationStore }) {
  const { relations, hiddenIds } = useAnnotationState(store);
  const svg = useRef<SVGSVGElement>(null);

  useEffect(() => {
    if (relations.length === 0) return undefined;
    let frame = 0;
    const draw = () => {
      const paths = svg.current?.querySelectorAll<SVGPathElement>('path[data-relation]') ?? [];
      paths.forEach((path, index) => {
        const relation = relations[index];
        const from =
          relation && !hiddenIds.includes(relation.from_id) && regionAnchor(relation.from_id);
        const to = relation && !hiddenIds.includes(relation.to_id) && regionAnchor(relation.to_id);
        if (!from || !to) {
          path.setAttribute('d', '');
          return;
        }
        const a = centre(from);
        const b = centre(to);
        const bend = Math.min(80, Math.hypot(b.x - a.x, b.y - a.y) / 4);
        const middle = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - bend };
        path.setAttribute('d', `M ${a.x} ${a.y} Q ${middle.x} ${middle.y} ${b.x} ${b.y}`);
      });
      frame = requestAnimationFrame(draw);
    };
    draw();
    return () => cancelAnimationFrame(frame);
  }, [relations, hiddenIds]);

  if (relations.length === 0) return null;
  return (
    <svg ref={svg} className="relation-arrows" aria-hidden="true">
      <defs>
        <marker
          id="lc-arrow-end"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#4f46e5" />
        </marker>
        <marker
          id="lc-arrow-start"
          viewBox="0 0 10 10"
          refX="1"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M 10 0 L 0 5 L 10 10 z" fill="#4f46e5" />
        </marker>
      </defs>
      {relations.map((relation, index) => (
        <path
          key={`${relation.from_id}-${relation.to_id}-${index}`}
          data-relation={index}
          fill="none"
          stroke="#4f46e5"
          strokeWidth={2}
          markerEnd={relation.direction !== 'left' ? 'url(#lc-arrow-end)' : undefined}
          markerStart={relation.direction !== 'right' ? 'url(#lc-arrow-start)' : undefined}
        />
      ))}
    </svg>
  );
}
