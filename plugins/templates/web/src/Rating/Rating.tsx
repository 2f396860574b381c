import { defineControlTag, useControlResults, useHotkey } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

const ICONS: Record<string, string> = { star: '★', heart: '♥', fire: '🔥', thumb: '👍' };

function RatingTag({ node, store, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const toName = (node.attrs.toName ?? '').split(',')[0] ?? '';
  const most = Math.max(1, Math.min(20, Number(node.attrs.maxRating ?? 5) || 5));
  const rating = useControlResults(store, name)[0]?.value.rating as number | undefined;
  const icon = ICONS[node.attrs.icon ?? 'star'] ?? '★';
  const set = (value: number) =>
    store.setSingle(name, toName, 'rating', value === rating ? null : { rating: value });
  // "hotkey" picks the next rating, as Label Studio's does, wrapping round after the top.
  useHotkey(node.attrs.hotkey, () => set(((rating ?? 0) % most) + 1), !readOnly);

  return (
    <div className="lc-rating" role="radiogroup" aria-label={name} data-name={name}>
      {Array.from({ length: most }, (_, index) => {
        const value = index + 1;
        return (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={rating === value}
            aria-label={`${value} of ${most}`}
            className={`lc-rating-star ${rating !== undefined && value <= rating ? 'on' : ''}`}
            disabled={readOnly}
            onClick={() => set(value)}
          >
            {icon}
          </button>
        );
      })}
    </div>
  );
}

export const ratingRenderer = defineControlTag({
  component: RatingTag,
  resultType: 'rating',
  description: 'A rating from 1 to maxRating (5 stars by default).',
});
