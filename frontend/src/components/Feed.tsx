import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiRequestError, request } from '../api/client';
import { errorMessage } from '../api/errors';
import { FeedIdeasQuery, FeedPlansQuery, SupportIdeaMutation, UnsupportIdeaMutation } from '../api/operations';
import { IDEA_STATUSES, PLAN_STATUSES, SORTS, badge, ideaStatusKey, planStatusKey, sortKey } from '../content/labels';
import type { IdeaCardFieldsFragment, IdeaStatus, ListSort, PlanCardFieldsFragment, PlanStatus } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { Alert } from './Alert';
import { Chosen } from './Chosen';
import { SelectField, TextField } from './Field';
import { Button } from './Page';

type Kind = 'ideas' | 'plans';
interface Filters {
  kind: Kind;
  status: string;
  tag: string;
  sort: ListSort;
}

const START: Filters = { kind: 'ideas', status: '', tag: '', sort: 'NEWEST' };

function IdeaCard({ idea }: { idea: IdeaCardFieldsFragment }) {
  const { t, date } = useI18n();
  const { me } = useSession();
  const [support, setSupport] = useState({ on: idea.viewerHasSupported, count: idea.supportCount });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setSupport({ on: idea.viewerHasSupported, count: idea.supportCount }), [idea]);
  const headingId = `card-${idea.id}`;
  const countId = `card-${idea.id}-count`;
  const toggle = async (on: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      const input = { input: { ideaId: idea.id } };
      const changed = on
        ? (await request(SupportIdeaMutation, input)).supportIdea.idea
        : (await request(UnsupportIdeaMutation, input)).unsupportIdea.idea;
      setSupport({ on: changed.viewerHasSupported, count: changed.supportCount });
    } catch (err) {
      setProblem(err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="plein-card">
      <h3 className="utrecht-heading-3" id={headingId}>
        <Link className="utrecht-link utrecht-link--html-a" to={`/ideeen/${idea.id}`}>
          {idea.title}
        </Link>
      </h3>
      <p className="utrecht-paragraph">
        <span className={`utrecht-status-badge utrecht-status-badge--${badge(idea.status)}`}>
          {t(ideaStatusKey(idea.status))}
        </span>{' '}
        <span className="plein-kind">
          {t('feed.ideaMeta', {
            name: idea.author?.displayName ?? t('thread.unknown'),
            area: idea.area?.name ?? '',
            date: date(idea.publishedAt ?? idea.createdAt),
          })}
        </span>
      </p>
      <p className="utrecht-paragraph" id={countId}>
        {t('idea.support.count', { count: support.count })} · {idea.commentCount === 1 ? t('feed.comments.one') : t('feed.comments', { count: idea.commentCount })}
      </p>
      {idea.tags.length > 0 && (
        <ul className="plein-tags" aria-label={t('idea.tags')}>
          {idea.tags.map((tag) => (
            <li key={tag} className="plein-tag">
              {tag}
            </li>
          ))}
        </ul>
      )}
      {me && idea.author?.id !== me.id && (
        <Chosen
          chosen={support.on}
          chosenText={t('feed.support.chosen')}
          chooseLabel={t('feed.support')}
          undoLabel={t('idea.support.undo')}
          chooseKind="secondary"
          busy={busy}
          describedBy={`${headingId} ${countId}`}
          onChoose={() => void toggle(true)}
          onUndo={() => void toggle(false)}
        />
      )}
      {problem && <Alert kind="error">{problem}</Alert>}
    </li>
  );
}

function PlanCard({ plan }: { plan: PlanCardFieldsFragment }) {
  const { t, date } = useI18n();
  return (
    <li className="plein-card">
      <h3 className="utrecht-heading-3">
        <Link className="utrecht-link utrecht-link--html-a" to={`/plannen/${plan.id}`}>
          {plan.title}
        </Link>
      </h3>
      <p className="utrecht-paragraph">
        <span className={`utrecht-status-badge utrecht-status-badge--${badge(plan.status)}`}>
          {t(planStatusKey(plan.status))}
        </span>{' '}
        <span className="plein-kind">{plan.area?.name}</span>
      </p>
      <p className="utrecht-paragraph">
        {plan.feedbackOpen
          ? t('feed.planOpen', { date: date(plan.feedbackClosesAt) })
          : t('feed.planClosed')}{' '}
        · {plan.commentCount === 1 ? t('feed.comments.one') : t('feed.comments', { count: plan.commentCount })}
      </p>
    </li>
  );
}

