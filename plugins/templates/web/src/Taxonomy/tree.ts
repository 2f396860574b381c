import type { ConfigNode } from '@labelcore/plugin-api';

export interface TaxonomyNode {
  value: string;
  title: string;
  path: string[];
  children: TaxonomyNode[];
}

/** The tree of a Taxonomy's nested Choice elements; each node knows its path of values. */
export function taxonomyTree(nodes: readonly ConfigNode[], parent: string[] = []): TaxonomyNode[] {
  return nodes
    .filter((node) => node.tag === 'Choice')
    .map((node) => {
      const title = node.attrs.value ?? node.attrs.alias ?? '';
      const value = node.attrs.alias ?? title;
      const path = [...parent, value];
      return { value, title, path, children: taxonomyTree(node.children, path) };
    });
}

/** The nodes whose title matches `search`, with their ancestors kept so the path shows. */
export function filterTree(tree: readonly TaxonomyNode[], search: string): TaxonomyNode[] {
  const wanted = search.trim().toLowerCase();
  if (!wanted) return [...tree];
  return tree.flatMap((node) => {
    const children = filterTree(node.children, search);
    if (node.title.toLowerCase().includes(wanted) || children.length > 0) {
      return [
        { ...node, children: node.title.toLowerCase().includes(wanted) ? node.children : children },
      ];
    }
    return [];
  });
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((part, index) => part === b[index]);

/** The chosen paths after a click on `path`: on and off, one path at most if `single`. */
export function togglePath(
  chosen: readonly string[][],
  path: string[],
  single: boolean,
): string[][] {
  if (chosen.some((each) => same(each, path))) return chosen.filter((each) => !same(each, path));
  return single ? [path] : [...chosen, path];
}
