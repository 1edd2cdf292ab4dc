import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiRequestError, request } from '../api/client';
import { errorMessage, formErrors } from '../api/errors';
import {
  IdeaDetailQuery,
  PublishIdeaMutation,
  SetIdeaStatusMutation,
  SupportIdeaMutation,
  UnsupportIdeaMutation,
  WithdrawIdeaMutation,
} from '../api/operations';
import { Alert } from '../components/Alert';
import { SelectField, TextAreaField } from '../components/Field';
import { FollowButton } from '../components/FollowButton';
import { Provenance } from '../components/Provenance';
import { useGrantors } from '../components/OnBehalfOf';
import { ReportButton } from '../components/ReportButton';
import { Chosen } from '../components/Chosen';
import { NewsFeed } from '../components/NewsFeed';
import { Button, Page } from '../components/Page';
import { Thread } from '../components/Thread';
import { useFormErrors } from '../components/useFormErrors';
import { IDEA_REVIEW_STATUSES, badge, ideaStatusKey, planStatusKey } from '../content/labels';
import type { IdeaDetailQuery as IdeaDetailResult, IdeaStatus } from '../gql/graphql';
import { Name, useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';
import { Prose } from '../components/Prose';

type Idea = NonNullable<IdeaDetailResult['idea']>;

function StatusForm({ idea, onDone }: { idea: Idea; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const { formRef, errors, show, clear } = useFormErrors();
  const choices = IDEA_REVIEW_STATUSES.filter((s) => s !== idea.status);
  const [status, setStatus] = useState<IdeaStatus>(choices[0] ?? 'UNDER_REVIEW');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (status === 'DECLINED' && !reason.trim()) {
      show({ fields: { reason: t('idea.statusForm.reason.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(SetIdeaStatusMutation, { input: { id: idea.id, status, reason: reason.trim() || null } });
      clear();
      setReason('');
      await onDone();
      announce(t('idea.statusForm.done', { status: t(ideaStatusKey(status)) }), `/ideeen/${idea.id}`);
    } catch (err) {
      show(formErrors(err, t, { status: 'status', reason: 'reason' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form plein-section" aria-labelledby="status-form-heading">
      <h2 id="status-form-heading" className="utrecht-heading-2">
        {t('idea.statusForm.heading')}
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
      <SelectField
        id="status"
        label={t('idea.statusForm.status.label')}
        error={errors.fields.status}
        value={status}
        onChange={(value) => setStatus(value as IdeaStatus)}
        options={choices.map((s) => ({ value: s, label: t(ideaStatusKey(s)) }))}
      />
      <TextAreaField
        id="reason"
        label={t('idea.statusForm.reason.label')}
        description={t('idea.statusForm.reason.description')}
        error={errors.fields.reason}
        value={reason}
        onChange={setReason}
        rows={3}
        maxLength={1000}
      />
      <Button type="submit" disabled={busy}>
        {t('idea.statusForm.submit')}
      </Button>
    </form>
  );
}

function History({ idea }: { idea: Idea }) {
  const { t, tx, dateTime } = useI18n();
  return (
    <section aria-labelledby="history-heading" className="plein-section">
      <h2 id="history-heading" className="utrecht-heading-2">
        {t('idea.history.heading')}
      </h2>
      <ol className="plein-history">
        {idea.statusHistory.map((change, index) => (
          <li key={index}>
            <p className="utrecht-paragraph">
              <strong>{t(ideaStatusKey(change.to))}</strong> — {dateTime(change.createdAt)}
              {change.actor
                ? (
                    <>
                      {' — '}
                      {tx('idea.history.by', { name: <Name>{change.actor.displayName}</Name> })}
                      {change.actor.organisation ? <> (<Name>{change.actor.organisation}</Name>)</> : ''}
                    </>
                  )
                : change.from
                  ? ` — ${t('idea.history.byPlein')}`
                  : ''}
            </p>
            {change.reason && (
              <p className="utrecht-paragraph plein-reason">{t('idea.history.reason', { reason: change.reason })}</p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function IdeaPage() {
  const { t, dateTime } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const { id = '' } = useParams<{ id: string }>();
  const [idea, setIdea] = useState<Idea | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const supportGrantors = useGrantors('SUPPORT');
  const [supportFor, setSupportFor] = useState('');

  const load = useCallback(async () => {
    const data = await request(IdeaDetailQuery, { id });
    setIdea(data.idea);
  }, [id]);

  useEffect(() => {
    load().catch(() => setIdea(null));
  }, [load]);

  const act = async (run: () => Promise<unknown>, done?: string, focusDone = false) => {
    setProblem(null);
    setBusy(true);
    try {
      await run();
      await load();
      if (done) announce(done, `/ideeen/${id}`, focusDone);
    } catch (err) {
      setProblem(
        err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'),
      );
    } finally {
      setBusy(false);
    }
  };

  if (idea === undefined) {
    return (
      <Page title={t('idea.title')}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (idea === null) {
    return (
      <Page title={t('idea.notFound.title')}>
        <Alert kind="warning">{t('idea.notFound')}</Alert>
      </Page>
    );
  }

  const mine = !!me && idea.author?.id === me.id;
  const official = me?.role === 'PROFESSIONAL' || me?.role === 'ADMIN';
  const editable = mine && !['ACCEPTED', 'DECLINED', 'WITHDRAWN', 'IN_PROGRESS', 'REALISED'].includes(idea.status);
  const withdrawable = mine && ['DRAFT', 'PUBLISHED', 'UNDER_REVIEW'].includes(idea.status);
  const visible = idea.status !== 'DRAFT' && idea.status !== 'WITHDRAWN';

  return (
    <Page title={idea.title}>
      <p className="utrecht-paragraph">
        <span className={`utrecht-status-badge utrecht-status-badge--${badge(idea.status)}`}>
          {t(ideaStatusKey(idea.status))}
        </span>
      </p>
      {visible && me && <FollowButton kind="IDEA" id={idea.id} following={idea.viewerFollows} />}
      {visible && me && !mine && <ReportButton kind="IDEA" id={idea.id} />}
      {visible && <NewsFeed path={`/feeds/ideas/${idea.id}.atom`} title={t('newsFeed.title', { name: idea.title })} />}
      <dl className="plein-facts">
        <dt>{t('idea.author')}</dt>
        <dd>
          <Provenance author={idea.author} actedBy={idea.actedBy} intake={idea.intake} />
          {visible && me && !mine && idea.author && <ReportButton kind="USER" id={idea.author.id} />}
        </dd>
        {idea.area && (
          <>
            <dt>{t('idea.area')}</dt>
            <dd>
              <Link className="utrecht-link utrecht-link--html-a" to={`/gebied/${idea.area.slug}`}>
                {idea.area.name}
              </Link>
            </dd>
          </>
        )}
        <dt>{idea.publishedAt ? t('idea.published') : t('idea.created')}</dt>
        <dd>{dateTime(idea.publishedAt ?? idea.createdAt)}</dd>
        {idea.tags.length > 0 && (
          <>
            <dt>{t('idea.tags')}</dt>
            <dd>
              <ul className="plein-tags">
                {idea.tags.map((tag) => (
                  <li key={tag} className="plein-tag">
                    {tag}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {idea.status === 'DRAFT' && mine && <Alert kind="info">{t('idea.draftNotice')}</Alert>}
      <Prose html={idea.bodyHtml} className="plein-section" />

      <section aria-labelledby="support-heading" className="plein-section">
        <h2 id="support-heading" className="utrecht-heading-2">
          {t('idea.support.heading')}
        </h2>
        <p className="utrecht-paragraph" id="support-count">
          {t('idea.support.count', { count: idea.supportCount })}
        </p>
        {visible && me && !mine && (
          <Chosen
            chosen={idea.viewerHasSupported}
            chosenText={t('idea.support.chosen')}
            chooseLabel={t('idea.support.button')}
            undoLabel={t('idea.support.undo')}
            describedBy="support-count"
            busy={busy}
            onChoose={() => void act(() => request(SupportIdeaMutation, { input: { ideaId: idea.id } }), t('idea.support.done'))}
            onUndo={() =>
              void act(() => request(UnsupportIdeaMutation, { input: { ideaId: idea.id } }), t('idea.support.withdrawn'))
            }
          />
        )}
        {visible && me && supportGrantors.length > 0 && (
          <div className="plein-support-for">
            <SelectField
              id="support-for"
              label={t('idea.support.for.label')}
              description={t('idea.support.for.description')}
              value={supportFor}
              onChange={setSupportFor}
              options={[
                { value: '', label: t('idea.support.for.choose') },
                ...supportGrantors.map((g) => ({ value: g.id, label: g.displayName })),
              ]}
            />
            <Button
              kind="secondary"
              disabled={busy || !supportFor}
              onClick={() => {
                const grantor = supportGrantors.find((g) => g.id === supportFor);
                if (!grantor) return;
                void act(
                  () => request(SupportIdeaMutation, { input: { ideaId: idea.id, onBehalfOf: grantor.id } }),
                  t('idea.support.for.done', { name: grantor.displayName }),
                );
              }}
            >
              {t('idea.support.for.button')}
            </Button>
          </div>
        )}
        {visible && !me && (
          <p className="utrecht-paragraph">
            <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
              {t('idea.support.signIn')}
            </Link>
          </p>
        )}
      </section>

      {(editable || withdrawable) && (
        <section aria-labelledby="author-heading" className="plein-section">
          <h2 id="author-heading" className="utrecht-heading-2">
            {t('idea.authorTools.heading')}
          </h2>
          <div className="plein-actions">
            {editable && (
              <Link className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" to={`/ideeen/${idea.id}/bewerken`}>
                {t('idea.edit')}
              </Link>
            )}
            {idea.status === 'DRAFT' && (
              <Button
                disabled={busy}
                onClick={() =>
                  act(() => request(PublishIdeaMutation, { input: { id: idea.id } }), t('idea.publish.done'), true)
                }
              >
                {t('idea.publish')}
              </Button>
            )}
            {withdrawable && (
              <Button
                kind="secondary"
                disabled={busy}
                onClick={() => {
                  if (window.confirm(t('idea.withdraw.confirm'))) {
                    void act(() => request(WithdrawIdeaMutation, { input: { id: idea.id } }), t('idea.withdraw.done'));
                  }
                }}
              >
                {t('idea.withdraw')}
              </Button>
            )}
          </div>
        </section>
      )}
      {problem && <Alert kind="error">{problem}</Alert>}

      {official && visible && <StatusForm idea={idea} onDone={load} />}

      <History idea={idea} />

      {idea.plans.length > 0 && (
        <section aria-labelledby="plans-heading" className="plein-section">
          <h2 id="plans-heading" className="utrecht-heading-2">
            {t('idea.plans.heading')}
          </h2>
          <ul className="plein-link-list">
            {idea.plans.map((plan) => (
              <li key={plan.id}>
                <Link className="utrecht-link utrecht-link--html-a" to={`/plannen/${plan.id}`}>
                  {plan.title}
                </Link>{' '}
                <span className="plein-kind">({t(planStatusKey(plan.status))})</span>
              </li>
            ))}
          </ul>
        </section>
      )}


      {idea.groups.length > 0 && (
        <section aria-labelledby="groups-heading" className="plein-section">
          <h2 id="groups-heading" className="utrecht-heading-2">
            {t('groups.title')}
          </h2>
          <p className="utrecht-paragraph">{t('groups.workingOn')}</p>
          <ul className="plein-link-list">
            {idea.groups.map((group) => (
              <li key={group.id}>
                <Link className="utrecht-link utrecht-link--html-a" to={`/werkgroepen/${group.id}`}>
                  {group.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      {visible && <Thread subjectKind="IDEA" subjectId={idea.id} canPost />}
    </Page>
  );
}