/** Ideas or plans of an area and everything beneath it, filtered, sorted, a page at a time. */
export function Feed({ areaId, areaName }: { areaId: string; areaName: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [draft, setDraft] = useState<Filters>(START);
  const [filters, setFilters] = useState<Filters>(START);
  const [ideas, setIdeas] = useState<IdeaCardFieldsFragment[]>([]);
  const [plans, setPlans] = useState<PlanCardFieldsFragment[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fetchPage = useCallback(
    async (after: string | null) => {
      setBusy(true);
      setProblem(null);
      try {
        if (filters.kind === 'ideas') {
          const data = await request(FeedIdeasQuery, {
            areaId,
            status: (filters.status || null) as IdeaStatus | null,
            tag: filters.tag.trim().toLowerCase() || null,
            sort: filters.sort,
            after,
          });
          setIdeas((old) => (after ? [...old, ...data.ideas.nodes] : data.ideas.nodes));
          setTotal(data.ideas.totalCount);
          setNext(data.ideas.pageInfo.hasNextPage ? (data.ideas.pageInfo.endCursor ?? null) : null);
        } else {
          const data = await request(FeedPlansQuery, {
            areaId,
            status: (filters.status || null) as PlanStatus | null,
            sort: filters.sort,
            after,
          });
          setPlans((old) => (after ? [...old, ...data.plans.nodes] : data.plans.nodes));
          setTotal(data.plans.totalCount);
          setNext(data.plans.pageInfo.hasNextPage ? (data.plans.pageInfo.endCursor ?? null) : null);
        }
      } catch (err) {
        setProblem(err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'));
      } finally {
        setBusy(false);
      }
    },
    [areaId, filters, t],
  );

  useEffect(() => {
    setIdeas([]);
    setPlans([]);
    void fetchPage(null);
  }, [fetchPage]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };

  const statuses = draft.kind === 'ideas' ? IDEA_STATUSES.filter((s) => s !== 'DRAFT' && s !== 'WITHDRAWN') : PLAN_STATUSES.filter((s) => s !== 'DRAFT');
  const shown = filters.kind === 'ideas' ? ideas.length : plans.length;
  const professional = me?.role === 'PROFESSIONAL' || me?.role === 'ADMIN';

  return (
    <section aria-labelledby="feed-heading" className="plein-section">
      <h2 id="feed-heading" className="utrecht-heading-2">
        {t('home.feed.heading')}
      </h2>
      {me && (
        <div className="plein-actions">
          <Link className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" to="/ideeen/nieuw">
            {t('feed.newIdea')}
          </Link>
          {professional && (
            <Link className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" to="/plannen/nieuw">
              {t('feed.newPlan')}
            </Link>
          )}
        </div>
      )}
      <form onSubmit={apply} className="plein-form plein-filters" aria-label={t('feed.filters')}>
        <SelectField
          id="feed-kind"
          label={t('feed.kind.label')}
          value={draft.kind}
          onChange={(kind) => setDraft({ ...draft, kind: kind as Kind, status: '' })}
          options={[
            { value: 'ideas', label: t('feed.kind.ideas') },
            { value: 'plans', label: t('feed.kind.plans') },
          ]}
        />
        <SelectField
          id="feed-status"
          label={t('feed.status.label')}
          value={draft.status}
          onChange={(status) => setDraft({ ...draft, status })}
          options={[
            { value: '', label: t('feed.status.all') },
            ...statuses.map((s) => ({
              value: s,
              label: draft.kind === 'ideas' ? t(ideaStatusKey(s as IdeaStatus)) : t(planStatusKey(s as PlanStatus)),
            })),
          ]}
        />
        {draft.kind === 'ideas' && (
          <TextField id="feed-tag" label={t('feed.tag.label')} value={draft.tag} onChange={(tag) => setDraft({ ...draft, tag })} />
        )}
        <SelectField
          id="feed-sort"
          label={t('feed.sort.label')}
          value={draft.sort}
          onChange={(sort) => setDraft({ ...draft, sort: sort as ListSort })}
          options={SORTS.map((s) => ({
            value: s,
            label: s === 'MOST_SUPPORTED' && draft.kind === 'plans' ? t('feed.sort.MOST_IDEAS') : t(sortKey(s)),
          }))}
        />
        <Button type="submit" kind="secondary">
          {t('feed.apply')}
        </Button>
      </form>
      <div role="status" aria-live="polite">
        {total !== null && !busy && (
          <p className="utrecht-paragraph">
            {filters.kind === 'ideas'
              ? total === 1
                ? t('feed.countIdeas.one', { area: areaName })
                : t('feed.countIdeas', { count: total, area: areaName })
              : total === 1
                ? t('feed.countPlans.one', { area: areaName })
                : t('feed.countPlans', { count: total, area: areaName })}
          </p>
        )}
      </div>
      {problem && <Alert kind="error">{problem}</Alert>}
      <ul className="plein-cards">
        {filters.kind === 'ideas'
          ? ideas.map((idea) => <IdeaCard key={idea.id} idea={idea} />)
          : plans.map((plan) => <PlanCard key={plan.id} plan={plan} />)}
      </ul>
      {next && (
        <Button kind="secondary" disabled={busy} onClick={() => void fetchPage(next)}>
          {t('feed.more')}
        </Button>
      )}
      {total === 0 && shown === 0 && <p className="utrecht-paragraph">{t('feed.empty')}</p>}
    </section>
  );
}
