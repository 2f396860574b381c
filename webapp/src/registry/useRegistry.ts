import { useEffect, useState } from 'react';

import { loadRegistry } from './loader';
import type { RendererRegistry } from './registry';

/** The renderer registry once loaded, or the error that stopped it loading. */
export function useRegistry(): { registry: RendererRegistry | null; error: unknown } {
  const [registry, setRegistry] = useState<RendererRegistry | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    loadRegistry()
      .then((loaded) => live && setRegistry(loaded))
      .catch((caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, []);

  return { registry, error };
}
