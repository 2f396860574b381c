// Task HTML is data from anywhere: scripts, handlers and javascript: links are taken out
// before it reaches the page. DOMPurify loads with the first tag that needs it.

let purifier: Promise<typeof import('dompurify').default> | null = null;

export async function sanitizeHtml(html: string): Promise<string> {
  purifier ??= import('dompurify').then((module) => module.default);
  const purify = await purifier;
  return purify.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button'],
    FORBID_ATTR: ['style'],
  });
}
