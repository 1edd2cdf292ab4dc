import type { ReactNode } from 'react';

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Turns the character references in escaped text back into characters. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/**
 * The pieces of a search highlight: text, and the stretches the API wrapped
 * in `<mark>`. Nothing else is read as markup; any other tag stays text.
 */
export function highlightParts(html: string): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = [];
  let mark = false;
  let at = 0;
  const tags = /<(\/?)mark>/gi;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    if (m.index > at) parts.push({ text: unescapeHtml(html.slice(at, m.index)), mark });
    mark = m[1] !== '/';
    at = m.index + m[0].length;
  }
  if (at < html.length) parts.push({ text: unescapeHtml(html.slice(at)), mark });
  return parts.filter((part) => part.text !== '');
}

/** Search highlight markup as React text with `<mark>` elements, never as raw HTML. */
export function Highlighted({ html }: { html: string }): ReactNode {
  return highlightParts(html).map((part, i) =>
    part.mark ? (
      <mark key={i} className="plein-mark">
        {part.text}
      </mark>
    ) : (
      part.text
    ),
  );
}
