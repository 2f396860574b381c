import type { RendererRegistry } from '../registry/registry';

/** What went wrong while merging the plugins' renderers, for the person at the screen. */
export function RegistryErrors({ registry }: { registry: RendererRegistry | null }) {
  if (!registry || registry.errors.length === 0) return null;
  return (
    <div className="registry-errors" role="alert">
      <strong>Some tag renderers could not be used</strong>
      <ul>
        {registry.errors.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  );
}
