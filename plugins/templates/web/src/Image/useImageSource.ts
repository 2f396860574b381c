import { useEffect, useState } from 'react';

import { resolveData } from '@labelcore/plugin-api';
import type { ConfigNode, TaskView } from '@labelcore/plugin-api';

/** The image URLs of an Image tag: one from `value`, or a list from `valueList`. */
export function imageUrls(node: ConfigNode, task: TaskView): { urls: string[]; isList: boolean } {
  if (node.attrs.valueList) {
    const listed = resolveData(task.data, node.attrs.valueList);
    const urls = Array.isArray(listed)
      ? listed.map((entry) =>
          typeof entry === 'object' && entry !== null
            ? String(
                (entry as Record<string, unknown>).url ??
                  (entry as Record<string, unknown>).image ??
                  '',
              )
            : String(entry),
        )
      : [];
    return { urls, isList: true };
  }
  const value = resolveData(task.data, node.attrs.value ?? '');
  return { urls: [value === undefined || value === null ? '' : String(value)], isList: false };
}

export interface LoadedImage {
  image: HTMLImageElement | null;
  error: string | null;
}

export function useLoadedImage(src: string): LoadedImage {
  const [loaded, setLoaded] = useState<LoadedImage>({ image: null, error: null });

  useEffect(() => {
    if (!src) {
      setLoaded({ image: null, error: 'The task has no image URL for this tag.' });
      return undefined;
    }
    let live = true;
    setLoaded({ image: null, error: null });
    const image = new window.Image();
    image.onload = () => live && setLoaded({ image, error: null });
    image.onerror = () =>
      live && setLoaded({ image: null, error: `The image ${src.slice(0, 120)} did not load.` });
    image.src = src;
    return () => {
      live = false;
    };
  }, [src]);

  return loaded;
}

export function useWidth(element: HTMLElement | null): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!element) return undefined;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

export function useSpaceHeld(): boolean {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      const typing =
        event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement;
      if (event.code === 'Space' && !typing && !event.ctrlKey) setHeld(true);
    };
    const up = (event: KeyboardEvent) => event.code === 'Space' && setHeld(false);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, []);
  return held;
}
