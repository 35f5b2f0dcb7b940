/** Tiny reader for renderToStaticMarkup output, so panel tests need no DOM library. */

export type Tag = Readonly<Record<string, string>>;

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Attributes of every opening `<name …>` tag, in document order. */
export function tags(html: string, name: string): Tag[] {
  const out: Tag[] = [];
  for (const m of html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of (m[1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
    out.push(attrs);
  }
  return out;
}

export const hasClass = (t: Tag, cls: string): boolean =>
  (t.class ?? '').split(/\s+/).includes(cls);

/** Text with tags stripped and entities decoded, for wording checks. */
export const text = (html: string): string => decode(html.replace(/<[^>]*>/g, ''));
