// What the server's administrator decided that renderers must respect. The shell sets it
// from whoami once the user is known; a renderer reads it when it draws.

export interface ServerSettings {
  /** HyperText shown as it is, without sanitising (LABELCORE_HYPERTEXT_UNSAFE). */
  hypertextUnsafe: boolean;
}

let current: ServerSettings = { hypertextUnsafe: false };

export function setServerSettings(settings: ServerSettings): void {
  current = { ...settings };
}

export function serverSettings(): ServerSettings {
  return current;
}
