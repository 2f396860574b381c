/**
 * The task data a `$key` reference names: the literal key first (`$a.b` may be a key with a
 * dot), then the path a → b, as the server resolves it. A value without `$` is a literal.
 */
export function resolveData(data: Readonly<Record<string, unknown>>, reference: string): unknown {
  if (!reference.startsWith('$')) return reference;
  const key = reference.slice(1);
  if (Object.hasOwn(data, key)) return data[key];
  let current: unknown = data;
  for (const part of key.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A config attribute that Label Studio treats as a boolean (`true`, `false`, absent). */
export function isTrue(value: string | undefined, fallback = false): boolean {
  if (value === undefined) return fallback;
  return value.trim().toLowerCase() === 'true';
}

/** An inline `style` attribute ("max-width: 40em; color: red") as a React style object. */
export function parseStyle(style: string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const declaration of (style ?? '').split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim();
    const value = declaration.slice(colon + 1).trim();
    if (!property || !value) continue;
    const camel = property.startsWith('--')
      ? property
      : property.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
    result[camel] = value;
  }
  return result;
}
