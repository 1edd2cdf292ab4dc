import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

/** A short help under a text box: what to type for bold, italic, a list or a link. */
export function FormatHelp() {
  const { t } = useI18n();
  const rows: [string, ReactNode][] = [
    [t('format.bold'), <strong>{t('format.boldResult')}</strong>],
    [t('format.italic'), <em>{t('format.italicResult')}</em>],
    [t('format.list'), <span>• {t('format.listResult')}</span>],
    [t('format.link'), <span className="utrecht-link">{t('format.linkResult')}</span>],
  ];
  return (
    <details className="plein-format-help">
      <summary>{t('format.summary')}</summary>
      <p className="utrecht-paragraph">{t('format.intro')}</p>
      <ul className="plein-format-help__list">
        {rows.map(([typed, result]) => (
          <li key={typed}>
            <code>{typed}</code> {t('format.gives')} {result}
          </li>
        ))}
      </ul>
    </details>
  );
}
