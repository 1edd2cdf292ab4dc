import { useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiRequestError, request } from '../api/client';
import { errorMessage, formErrors } from '../api/errors';
import { DeleteMyAccountMutation, ExportMyDataMutation } from '../api/operations';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';
import { Alert } from './Alert';
import { TextField } from './Field';
import { Button } from './Page';
import { useFormErrors } from './useFormErrors';

/** Downloading everything Plein keeps about you, once, through a link that expires. */
function ExportMyData() {
  const { t, dateTime } = useI18n();
  const [link, setLink] = useState<{ path: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    setLink(null);
    try {
      const data = await request(ExportMyDataMutation);
      setLink({ path: data.exportMyData.downloadPath, expiresAt: data.exportMyData.expiresAt });
    } catch (err) {
      setError(err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="plein-section">
      <h3 id="my-data-export-heading" className="utrecht-heading-3">
        {t('myData.export.heading')}
      </h3>
      <p className="utrecht-paragraph">{t('myData.export.intro')}</p>
      <div role="status" aria-live="polite">
        {link && (
          <div className="utrecht-alert utrecht-alert--ok">
            <p className="utrecht-paragraph">{t('myData.export.ready', { date: dateTime(link.expiresAt) })}</p>
            <p className="utrecht-paragraph">
              <a className="utrecht-link utrecht-link--html-a" href={link.path} download>
                {t('myData.export.link')}
              </a>
            </p>
          </div>
        )}
      </div>
      {error && (
        <Alert kind="error">
          <p className="utrecht-paragraph">{error}</p>
        </Alert>
      )}
      <Button kind="secondary" onClick={() => void run()} disabled={busy} describedBy="my-data-export-heading">
        {t('myData.export.submit')}
      </Button>
    </div>
  );
}

/** Deleting the account, after a warning and the current password. */
function DeleteMyAccount() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const { formRef, errors, show, clear } = useFormErrors();
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      show({ fields: { deletePassword: t('signIn.password.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(DeleteMyAccountMutation, { input: { password } });
      clear();
      await refresh();
      announce(t('myData.delete.done'), '/');
      navigate('/');
    } catch (err) {
      const found = formErrors(err, t, { password: 'deletePassword' });
      if (found.fields.deletePassword) found.fields.deletePassword = t('myData.delete.wrongPassword');
      show(found);
      setBusy(false);
    }
  };

  return (
    <div className="plein-section">
      <h3 id="my-data-delete-heading" className="utrecht-heading-3">
        {t('myData.delete.heading')}
      </h3>
      <p className="utrecht-paragraph">{t('myData.delete.intro')}</p>
      {!confirming ? (
        <Button kind="secondary" onClick={() => setConfirming(true)} describedBy="my-data-delete-heading">
          {t('myData.delete.start')}
        </Button>
      ) : (
        <form ref={formRef} onSubmit={submit} noValidate className="plein-form" aria-labelledby="my-data-delete-heading">
          <Alert kind="warning">
            <p className="utrecht-paragraph">{t('myData.delete.warning')}</p>
            <ul className="utrecht-unordered-list">
              <li>{t('myData.delete.gone')}</li>
              <li>{t('myData.delete.kept')}</li>
              <li>{t('myData.delete.final')}</li>
            </ul>
          </Alert>
          {errors.form.length > 0 && (
            <Alert kind="error">
              {errors.form.map((message) => (
                <p key={message} className="utrecht-paragraph">
                  {message}
                </p>
              ))}
            </Alert>
          )}
          <TextField
            id="deletePassword"
            type="password"
            label={t('myData.delete.password')}
            description={t('myData.delete.passwordHint')}
            error={errors.fields.deletePassword}
            value={password}
            onChange={setPassword}
            autoComplete="current-password"
            required
          />
          <div className="plein-actions">
            <Button type="submit" disabled={busy}>
              {t('myData.delete.submit')}
            </Button>
            <Button
              kind="subtle"
              onClick={() => {
                setConfirming(false);
                setPassword('');
                clear();
              }}
            >
              {t('myData.delete.cancel')}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}

/** "Your data" on the profile page. */
export function MyData() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="my-data-heading" className="plein-section">
      <h2 id="my-data-heading" className="utrecht-heading-2">
        {t('myData.heading')}
      </h2>
      <ExportMyData />
      <DeleteMyAccount />
    </section>
  );
}
