import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiRequestError, request } from '../api/client';
import { errorMessage, formErrors } from '../api/errors';
import {
  AnswerPlanQuestionMutation,
  FeedIdeasQuery,
  LinkIdeaToPlanMutation,
  PlanDetailQuery,
  RespondToPlanMutation,
  SetPlanStatusMutation,
} from '../api/operations';
import { Alert } from '../components/Alert';
import { FollowButton } from '../components/FollowButton';
import { ReportButton } from '../components/ReportButton';
import { SelectField, TextAreaField } from '../components/Field';
import { NewsFeed } from '../components/NewsFeed';
import { Button, Page } from '../components/Page';
import { Thread } from '../components/Thread';
import { useFormErrors } from '../components/useFormErrors';
import { PLAN_STATUSES, badge, ideaStatusKey, planStatusKey } from '../content/labels';
import type { PlanDetailQuery as PlanDetailResult, PlanStatus } from '../gql/graphql';
import { Name, intlLocale, useI18n } from '../i18n';
import type { Locale } from '../i18n';
import { useSession } from '../session';
import { PlanAnswers } from '../components/PlanAnswers';
import { useStatus } from '../status';
import { Prose } from '../components/Prose';

type Plan = NonNullable<PlanDetailResult['plan']>;

/** "3 dagen", "5 uur", "12 minuten": the time left in the largest unit that fits, rounded. */
export function timeLeft(until: string, now: number, locale: Locale): string {
  const minutes = Math.max(1, Math.ceil((new Date(until).getTime() - now) / 60_000));
  const [value, unit] =
    minutes >= 2 * 24 * 60
      ? [Math.round(minutes / (24 * 60)), 'day']
      : minutes >= 120
        ? [Math.round(minutes / 60), 'hour']
        : [minutes, 'minute'];
  return new Intl.NumberFormat(intlLocale(locale), { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

function Window({ plan }: { plan: Plan }) {
  const { t, dateTime, locale } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  const opens = new Date(plan.feedbackOpensAt).getTime();
  let text: string;
  if (plan.feedbackOpen) {
    text = t('plan.window.open', { left: timeLeft(plan.feedbackClosesAt, now, locale), until: dateTime(plan.feedbackClosesAt) });
  } else if (now < opens) {
    text = t('plan.window.notYet', { from: dateTime(plan.feedbackOpensAt) });
  } else {
    text = t('plan.window.closed', { until: dateTime(plan.feedbackClosesAt) });
  }
  return (
    <Alert kind={plan.feedbackOpen ? 'ok' : 'info'}>
      <p className="utrecht-paragraph" id="plan-window">
        {text}
      </p>
    </Alert>
  );
}

/**
 * One form for all questions of a plan, with one send button: answers typed
 * for several questions go together, none is lost. Empty answers are left
 * out; at least one is needed.
 */
function AnswersForm({ plan, onDone }: { plan: Plan; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const { formRef, errors, show, clear } = useFormErrors();
  const initial = () => Object.fromEntries(plan.questions.map((q) => [q.id, q.viewerAnswer?.body ?? '']));
  const [bodies, setBodies] = useState<Record<string, string>>(initial);
  const [busy, setBusy] = useState(false);
  const answered = plan.questions.some((q) => q.viewerAnswer);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const changed = plan.questions.filter((q) => {
      const body = (bodies[q.id] ?? '').trim();
      return body !== '' && body !== (q.viewerAnswer?.body ?? '');
    });
    if (changed.length === 0) {
      const first = plan.questions[0];
      const anyText = plan.questions.some((q) => (bodies[q.id] ?? '').trim() !== '');
      if (first && !anyText) {
        show({ fields: { [first.id]: t('plan.answers.required') }, form: [] });
        return;
      }
      announce(t('plan.answers.unchanged'), `/plannen/${plan.id}`, true);
      return;
    }
    setBusy(true);
    try {
      for (const q of changed) {
        await request(AnswerPlanQuestionMutation, { input: { questionId: q.id, body: (bodies[q.id] ?? '').trim() } });
      }
      clear();
      await onDone();
      announce(
        changed.length === 1 ? t('plan.answers.saved.one') : t('plan.answers.saved', { count: changed.length }),
        `/plannen/${plan.id}`,
        true,
      );
    } catch (err) {
      show(formErrors(err, t, {}));
    } finally {
      setBusy(false);
    }
  };

  return (
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
      <ol className="plein-cards">
        {plan.questions.map((question) => (
          <li key={question.id} className="plein-card">
            <h3 className="utrecht-heading-3" id={`question-${question.id}`}>
              {t('plan.questions.number', { number: question.position + 1 })} {question.prompt}
            </h3>
            <p className="utrecht-paragraph plein-kind">
              {question.answerCount === 1
                ? t('plan.questions.answers.one')
                : t('plan.questions.answers', { count: question.answerCount })}
            </p>
            <TextAreaField
              id={`answer-${question.id}`}
              label={t('plan.answer.label', { number: question.position + 1 })}
              error={errors.fields[question.id]}
              value={bodies[question.id] ?? ''}
              onChange={(body) => setBodies((old) => ({ ...old, [question.id]: body }))}
              rows={3}
              maxLength={5000}
            />
          </li>
        ))}
      </ol>
      <p className="utrecht-paragraph plein-hint">{t('plan.answers.hint')}</p>
      <Button type="submit" disabled={busy}>
        {answered ? t('plan.answers.update') : t('plan.answers.submit')}
      </Button>
    </form>
  );
}

/** The plan's author picks an idea from the plan's area (most supported first) to take up. */
function LinkIdeaForm({ plan, onDone }: { plan: Plan; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const { formRef, errors, show, clear } = useFormErrors();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!plan.area) return;
    request(FeedIdeasQuery, { areaId: plan.area.id, sort: 'MOST_SUPPORTED' }).then(
      (data) => {
        const linked = new Set(plan.ideas.map((idea) => idea.id));
        setOptions(
          data.ideas.nodes
            .filter((idea) => !linked.has(idea.id) && idea.status !== 'DRAFT' && idea.status !== 'WITHDRAWN')
            .map((idea) => ({ value: idea.id, label: idea.title })),
        );
      },
      () => setOptions([]),
    );
  }, [plan.area, plan.ideas]);

  if (options.length === 0) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!choice) {
      show({ fields: { idea: t('plan.link.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(LinkIdeaToPlanMutation, { input: { planId: plan.id, ideaId: choice } });
      clear();
      setChoice('');
      await onDone();
      announce(t('plan.link.done'), `/plannen/${plan.id}`);
    } catch (err) {
      show(formErrors(err, t, { ideaId: 'idea' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form">
      {errors.form.length > 0 && <Alert kind="error">{errors.form.join(' ')}</Alert>}
      <SelectField
        id="link-idea"
        label={t('plan.link.label')}
        description={t('plan.link.description')}
        error={errors.fields.idea}
        value={choice}
        onChange={setChoice}
        options={[{ value: '', label: t('plan.link.none') }, ...options]}
      />
      <Button type="submit" kind="secondary" disabled={busy}>
        {t('plan.link.submit')}
      </Button>
    </form>
  );
}

function ManageForm({ plan, onDone }: { plan: Plan; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const status = useFormErrors();
  const respond = useFormErrors();
  const [next, setNext] = useState<PlanStatus>(plan.status === 'DRAFT' ? 'CONSULTING' : 'CONSIDERING');
  const [response, setResponse] = useState('');
  const [busy, setBusy] = useState(false);
  const closed = new Date(plan.feedbackClosesAt).getTime() <= Date.now();
  const choices = PLAN_STATUSES.slice(PLAN_STATUSES.indexOf(plan.status) + 1);
  const chosen = choices.includes(next) ? next : (choices[0] ?? next);

  const changeStatus = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await request(SetPlanStatusMutation, { input: { id: plan.id, status: chosen } });
      status.clear();
      await onDone();
      announce(t('plan.manage.statusDone', { status: t(planStatusKey(chosen)) }), `/plannen/${plan.id}`);
    } catch (err) {
      status.show(formErrors(err, t, { status: 'status' }));
    } finally {
      setBusy(false);
    }
  };

  const publish = async (event: FormEvent) => {
    event.preventDefault();
    if (!response.trim()) {
      respond.show({ fields: { response: t('plan.respond.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(RespondToPlanMutation, { input: { planId: plan.id, response: response.trim() } });
      respond.clear();
      setResponse('');
      await onDone();
      announce(t('plan.respond.done'), `/plannen/${plan.id}`);
    } catch (err) {
      respond.show(formErrors(err, t, { response: 'response' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="manage-heading" className="plein-section">
      <h2 id="manage-heading" className="utrecht-heading-2">
        {t('plan.manage.heading')}
      </h2>
      {choices.length > 0 && (
        <form ref={status.formRef} onSubmit={changeStatus} noValidate className="plein-form">
          {status.errors.form.length > 0 && <Alert kind="error">{status.errors.form.join(' ')}</Alert>}
          <SelectField
            id="plan-status"
            label={t('plan.manage.status.label')}
            error={status.errors.fields.status}
            value={chosen}
            onChange={(value) => setNext(value as PlanStatus)}
            options={choices.map((s) => ({ value: s, label: t(planStatusKey(s)) }))}
          />
          <Button type="submit" kind="secondary" disabled={busy}>
            {t('plan.manage.status.submit')}
          </Button>
        </form>
      )}
      <LinkIdeaForm plan={plan} onDone={onDone} />
      {closed ? (
        <form ref={respond.formRef} onSubmit={publish} noValidate className="plein-form">
          {respond.errors.form.length > 0 && <Alert kind="error">{respond.errors.form.join(' ')}</Alert>}
          <TextAreaField
            id="response"
            label={t('plan.respond.label')}
            description={t('plan.respond.description')}
            formatting
            error={respond.errors.fields.response}
            value={response}
            onChange={setResponse}
            rows={8}
          />
          <Button type="submit" disabled={busy}>
            {t('plan.respond.submit')}
          </Button>
        </form>
      ) : (
        <p className="utrecht-paragraph">{t('plan.respond.later')}</p>
      )}
    </section>
  );
}

export function PlanPage() {
  const { t, dateTime } = useI18n();
  const { me } = useSession();
  const { id = '' } = useParams<{ id: string }>();
  const [plan, setPlan] = useState<Plan | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const data = await request(PlanDetailQuery, { id });
      setPlan(data.plan);
    } catch (err) {
      setProblem(err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'));
      setPlan(null);
    }
  }, [id, t]);

  useEffect(() => {
    void load();
  }, [load]);

  if (plan === undefined) {
    return (
      <Page title={t('plan.title')}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (plan === null) {
    return (
      <Page title={t('plan.notFound.title')}>
        <Alert kind="warning">{problem ?? t('plan.notFound')}</Alert>
      </Page>
    );
  }

  const manages = !!me && (plan.author?.id === me.id || me.role === 'ADMIN');

  return (
    <Page title={plan.title}>
      <p className="utrecht-paragraph">
        <span className={`utrecht-status-badge utrecht-status-badge--${badge(plan.status)}`}>
          {t(planStatusKey(plan.status))}
        </span>
      </p>
      {me && plan.status !== 'DRAFT' && <FollowButton kind="PLAN" id={plan.id} following={plan.viewerFollows} />}
      {me && plan.status !== 'DRAFT' && plan.author?.id !== me.id && <ReportButton kind="PLAN" id={plan.id} />}
      {plan.status !== 'DRAFT' && (
        <NewsFeed path={`/feeds/plans/${plan.id}.atom`} title={t('newsFeed.title', { name: plan.title })} />
      )}
      <dl className="plein-facts">
        <dt>{t('plan.author')}</dt>
        <dd>
          <Name>{plan.author?.displayName ?? t('thread.unknown')}</Name>
          {plan.author?.organisation ? <> — <Name>{plan.author.organisation}</Name></> : ''}
        </dd>
        {plan.area && (
          <>
            <dt>{t('idea.area')}</dt>
            <dd>
              <Link className="utrecht-link utrecht-link--html-a" to={`/gebied/${plan.area.slug}`}>
                {plan.area.name}
              </Link>
            </dd>
          </>
        )}
      </dl>
      <Window plan={plan} />
      <Prose html={plan.descriptionHtml} className="plein-section" />

      {plan.officialResponseHtml && (
        <section aria-labelledby="response-heading" className="plein-section plein-response">
          <h2 id="response-heading" className="utrecht-heading-2">
            {t('plan.response.heading')}
          </h2>
          {plan.respondedAt && (
            <p className="utrecht-paragraph plein-kind">{t('plan.response.at', { date: dateTime(plan.respondedAt) })}</p>
          )}
          <Prose html={plan.officialResponseHtml} />
        </section>
      )}

      {plan.questions.length > 0 && me && (plan.author?.id === me.id || me.role === 'PROFESSIONAL' || me.role === 'ADMIN') && (
        <PlanAnswers planId={plan.id} planTitle={plan.title} />
      )}
      {plan.questions.length > 0 && (
        <section aria-labelledby="questions-heading" className="plein-section">
          <h2 id="questions-heading" className="utrecht-heading-2">
            {t('plan.questions.heading')}
          </h2>
          {plan.feedbackOpen && me ? (
            <AnswersForm plan={plan} onDone={load} />
          ) : (
            <ol className="plein-cards">
              {plan.questions.map((question) => (
                <li key={question.id} className="plein-card">
                  <h3 className="utrecht-heading-3" id={`question-${question.id}`}>
                    {t('plan.questions.number', { number: question.position + 1 })} {question.prompt}
                  </h3>
                  <p className="utrecht-paragraph plein-kind">{question.answerCount === 1
                      ? t('plan.questions.answers.one')
                      : t('plan.questions.answers', { count: question.answerCount })}</p>
                  {!plan.feedbackOpen && question.viewerAnswer && (
                    <p className="utrecht-paragraph">{t('plan.answer.yours', { answer: question.viewerAnswer.body })}</p>
                  )}
                </li>
              ))}
            </ol>
          )}
          {plan.feedbackOpen && !me && (
            <p className="utrecht-paragraph">
              <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
                {t('plan.signInToAnswer')}
              </Link>
            </p>
          )}
        </section>
      )}

      {plan.ideas.length > 0 && (
        <section aria-labelledby="ideas-heading" className="plein-section">
          <h2 id="ideas-heading" className="utrecht-heading-2">
            {t('plan.ideas.heading')}
          </h2>
          <ul className="plein-link-list">
            {plan.ideas.map((idea) => (
              <li key={idea.id}>
                <Link className="utrecht-link utrecht-link--html-a" to={`/ideeen/${idea.id}`}>
                  {idea.title}
                </Link>{' '}
                <span className="plein-kind">
                  ({t(ideaStatusKey(idea.status))}, {t('idea.support.count', { count: idea.supportCount })})
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {plan.groups.length > 0 && (
        <section aria-labelledby="groups-heading" className="plein-section">
          <h2 id="groups-heading" className="utrecht-heading-2">
            {t('groups.title')}
          </h2>
          <p className="utrecht-paragraph">{t('groups.workingOn')}</p>
          <ul className="plein-link-list">
            {plan.groups.map((group) => (
              <li key={group.id}>
                <Link className="utrecht-link utrecht-link--html-a" to={`/werkgroepen/${group.id}`}>
                  {group.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      {manages && <ManageForm key={`${plan.status}-${plan.feedbackClosesAt}`} plan={plan} onDone={load} />}

      {plan.status !== 'DRAFT' && (
        <Thread subjectKind="PLAN" subjectId={plan.id} canPost={plan.feedbackOpen} closedMessage={t('plan.thread.closed')} />
      )}
    </Page>
  );
}
