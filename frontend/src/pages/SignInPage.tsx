import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { request } from '../api/client';
import { formErrors } from '../api/errors';
import type { FormErrors } from '../api/errors';
import { SignInMutation } from '../api/operations';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { translate, useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';

// A failed sign-in never says which part was wrong ("credentials"), so that
// message goes above the form rather than next to one input.
const API_FIELDS = { email: 'email', password: 'password' };

export function SignInPage() {
  const { t, setLocale } = useI18n();
  const { me, refresh } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const { formRef, errors, show } = useFormErrors();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const check = (): FormErrors => {
    const fields: Record<string, string> = {};
    if (!email.trim()) fields.email = t('signIn.email.required');
    if (!password) fields.password = t('signIn.password.required');
    return { fields, form: [] };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = check();
    if (Object.keys(local.fields).length > 0) {
      show(local);
      return;
    }
    setBusy(true);
    try {
      const data = await request(SignInMutation, { input: { email: email.trim(), password } });
      // The account's language is the one they chose; the app follows it.
      const locale = data.signIn.user.locale === 'EN' ? 'en' : 'nl';
      setLocale(locale);
      await refresh();
      announce(translate(locale, 'signIn.done', { name: data.signIn.user.displayName }), '/');
      navigate('/');
    } catch (err) {
      show(formErrors(err, t, API_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('signIn.title')}>
      {me && (
        <Alert kind="info">
          <p className="utrecht-paragraph">{t('signIn.already', { name: me.displayName })}</p>
        </Alert>
      )}
      <form ref={formRef} onSubmit={submit} noValidate className="plein-form">
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
          id="email"
          type="email"
          label={t('signIn.email.label')}
          error={errors.fields.email}
          value={email}
          onChange={setEmail}
          autoComplete="username"
          required
        />
        <TextField
          id="password"
          type="password"
          label={t('signIn.password.label')}
          error={errors.fields.password}
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          required
        />
        <Button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </Button>
      </form>
      <ul className="plein-link-list">
        <li>
          <Link className="utrecht-link utrecht-link--html-a" to="/inloggen/link">
            {t('signIn.withLink')}
          </Link>
        </li>
        <li>
          <Link className="utrecht-link utrecht-link--html-a" to="/wachtwoord-vergeten">
            {t('signIn.forgotPassword')}
          </Link>
        </li>
      </ul>
      <p className="utrecht-paragraph">
        {t('signIn.noAccount')}{' '}
        <Link className="utrecht-link utrecht-link--html-a" to="/registreren">
          {t('signIn.registerInstead')}
        </Link>
      </p>
    </Page>
  );
}
