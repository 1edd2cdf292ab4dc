import { useLayoutEffect, useRef } from 'react';

/** The host a link to another site goes to, or `null` for a link within Plein. */
export function outsideHost(href: string): string | null {
  try {
    const url = new URL(href, window.location.href);
    if (url.origin === window.location.origin) return null;
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : null;
  } catch {
    return null;
  }
}

/** The host of an outside link, shown after it: "(example.org)". */
export function LinkHost({ href }: { href: string }) {
  const host = outsideHost(href);
  return host ? <span className="plein-link-host"> ({host})</span> : null;
}

/**
 * Sanitised HTML from the server (a rendered Markdown text). Every link to
 * another site is followed by its host, so the words of a link cannot pose
 * as a trusted name.
 */
export function Prose({ html, className = '' }: { html: string; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    for (const link of root.querySelectorAll<HTMLAnchorElement>('a[href]')) {
      const host = outsideHost(link.getAttribute('href') ?? '');
      if (!host || link.nextElementSibling?.classList.contains('plein-link-host')) continue;
      const note = document.createElement('span');
      note.className = 'plein-link-host';
      note.textContent = ` (${host})`;
      link.after(note);
    }
  }, [html]);
  return <div ref={ref} className={`plein-prose ${className}`.trim()} dangerouslySetInnerHTML={{ __html: html }} />;
}
