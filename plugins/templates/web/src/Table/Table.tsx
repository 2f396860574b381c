import { defineObjectTag, resolveData } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

const show = (value: unknown) =>
  typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '');

/** Task data as a table: an object as key and value rows, a list of objects as rows. */
function TableTag({ node, task }: TagProps) {
  const data = resolveData(task.data, node.attrs.value ?? '');
  const name = node.attrs.name ?? '';
  if (Array.isArray(data)) {
    const columns = [
      ...new Set(data.flatMap((row) => (typeof row === 'object' && row ? Object.keys(row) : []))),
    ];
    return (
      <table className="lc-table" data-name={name}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column}>{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map((row, index) => (
            <tr key={index}>
              {columns.map((column) => (
                <td key={column}>{show((row as Record<string, unknown>)[column])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  const entries = typeof data === 'object' && data !== null ? Object.entries(data) : [];
  return (
    <table className="lc-table" data-name={name}>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th>{key}</th>
            <td>{show(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const tableRenderer = defineObjectTag({
  component: TableTag,
  description: 'Task data shown as a table of keys and values.',
});
