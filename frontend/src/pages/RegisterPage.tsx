import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { request } from '../api/client';
import { formErrors } from '../api/errors';
import type { FormErrors } from '../api/errors';
import { RegisterMutation } from '../api/operations';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';

const API_FIELDS = { displayName: 'displayName', email: 'email', password: 'password' };

export function RegisterPage() {
  const { t, locale } = useI18n();
  const { refresh } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const { formRef, errors, show } = useFormErrors();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const check = (): FormErrors => {
    const fields: Record<string, string> = {};
    if (!displayName.trim()) fields.displayName = t('register.displayName.required');
    if (!email.trim()) fields.email = t('register.email.required');
    if (password.length < 10) fields.password = t('register.password.tooShort');
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
      const data = await request(RegisterMutation, {
        input: {
          displayName: displayName.trim(),
          email: email.trim(),
          password,
          locale: locale === 'nl' ? 'NL' : 'EN',
        },
      });
      await refresh();
      announce(t('register.done', { name: data.register.user.displayName }), '/profiel');
      navigate('/profiel');
    } catch (err) {
      show(formErrors(err, t, API_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('register.title')}>
      <p className="utrecht-paragraph">{t('register.intro')}</p>
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
          id="displayName"
          label={t('register.displayName.label')}
          description={t('register.displayName.description')}
          error={errors.fields.displayName}
          value={displayName}
          onChange={setDisplayName}
          autoComplete="nickname"
          maxLength={60}
          required
        />
        <TextField
          id="email"
          type="email"
          label={t('register.email.label')}
          error={errors.fields.email}
          value={email}
          onChange={setEmail}
          autoComplete="email"
          required
        />
        <TextField
          id="password"
          type="password"
          label={t('register.password.label')}
          description={t('register.password.description')}
          error={errors.fields.password}
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          required
        />
        <Button type="submit" disabled={busy}>
          {t('register.submit')}
        </Button>
      </form>
      <p className="utrecht-paragraph">
        {t('register.haveAccount')}{' '}
        <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
          {t('register.signInInstead')}
        </Link>
      </p>
    </Page>
  );
}
