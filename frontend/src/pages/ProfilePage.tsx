import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { loadAllAreas } from '../api/areas';
import type { AreaItem } from '../api/areas';
import { request } from '../api/client';
import { errorMessage, formErrors } from '../api/errors';
import { ApiRequestError } from '../api/client';
import {
  MyGroupRolesQuery,
  MySessionsQuery,
  NotificationPreferencesQuery,
  SetNotificationPreferenceMutation,
  RevokeOtherSessionsMutation,
  RequestEmailChangeMutation,
  RevokeSessionMutation,
  UpdateProfileMutation,
} from '../api/operations';
import { areaOptions } from '../areaLabels';
import { Alert } from '../components/Alert';
import { MyData } from '../components/MyData';
import { SelectField, TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import type {
  MySessionsQuery as MySessionsResult,
  NotificationCadence,
  NotificationKind,
  Role,
} from '../gql/graphql';
import { isLocale, translate, useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { useSession } from '../session';
import { describeUserAgent } from '../userAgent';
import type { Me } from '../session';
import { useStatus } from '../status';

const ROLE_KEYS: Record<Role, MessageKey> = {
  RESIDENT: 'role.RESIDENT',
  PROFESSIONAL: 'role.PROFESSIONAL',
  MODERATOR: 'role.MODERATOR',
  ADMIN: 'role.ADMIN',
};

const API_FIELDS = { displayName: 'displayName', locale: 'locale', homeAreaId: 'homeArea' };

function ProfileForm({ me }: { me: Me }) {
  const { t, setLocale } = useI18n();
  const { refresh } = useSession();
  const { announce } = useStatus();
  const { formRef, errors, show, clear } = useFormErrors();
  const [displayName, setDisplayName] = useState(me.displayName);
  const [locale, setLocaleChoice] = useState(me.locale === 'EN' ? 'en' : 'nl');
  const [homeArea, setHomeArea] = useState(me.homeArea?.id ?? '');
  const [areas, setAreas] = useState<AreaItem[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadAllAreas().then(setAreas, () => setAreas([]));
  }, []);

  // Follow changes made elsewhere, such as the language switch in the header.
  useEffect(() => setLocaleChoice(me.locale === 'EN' ? 'en' : 'nl'), [me.locale]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!displayName.trim()) {
      show({ fields: { displayName: t('register.displayName.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(UpdateProfileMutation, {
        input: {
          displayName: displayName.trim(),
          locale: locale === 'en' ? 'EN' : 'NL',
          homeAreaId: homeArea || null,
        },
      });
      clear();
      const chosen = isLocale(locale) ? locale : 'nl';
      setLocale(chosen);
      await refresh();
      announce(translate(chosen, 'profile.saved'), '/profiel');
    } catch (err) {
      show(formErrors(err, t, API_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form" aria-labelledby="profile-form-heading">
      <h2 id="profile-form-heading" className="utrecht-heading-2">
        {t('profile.form.heading')}
      </h2>
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
      <SelectField
        id="locale"
        label={t('profile.locale.label')}
        description={t('profile.locale.description')}
        error={errors.fields.locale}
        value={locale}
        onChange={setLocaleChoice}
        options={[
          { value: 'nl', label: 'Nederlands' },
          { value: 'en', label: 'English' },
        ]}
      />
      <SelectField
        id="homeArea"
        label={t('profile.homeArea.label')}
        description={t('profile.homeArea.description')}
        error={errors.fields.homeArea}
        value={homeArea}
        onChange={setHomeArea}
        options={[
          { value: '', label: t('profile.homeArea.none') },
          ...areaOptions(areas, (area) => area.id),
        ]}
      />
      <Button type="submit" disabled={busy}>
        {t('profile.save')}
      </Button>
    </form>
  );
}

function EmailChangeForm() {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    const fields: Record<string, string> = {};
    if (!newEmail.trim()) fields.newEmail = t('signIn.email.required');
    if (!password) fields.password = t('signIn.password.required');
    if (Object.keys(fields).length > 0) {
      show({ fields, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(RequestEmailChangeMutation, { input: { newEmail: newEmail.trim(), password } });
      clear();
      setSent(newEmail.trim());
      setNewEmail('');
      setPassword('');
    } catch (err) {
      show(formErrors(err, t, { newEmail: 'newEmail', email: 'newEmail', password: 'password' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form plein-section" aria-labelledby="email-form-heading">
      <h2 id="email-form-heading" className="utrecht-heading-2">
        {t('profile.emailChange.heading')}
      </h2>
      <p className="utrecht-paragraph">{t('profile.emailChange.intro')}</p>
      <div role="status" aria-live="polite">
        {sent && (
          <div className="utrecht-alert utrecht-alert--ok">
            <p className="utrecht-paragraph">{t('profile.emailChange.sent', { email: sent })}</p>
          </div>
        )}
      </div>
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
        id="newEmail"
        type="email"
        label={t('profile.emailChange.newEmail')}
        error={errors.fields.newEmail}
        value={newEmail}
        onChange={setNewEmail}
        autoComplete="email"
        required
      />
      <TextField
        id="currentPassword"
        type="password"
        label={t('profile.emailChange.password')}
        error={errors.fields.password}
        value={password}
        onChange={setPassword}
        autoComplete="current-password"
        required
      />
      <Button type="submit" kind="secondary" disabled={busy}>
        {t('profile.emailChange.submit')}
      </Button>
    </form>
  );
}

type SessionItem = MySessionsResult['mySessions'][number];

/** "Chrome op Linux" from a user-agent string, "onbekende browser" when it says nothing known. */
function useDeviceName() {
  const { t } = useI18n();
  return (userAgent: string | null | undefined) => {
    const { browser, system } = describeUserAgent(userAgent);
    if (browser && system) return t('sessions.browserOn', { browser, system });
    return browser ?? system ?? t('sessions.unknownBrowser');
  };
}

function Sessions() {
  const deviceName = useDeviceName();
  const { t, dateTime } = useI18n();
  const [sessions, setSessions] = useState<SessionItem[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      const data = await request(MySessionsQuery);
      setSessions(data.mySessions);
    } catch (err) {
      setMessage({
        kind: 'error',
        text: err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'),
      });
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (run: () => Promise<string>) => {
    try {
      const text = await run();
      setMessage({ kind: 'ok', text });
      await load();
      document.getElementById('sessions-heading')?.focus();
    } catch (err) {
      setMessage({
        kind: 'error',
        text: err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'),
      });
    }
  };

  const others = sessions?.filter((s) => !s.current).length ?? 0;

  return (
    <section aria-labelledby="sessions-heading" className="plein-section">
      <h2 id="sessions-heading" className="utrecht-heading-2" tabIndex={-1}>
        {t('sessions.heading')}
      </h2>
      <p className="utrecht-paragraph">{t('sessions.intro')}</p>
      <div role="status" aria-live="polite">
        {message && (
          <div className={`utrecht-alert utrecht-alert--${message.kind}`}>
            <p className="utrecht-paragraph">{message.text}</p>
          </div>
        )}
      </div>
      {sessions && (
        <ul className="plein-cards">
          {sessions.map((session) => (
            <li key={session.id} className="plein-card">
              <h3 className="utrecht-heading-3" id={`session-${session.id}`}>
                {deviceName(session.userAgent)}
                {session.current ? ` (${t('sessions.current')})` : ''}
                {`, ${t('sessions.lastActive', { date: dateTime(session.lastSeenAt) })}`}
              </h3>
              <dl className="plein-facts">
                <dt>{t('sessions.device')}</dt>
                <dd>{deviceName(session.userAgent)}</dd>
                <dt>{t('sessions.address')}</dt>
                <dd>{session.clientAddress ?? t('sessions.unknown')}</dd>
                <dt>{t('sessions.created')}</dt>
                <dd>{dateTime(session.createdAt)}</dd>
                <dt>{t('sessions.lastSeen')}</dt>
                <dd>{dateTime(session.lastSeenAt)}</dd>
                <dt>{t('sessions.expires')}</dt>
                <dd>{dateTime(session.expiresAt)}</dd>
              </dl>
              {!session.current && (
                <Button
                  kind="secondary"
                  describedBy={`session-${session.id}`}
                  onClick={() =>
                    act(async () => {
                      await request(RevokeSessionMutation, { input: { sessionId: session.id } });
                      return t('sessions.revoked');
                    })
                  }
                >
                  {t('sessions.revoke')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {others > 0 && (
        <Button
          kind="secondary"
          onClick={() =>
            act(async () => {
              const data = await request(RevokeOtherSessionsMutation);
              return t('sessions.othersRevoked', { count: data.revokeOtherSessions.revokedCount });
            })
          }
        >
          {t('sessions.revokeOthers')}
        </Button>
      )}
    </section>
  );
}

const CADENCES: NotificationCadence[] = ['IMMEDIATELY', 'DAILY', 'WEEKLY', 'NEVER'];

/** How often each kind of notification is mailed; every change is saved at once. */
function NotificationPreferences() {
  const { t } = useI18n();
  const { me } = useSession();
  const professional = me?.role === 'PROFESSIONAL' || me?.role === 'ADMIN';
  // Join requests go to coordinators only: ask whether the viewer coordinates a group.
  const [coordinator, setCoordinator] = useState(false);
  useEffect(() => {
    request(MyGroupRolesQuery).then(
      (data) => setCoordinator(data.groups.nodes.some((g) => g.viewerRole === 'COORDINATOR')),
      () => setCoordinator(false),
    );
  }, []);
  const shown = (kind: NotificationKind) =>
    (kind !== 'THRESHOLD_REACHED' || professional) && (kind !== 'JOIN_REQUEST' || coordinator || professional);
  const [prefs, setPrefs] = useState<{ kind: NotificationKind; cadence: NotificationCadence }[] | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    request(NotificationPreferencesQuery).then(
      (data) => setPrefs(data.notificationPreferences),
      () => setMessage(t('error.INTERNAL')),
    );
  }, [t]);

  const choose = async (kind: NotificationKind, cadence: NotificationCadence) => {
    setPrefs((old) => (old ?? []).map((p) => (p.kind === kind ? { kind, cadence } : p)));
    try {
      await request(SetNotificationPreferenceMutation, { input: { kind, cadence } });
      setMessage(t('preferences.saved'));
    } catch (err) {
      setMessage(err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'));
    }
  };

  return (
    <section aria-labelledby="meldingen" className="plein-section">
      <h2 id="meldingen" className="utrecht-heading-2" tabIndex={-1}>
        {t('preferences.heading')}
      </h2>
      <p className="utrecht-paragraph">{t('preferences.intro')}</p>
      {prefs === null ? (
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      ) : (
        <div className="plein-form">
          {prefs.filter((p) => shown(p.kind)).map((p) => (
            <SelectField
              key={p.kind}
              id={`pref-${p.kind}`}
              label={t(`preferences.kind.${p.kind}` as MessageKey)}
              value={p.cadence}
              onChange={(value) => void choose(p.kind, value as NotificationCadence)}
              options={CADENCES.map((c) => ({ value: c, label: t(`preferences.cadence.${c}` as MessageKey) }))}
            />
          ))}
        </div>
      )}
      <p className="utrecht-paragraph" role="status" aria-live="polite">
        {message}
      </p>
    </section>
  );
}

export function ProfilePage() {
  const { t, date } = useI18n();
  const { me } = useSession();

  if (me === undefined) {
    return (
      <Page title={t('profile.title')}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (me === null) {
    return (
      <Page title={t('profile.title')}>
        <Alert kind="info">
          <p className="utrecht-paragraph">
            {t('profile.signInFirst')}{' '}
            <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
              {t('nav.signIn')}
            </Link>
          </p>
        </Alert>
      </Page>
    );
  }
  return (
    <Page title={t('profile.title')}>
      <dl className="plein-facts plein-section">
        <dt>{t('profile.email')}</dt>
        <dd className="plein-break">
          {me.email}{' '}
          <span className={`utrecht-status-badge utrecht-status-badge--${me.emailVerified ? 'success' : 'warning'}`}>
            {me.emailVerified ? t('profile.emailVerified') : t('profile.emailUnverified')}
          </span>
        </dd>
        <dt>{t('profile.role')}</dt>
        <dd>
          {t(ROLE_KEYS[me.role])}
          {me.organisation ? ` — ${me.organisation}` : ''}
        </dd>
        <dt>{t('profile.memberSince')}</dt>
        <dd>{date(me.createdAt)}</dd>
      </dl>
      <ProfileForm key={me.id} me={me} />
      <EmailChangeForm />
      <NotificationPreferences />
      <Sessions />
      <MyData />
    </Page>
  );
}
