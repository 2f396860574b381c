// Every call to the server goes through here: the session cookie rides along, non-GET
// requests carry the CSRF token the server set, and an error answer becomes an ApiError whose
// message is the server's own sentence.

export interface ConfigIssue {
  severity: 'error' | 'warning';
  message: string;
  line: number | null;
  column: number | null;
}

export interface ErrorBody {
  status_code?: number;
  detail?: string;
  code?: string;
  validation_errors?: Record<string, string[]>;
  issues?: ConfigIssue[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;

  constructor(status: number, body: ErrorBody, fallback: string) {
    super(describeError(body, fallback));
    this.status = status;
    this.body = body;
  }
}

function describeError(body: ErrorBody, fallback: string): string {
  const parts: string[] = [];
  if (body.detail) parts.push(body.detail);
  for (const [field, messages] of Object.entries(body.validation_errors ?? {})) {
    for (const message of messages) {
      if (!parts.includes(message)) parts.push(field ? `${field}: ${message}` : message);
    }
  }
  return parts.join(' ') || fallback;
}

export function csrfToken(): string {
  const cookie = document.cookie
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('labelcore_csrftoken='));
  return cookie ? decodeURIComponent(cookie.slice('labelcore_csrftoken='.length)) : '';
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 300) };
  }
}

let onUnauthorized: (() => void) | null = null;

/** What to do when the session is gone (show the login page). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRFToken'] = csrfToken();
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }

  const response = await fetch(path, {
    method,
    headers,
    body: payload,
    credentials: 'same-origin',
  });
  const parsed = await readBody(response);

  if (!response.ok) {
    if (response.status === 401 && onUnauthorized) onUnauthorized();
    const fallback = `${method} ${path} answered ${response.status} ${response.statusText}.`;
    throw new ApiError(response.status, (parsed ?? {}) as ErrorBody, fallback);
  }
  return parsed as T;
}

export const apiGet = <T>(path: string) => api<T>('GET', path);
export const apiPost = <T>(path: string, body?: unknown) => api<T>('POST', path, body);
export const apiPatch = <T>(path: string, body?: unknown) => api<T>('PATCH', path, body);
export const apiDelete = <T>(path: string) => api<T>('DELETE', path);

/**
 * A multipart upload with progress, which fetch cannot report: `onProgress` gets the share
 * of bytes sent, from 0 to 1.
 */
export function uploadWithProgress<T>(
  path: string,
  form: FormData,
  onProgress: (share: number) => void,
): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.setRequestHeader('X-CSRFToken', csrfToken());
    request.setRequestHeader('Accept', 'application/json');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onerror = () => reject(new Error(`The upload to ${path} failed: network error.`));
    request.onload = () => {
      let parsed: unknown;
      try {
        parsed = request.responseText ? JSON.parse(request.responseText) : null;
      } catch {
        parsed = { detail: request.responseText.slice(0, 300) };
      }
      if (request.status >= 400) {
        const fallback = `The upload answered ${request.status}.`;
        reject(new ApiError(request.status, (parsed ?? {}) as ErrorBody, fallback));
        return;
      }
      resolve({ status: request.status, body: parsed as T });
    };
    request.send(form);
  });
}
