/**
 * The task data a `$key` reference names: the literal key first (`$a.b` may be a key with a
 * dot), then the path a → b, where a digit indexes a list and `$a[0].b` is `$a.0.b`, as the
 * server resolves it. A value without `$` is a literal.
 */
export function resolveData(data: Readonly<Record<string, unknown>>, reference: string): unknown {
  const trimmed = reference.trim();
  if (!trimmed.startsWith('$')) return reference;
  const key = trimmed.slice(1);
  if (Object.hasOwn(data, key)) return data[key];
  let current: unknown = data;
  for (const part of key.split(/[.[\]]+/).filter(Boolean)) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(part) || Number(part) >= current.length) return undefined;
      current = current[Number(part)];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, part)) {
      current = (current as Record<string, unknown>)[part];
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * A text attribute with `$key` references inside it filled from the task (Header values such
 * as "Rate $name's answer"); the whole value `$key` gives the value as it is.
 */
export function interpolateData(data: Readonly<Record<string, unknown>>, text: string): string {
  if (/^\$[^\s$]+$/.test(text.trim())) {
    const value = resolveData(data, text);
    return value === undefined || value === null ? '' : String(value);
  }
  return text.replace(/\$([A-Za-z_][\w.]*)/g, (whole, key: string) => {
    const value = resolveData(data, `$${key}`);
    return value === undefined || value === null || typeof value === 'object'
      ? whole
      : String(value);
  });
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
