// Where each region is on screen, for drawing relation arrows between regions that live in
// different object renderers (a box on a canvas, a span in a text). Each renderer tells
// where its regions are; the arrows ask. One registry per page, shared through the import map.

type AnchorReader = () => DOMRect | null;

const anchors = new Map<string, AnchorReader>();

/** Says where region `id` is (a function, read when arrows are drawn), or forgets it. */
export function setRegionAnchor(id: string, read: AnchorReader | null): void {
  if (read) anchors.set(id, read);
  else anchors.delete(id);
}

/** The screen rectangle of region `id`, or `null` when it is not on screen. */
export function regionAnchor(id: string): DOMRect | null {
  const read = anchors.get(id);
  if (read) return read();
  const element = document.querySelector(`[data-region-id="${CSS.escape(id)}"]`);
  return element ? element.getBoundingClientRect() : null;
}
