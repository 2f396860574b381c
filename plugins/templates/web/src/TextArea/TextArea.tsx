import { defineControlTag, useControlResults } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

function TextAreaTag({ node, store, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const toName = (node.attrs.toName ?? '').split(',')[0] ?? '';
  const results = useControlResults(store, name);
  const text = (results[0]?.value.text as string[] | undefined)?.join('\n') ?? '';
  const rows = Number(node.attrs.rows ?? 3) || 3;

  return (
    <textarea
      className="lc-textarea"
      name={name}
      aria-label={node.attrs.placeholder || name}
      placeholder={node.attrs.placeholder ?? ''}
      rows={rows}
      readOnly={readOnly || node.attrs.editable === 'false'}
      maxLength={node.attrs.maxLength ? Number(node.attrs.maxLength) : undefined}
      value={text}
      onChange={(event) => {
        const value = event.target.value;
        store.setSingle(name, toName, 'textarea', value ? { text: [value] } : null);
      }}
    />
  );
}

export const textAreaRenderer = defineControlTag({
  component: TextAreaTag,
  resultType: 'textarea',
  description: 'Free text about an object, such as a caption or a transcript.',
});
