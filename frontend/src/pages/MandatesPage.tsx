import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiRequestError, request } from '../api/client';
import { errorMessage, formErrors } from '../api/errors';
import { GrantMandateMutation, MyMandatesQuery, RevokeMandateMutation } from '../api/operations';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import type { MandateAction, MandateFieldsFragment, MandateRecordKind, MyMandatesQuery as Result } from '../gql/graphql';
import type { MessageKey } from '../i18n';
import { Name, isolate, useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';

const ACTIONS: MandateAction[] = ['POST_IDEAS', 'SUPPORT', 'COMMENT', 'RSVP', 'VOTE'];

const API_FIELDS = {
  delegateEmail: 'delegate',
  delegateId: 'delegate',
  actions: 'actions',
  validUntil: 'validUntil',
};

type Given = NonNullable<NonNullable<Result['me']>['mandatesGiven']>;

function actionKey(action: MandateAction): MessageKey {
  return `mandates.action.${action}` as MessageKey;
}

function recordKey(kind: MandateRecordKind): MessageKey {
  return `mandates.record.${kind}` as MessageKey;
}

/** `YYYY-MM-DD` a number of days from today, for the date input. */
function dayFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function GrantForm({ onDone }: { onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const { formRef, errors, show, clear } = useFormErrors();
  const [email, setEmail] = useState('');
  const [actions, setActions] = useState<MandateAction[]>([]);
  const [until, setUntil] = useState(dayFromToday(30));
  const [busy, setBusy] = useState(false);

  const toggle = (action: MandateAction, on: boolean) =>
    setActions((current) => (on ? [...current, action] : current.filter((a) => a !== action)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!email.trim()) fields.delegate = t('mandates.delegate.required');
    if (actions.length === 0) fields.actions = t('mandates.actions.required');
    if (!until) fields.validUntil = t('mandates.validUntil.required');
    if (Object.keys(fields).length > 0) {
      show({ fields, form: [] });
      return;
    }
    setBusy(true);
    try {
      // Valid through the whole chosen day, in the viewer's time zone.
      const validUntil = new Date(`${until}T23:59:59`).toISOString();
      await request(GrantMandateMutation, {
        input: { delegateEmail: email.trim(), actions, validUntil },
      });
      clear();
      setEmail('');
      setActions([]);
      await onDone();
      announce(t('mandates.grant.done'), '/machtigingen');
    } catch (err) {
      show(formErrors(err, t, API_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form plein-section" aria-labelledby="grant-heading">
      <h2 id="grant-heading" className="utrecht-heading-2">
        {t('mandates.grant.heading')}
      </h2>
      <p className="utrecht-paragraph">{t('mandates.grant.intro')}</p>
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
        id="delegate"
        type="email"
        autoComplete="off"
        label={t('mandates.delegate.label')}
        description={t('mandates.delegate.description')}
        error={errors.fields.delegate}
        value={email}
        onChange={setEmail}
        required
      />
      <fieldset
        className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${errors.fields.actions ? ' utrecht-form-fieldset--invalid' : ''}`}
        aria-describedby={errors.fields.actions ? 'actions-error' : undefined}
      >
        <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          {t('mandates.actions.legend')}
        </legend>
        {errors.fields.actions && (
          <div id="actions-error" className="utrecht-form-field-error-message">
            {errors.fields.actions}
          </div>
        )}
        <ul className="plein-facet__list">
          {ACTIONS.map((action) => (
            <li key={action}>
              <label className="utrecht-form-label utrecht-form-label--checkbox plein-facet__option">
                <input
                  type="checkbox"
                  className="utrecht-checkbox utrecht-checkbox--html-input"
                  name="actions"
                  value={action}
                  checked={actions.includes(action)}
                  onChange={(event) => toggle(action, event.target.checked)}
                />
                <span>{t(actionKey(action))}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <TextField
        id="validUntil"
        type="date"
        label={t('mandates.validUntil.label')}
        description={t('mandates.validUntil.description')}
        error={errors.fields.validUntil}
        value={until}
        onChange={setUntil}
        min={dayFromToday(0)}
        max={dayFromToday(365)}
        required
      />
      <Button type="submit" disabled={busy}>
        {t('mandates.grant.submit')}
      </Button>
    </form>
  );
}

function State({ mandate }: { mandate: MandateFieldsFragment }) {
  const { t, dateTime } = useI18n();
  if (mandate.revokedAt) {
    return (
      <span className="utrecht-status-badge utrecht-status-badge--neutral">
        {t('mandates.state.revoked', { at: dateTime(mandate.revokedAt) })}
      </span>
    );
  }
  if (!mandate.active) {
    return <span className="utrecht-status-badge utrecht-status-badge--neutral">{t('mandates.state.expired')}</span>;
  }
  return (
    <span className="utrecht-status-badge utrecht-status-badge--success">
      {t('mandates.state.active', { until: dateTime(mandate.validUntil) })}
    </span>
  );
}

function Records({ mandate }: { mandate: Given[number] }) {
  const { t, dateTime } = useI18n();
  if (mandate.records.length === 0) {
    return <p className="utrecht-paragraph plein-kind">{t('mandates.records.none')}</p>;
  }
  return (
    <ul className="plein-link-list">
      {mandate.records.map((record, index) => (
        <li key={index}>
          {t(recordKey(record.kind))}
          {': '}
          {record.ideaId ? (
            <Link className="utrecht-link utrecht-link--html-a" to={`/ideeen/${record.ideaId}`}>
              {record.label || t('mandates.records.unavailable')}
            </Link>
          ) : (
            record.label || t('mandates.records.unavailable')
          )}
          {record.answer ? ` (${record.answer})` : ''}
          <span className="plein-kind"> — {dateTime(record.at)}</span>
        </li>
      ))}
    </ul>
  );
}

export function MandatesPage() {
  const { t, tx } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const [data, setData] = useState<Result['me'] | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await request(MyMandatesQuery, {});
    setData(result.me);
  }, []);

  useEffect(() => {
    if (me) load().catch(() => setData(null));
  }, [load, me?.id]);

  if (me === null) {
    return (
      <Page title={t('mandates.title')}>
        <Alert kind="info">
          <p className="utrecht-paragraph">
            {t('mandates.signInFirst')}{' '}
            <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
              {t('nav.signIn')}
            </Link>
          </p>
        </Alert>
      </Page>
    );
  }

  const revoke = async (id: string, done: string, confirm: string) => {
    if (!window.confirm(confirm)) return;
    setProblem(null);
    try {
      await request(RevokeMandateMutation, { input: { id } });
      await load();
      announce(done, '/machtigingen');
    } catch (err) {
      setProblem(
        err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'),
      );
    }
  };

  const actionList = (mandate: MandateFieldsFragment) => mandate.actions.map((a) => t(actionKey(a))).join(', ');

  return (
    <Page title={t('mandates.title')}>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t('mandates.intro')}</p>
      <GrantForm onDone={load} />
      {problem && <Alert kind="error">{problem}</Alert>}
      {data === undefined ? (
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      ) : (
        <>
          <section aria-labelledby="given-heading" className="plein-section">
            <h2 id="given-heading" className="utrecht-heading-2">
              {t('mandates.given.heading')}
            </h2>
            {(data?.mandatesGiven ?? []).length === 0 ? (
              <p className="utrecht-paragraph">{t('mandates.given.none')}</p>
            ) : (
              <ul className="plein-mandates">
                {(data?.mandatesGiven ?? []).map((mandate) => (
                  <li key={mandate.id} className="plein-section">
                    <h3 className="utrecht-heading-3">
                      {tx('mandates.given.to', { name: <Name>{mandate.delegate?.displayName ?? t('thread.unknown')}</Name> })}
                    </h3>
                    <p className="utrecht-paragraph">
                      <State mandate={mandate} /> {t('mandates.actions', { actions: actionList(mandate) })}
                    </p>
                    {mandate.active && (
                      <Button
                        kind="secondary"
                        onClick={() =>
                          revoke(
                            mandate.id,
                            t('mandates.revoke.done'),
                            t('mandates.revoke.confirm', { name: isolate(mandate.delegate?.displayName ?? '') }),
                          )
                        }
                      >
                        {tx('mandates.revoke', { name: <Name>{mandate.delegate?.displayName ?? ''}</Name> })}
                      </Button>
                    )}
                    <h4 className="utrecht-heading-4">{t('mandates.records.heading')}</h4>
                    <Records mandate={mandate} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="received-heading" className="plein-section">
            <h2 id="received-heading" className="utrecht-heading-2">
              {t('mandates.received.heading')}
            </h2>
            {(data?.mandatesReceived ?? []).length === 0 ? (
              <p className="utrecht-paragraph">{t('mandates.received.none')}</p>
            ) : (
              <ul className="plein-mandates">
                {(data?.mandatesReceived ?? []).map((mandate) => (
                  <li key={mandate.id} className="plein-section">
                    <h3 className="utrecht-heading-3">
                      {tx('mandates.received.from', { name: <Name>{mandate.grantor?.displayName ?? t('thread.unknown')}</Name> })}
                    </h3>
                    <p className="utrecht-paragraph">
                      <State mandate={mandate} /> {t('mandates.actions', { actions: actionList(mandate) })}
                    </p>
                    {mandate.active && (
                      <Button
                        kind="secondary"
                        onClick={() =>
                          revoke(
                            mandate.id,
                            t('mandates.giveBack.done'),
                            t('mandates.giveBack.confirm', { name: isolate(mandate.grantor?.displayName ?? '') }),
                          )
                        }
                      >
                        {tx('mandates.giveBack', { name: <Name>{mandate.grantor?.displayName ?? ''}</Name> })}
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
