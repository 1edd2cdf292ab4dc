import { useEffect } from 'react';
import { useI18n } from '../i18n';

/**
 * A page's Atom news feed: announced in the document head
 * (`<link rel="alternate" type="application/atom+xml">`, which feed readers
 * and browser add-ons find) and offered as a visible link.
 */
export function NewsFeed({ path, title }: { path: string; title: string }) {
  const { t } = useI18n();
  useEffect(() => {
    const link = document.createElement('link');
    link.rel = 'alternate';
    link.type = 'application/atom+xml';
    link.href = path;
    link.title = title;
    document.head.appendChild(link);
    return () => link.remove();
  }, [path, title]);
  return (
    <p className="utrecht-paragraph plein-newsfeed">
      <a className="utrecht-link utrecht-link--html-a" href={path} type="application/atom+xml">
        {t('newsFeed.link')}
      </a>{' '}
      <span className="plein-hint">{t('newsFeed.hint')}</span>
    </p>
  );
}
