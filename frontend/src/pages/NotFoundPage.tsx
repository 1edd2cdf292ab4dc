import { Link } from 'react-router-dom';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page title={t('notFound.title')}>
      <p className="utrecht-paragraph">{t('notFound.body')}</p>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link utrecht-link--html-a" to="/">
          {t('notFound.home')}
        </Link>
      </p>
    </Page>
  );
}
