import { lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiRequestError, request } from '../api/client';
import type { ApiError } from '../api/client';
import { errorMessage } from '../api/errors';
import { SearchQuery } from '../api/operations';
import { Alert } from '../components/Alert';
import { SelectField, TextField } from '../components/Field';
import { Highlighted } from '../components/Highlighted';
import { MapToggle } from '../components/map/MapToggle';
import type { MapPoint } from '../components/map/PlaceMap';
import { Button, Page } from '../components/Page';
import { IDEA_STATUSES, PLAN_STATUSES, badge, ideaStatusKey, planStatusKey } from '../content/labels';
import type { IdeaStatus, PlanStatus, SearchKind, SearchQuery as SearchResultData, SearchSort, SearchStatus } from '../gql/graphql';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';

// Leaflet comes with the map, when someone asks for it.
const ResultsMap = lazy(() => import('../components/map/ResultsMap').then((m) => ({ default: m.ResultsMap })));

/** How long typing pauses before the results follow. */
const TYPING_DELAY_MS = 250;

// Null only together with an error (SEARCH_UNAVAILABLE), which `request` throws.
type Result = NonNullable<SearchResultData['search']>;
type Edge = Result['edges'][number];
type Facets = Result['facets'];

/** What is being searched for; all of it lives in the address. */
interface Criteria {
  q: string;
  kinds: SearchKind[];
  statuses: SearchStatus[];
  areaId: string;
  tags: string[];
  sort: SearchSort;
}

// Dutch names in the address, like the rest of the app's URLs.
const KIND_PARAM: Record<SearchKind, string> = { IDEA: 'idee', PLAN: 'plan', GROUP: 'werkgroep' };
const SORT_PARAM: Record<SearchSort, string> = { RELEVANCE: '', NEWEST: 'nieuwste', MOST_SUPPORTED: 'steun' };
const KINDS: SearchKind[] = ['IDEA', 'PLAN', 'GROUP'];
const SORTS: SearchSort[] = ['RELEVANCE', 'NEWEST', 'MOST_SUPPORTED'];
const STATUSES: SearchStatus[] = [
  'PUBLISHED', 'UNDER_REVIEW', 'ACCEPTED', 'IN_PROGRESS', 'REALISED', 'DECLINED',
  'CONSULTING', 'CONSIDERING', 'DECIDED', 'DONE', 'CANCELLED', 'OPEN', 'REQUEST', 'INVITE',
];

function readCriteria(params: URLSearchParams): Criteria {
  const sortParam = params.get('sorteer') ?? '';
  return {
    q: params.get('q') ?? '',
    kinds: KINDS.filter((kind) => params.getAll('soort').includes(KIND_PARAM[kind])),
    // In lower case in the address (`status=under_review`), as before.
    statuses: STATUSES.filter((status) => params.getAll('status').includes(status.toLowerCase())),
    areaId: params.get('gebied') ?? '',
    tags: [...new Set(params.getAll('tag').filter(Boolean))],
    sort: SORTS.find((sort) => SORT_PARAM[sort] === sortParam) ?? 'RELEVANCE',
  };
}

function writeCriteria(criteria: Criteria): URLSearchParams {
  const params = new URLSearchParams();
  if (criteria.q) params.set('q', criteria.q);
  for (const kind of criteria.kinds) params.append('soort', KIND_PARAM[kind]);
  for (const status of criteria.statuses) params.append('status', status.toLowerCase());
  if (criteria.areaId) params.set('gebied', criteria.areaId);
  for (const tag of criteria.tags) params.append('tag', tag);
  if (criteria.sort !== 'RELEVANCE') params.set('sorteer', SORT_PARAM[criteria.sort]);
  return params;
}

const hasFilters = (c: Criteria) => c.kinds.length > 0 || c.statuses.length > 0 || c.areaId !== '' || c.tags.length > 0;

function toggle<T>(list: T[], value: T, on: boolean): T[] {
  return on ? (list.includes(value) ? list : [...list, value]) : list.filter((item) => item !== value);
}

/** A search status (`UNDER_REVIEW`), in words. */
function statusKey(value: string): MessageKey | null {
  const name = value.toUpperCase();
  if ((IDEA_STATUSES as string[]).includes(name)) return ideaStatusKey(name as IdeaStatus);
  if ((PLAN_STATUSES as string[]).includes(name)) return planStatusKey(name as PlanStatus);
  // A working group's "status" is how it takes members.
  if (name === 'OPEN' || name === 'REQUEST' || name === 'INVITE') return `group.joinPolicy.${name}`;
  return null;
}

const kindKey = (kind: SearchKind): MessageKey =>
  kind === 'IDEA' ? 'search.kind.IDEA' : kind === 'PLAN' ? 'search.kind.PLAN' : 'search.kind.GROUP';

const sortKey = (sort: SearchSort): MessageKey =>
  sort === 'NEWEST' ? 'search.sort.NEWEST' : sort === 'MOST_SUPPORTED' ? 'search.sort.MOST_SUPPORTED' : 'search.sort.RELEVANCE';

interface AreaOption {
  id: string;
  name: string;
  depth: number;
  parentId: string | null;
  count: number;
}

/** Areas in tree order: each followed by the ones beneath it, by name. */
function treeOrder(areas: AreaOption[]): AreaOption[] {
  const ids = new Set(areas.map((a) => a.id));
  const byName = (a: AreaOption, b: AreaOption) => a.name.localeCompare(b.name);
  const children = (parentId: string) => areas.filter((a) => a.parentId === parentId).sort(byName);
  const out: AreaOption[] = [];
  const visit = (area: AreaOption) => {
    out.push(area);
    for (const child of children(area.id)) visit(child);
  };
  const roots = areas.filter((a) => !a.parentId || !ids.has(a.parentId));
  for (const root of roots.sort((a, b) => a.depth - b.depth || byName(a, b))) visit(root);
  return out;
}

/** Values and counts for one facet; chosen values stay visible even when nothing matches them. */
function withChosen(values: { value: string; count: number }[], chosen: string[]) {
  const out = [...values];
  for (const value of chosen) {
    if (!out.some((v) => v.value === value)) out.push({ value, count: 0 });
  }
  return out;
}

function Count({ count }: { count: number }) {
  return <span className="plein-kind">({count})</span>;
}

function CheckboxGroup({
  legend,
  name,
  values,
  chosen,
  label,
  onChange,
}: {
  legend: string;
  name: string;
  values: { value: string; count: number }[];
  chosen: string[];
  label: (value: string) => string;
  onChange: (value: string, on: boolean) => void;
}) {
  if (values.length === 0) return null;
  return (
    <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset plein-facet">
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{legend}</legend>
      <ul className="plein-facet__list">
        {values.map(({ value, count }) => (
          <li key={value}>
            <label className="utrecht-form-label utrecht-form-label--checkbox plein-facet__option">
              <input
                type="checkbox"
                className="utrecht-checkbox utrecht-checkbox--html-input"
                name={name}
                value={value}
                checked={chosen.includes(value)}
                onChange={(event) => onChange(value, event.target.checked)}
              />
              <span>
                {label(value)} <Count count={count} />
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function ResultItem({ edge }: { edge: Edge }) {
  const { t } = useI18n();
  const node = edge.node;
  let href: string;
  let kind: MessageKey;
  let statusText: string;
  let badgeClass: string;
  let count: string | null = null;
  switch (node.__typename) {
    case 'Idea':
      href = `/ideeen/${node.id}`;
      kind = 'search.kind.IDEA';
      statusText = t(ideaStatusKey(node.ideaStatus));
      badgeClass = badge(node.ideaStatus);
      count = t('idea.support.count', { count: node.supportCount });
      break;
    case 'Plan':
      href = `/plannen/${node.id}`;
      kind = 'search.kind.PLAN';
      statusText = t(planStatusKey(node.planStatus));
      badgeClass = badge(node.planStatus);
      break;
    default:
      href = `/werkgroepen/${node.id}`;
      kind = 'search.kind.GROUP';
      statusText = t(`group.joinPolicy.${node.joinPolicy}`);
      badgeClass = 'neutral';
      count = t('group.members.count', { count: node.memberCount });
  }
  return (
    <li className="plein-card plein-result">
      <h3 className="utrecht-heading-3">
        <Link className="utrecht-link utrecht-link--html-a" to={href}>
          <Highlighted html={edge.titleHtml} />
        </Link>
      </h3>
      <p className="utrecht-paragraph plein-result__meta">
        <span className="plein-result__kind">{t(kind)}</span>{' '}
        <span className={`utrecht-status-badge utrecht-status-badge--${badgeClass}`}>{statusText}</span>
        {node.area && <span className="plein-kind"> · {t('search.inArea', { area: node.area.name })}</span>}
        {count && <span className="plein-kind"> · {count}</span>}
      </p>
      {edge.snippetHtml && (
        <p className="utrecht-paragraph plein-result__snippet">
          <Highlighted html={edge.snippetHtml} />
        </p>
      )}
    </li>
  );
}

/** `/zoeken`: ideas and plans by text, narrowed by facets, as you type. */
/** A result with a point, as the map shows it; null for groups and results without one. */
function edgePoint(edge: Edge): MapPoint | null {
  const node = edge.node;
  if (node.__typename !== 'Idea' && node.__typename !== 'Plan') return null;
  if (!node.location) return null;
  return {
    id: node.id,
    kind: node.__typename === 'Idea' ? 'IDEA' : 'PLAN',
    title: node.title,
    latitude: node.location.latitude,
    longitude: node.location.longitude,
  };
}

export function SearchPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const criteria = useMemo(() => readCriteria(new URLSearchParams(key)), [key]);
  /**
   * A choice shows at once, while the router moves the address in a
   * transition; once the address has moved, the address decides again.
   */
  const [choice, setChoice] = useState<{ from: string; criteria: Criteria } | null>(null);
  const shown = choice && choice.from === key ? choice.criteria : criteria;
  useEffect(() => setChoice(null), [key]);
  // The typing timer acts on the address as it is when it fires, not as it was.
  const current = useRef({ params, setParams });
  current.current = { params, setParams };

  const [text, setText] = useState(criteria.q);
  const [edges, setEdges] = useState<Edge[]>([]);
  const [facets, setFacets] = useState<Facets | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [rerun, setRerun] = useState(0);
  /** Only the newest request may change what is shown. */
  const latest = useRef(0);
  const typing = useRef<number | undefined>(undefined);
  /** The query text this page itself last put in the address. */
  const ownQuery = useRef(criteria.q);
  /** Names of areas seen in facets, so a chosen area keeps its name when nothing matches. */
  const areaNames = useRef(new Map<string, Omit<AreaOption, 'count'>>());

  // The address changed by the back button or a link: the box follows.
  useEffect(() => {
    if (criteria.q !== ownQuery.current) {
      window.clearTimeout(typing.current);
      setText(criteria.q);
    }
    ownQuery.current = criteria.q;
  }, [criteria.q]);

  useEffect(() => () => window.clearTimeout(typing.current), []);

  const fetchPage = useCallback(async (c: Criteria, after: string | null) => {
    const id = ++latest.current;
    setBusy(true);
    setProblem(null);
    try {
      const data = await request(SearchQuery, {
        query: c.q.trim(),
        filter: {
          kinds: c.kinds,
          statuses: c.statuses,
          areaId: c.areaId || null,
          tags: c.tags,
        },
        sort: c.sort,
        after,
      });
      if (id !== latest.current) return;
      const result = data.search;
      if (!result) throw new ApiRequestError([{ code: 'SEARCH_UNAVAILABLE', message: '' }]);
      for (const { area } of result.facets.areas) {
        areaNames.current.set(area.id, { id: area.id, name: area.name, depth: area.depth, parentId: area.parent?.id ?? null });
      }
      setEdges((old) => (after ? [...old, ...result.edges] : result.edges));
      setFacets(result.facets);
      setTotal(result.estimatedTotal);
      setNext(result.pageInfo.hasNextPage ? (result.pageInfo.endCursor ?? null) : null);
    } catch (err) {
      if (id !== latest.current) return;
      setProblem((err instanceof ApiRequestError && err.errors[0]) || { code: 'INTERNAL', message: '' });
      if (!after) {
        setEdges([]);
        setTotal(null);
        setNext(null);
      }
    } finally {
      if (id === latest.current) setBusy(false);
    }
  }, []);

  useEffect(() => {
    void fetchPage(criteria, null);
  }, [criteria, rerun, fetchPage]);

  /** Puts changed criteria in the address; typing replaces the entry, choices add one. */
  const change = (changes: Partial<Criteria>, replace = false) => {
    const nextCriteria = { ...shown, ...changes };
    if (changes.q !== undefined) ownQuery.current = changes.q;
    const nextParams = writeCriteria(nextCriteria);
    if (nextParams.toString() === key) return false;
    setChoice({ from: key, criteria: nextCriteria });
    setParams(nextParams, { replace });
    return true;
  };

  const type = (value: string) => {
    setText(value);
    window.clearTimeout(typing.current);
    typing.current = window.setTimeout(() => {
      const now = current.current;
      const updated = writeCriteria({ ...readCriteria(now.params), q: value });
      ownQuery.current = value;
      if (updated.toString() !== now.params.toString()) now.setParams(updated, { replace: true });
    }, TYPING_DELAY_MS);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    window.clearTimeout(typing.current);
    // The same search again (say, after an error) still asks anew.
    if (!change({ q: text })) setRerun((n) => n + 1);
  };

  const areaOptions = useMemo(() => {
    const options: AreaOption[] = (facets?.areas ?? []).map(({ area, count }) => ({
      id: area.id,
      name: area.name,
      depth: area.depth,
      parentId: area.parent?.id ?? null,
      count,
    }));
    if (criteria.areaId && !options.some((a) => a.id === criteria.areaId)) {
      const known = areaNames.current.get(criteria.areaId);
      if (known) options.push({ ...known, count: 0 });
    }
    return treeOrder(options);
  }, [facets, criteria.areaId]);

  // Both kinds always show, so ticking one never hides the other.
  const kinds = facets
    ? KINDS.map((kind) => ({ value: kind as string, count: facets.kinds.find((k) => k.value === kind)?.count ?? 0 }))
    : [];
  const statuses = withChosen(facets?.statuses ?? [], shown.statuses);
  const tags = withChosen(
    [...(facets?.tags ?? [])].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
    shown.tags,
  );
  const filtered = hasFilters(shown);

  let countText = '';
  if (total === null) countText = busy ? t('common.loading') : '';
  else if (total === 0) countText = t('search.count.none');
  else if (total === 1) countText = t('search.count.one');
  else countText = t('search.count', { count: total });

  return (
    <Page title={t('search.title')}>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t('search.intro')}</p>
      <form role="search" onSubmit={submit} className="plein-form plein-search-form">
        <TextField
          id="search-query"
          type="search"
          name="q"
          label={t('search.query.label')}
          description={t('search.query.description')}
          value={text}
          onChange={type}
          maxLength={1000}
          autoComplete="off"
          spellCheck={false}
        />
        <Button type="submit">{t('search.submit')}</Button>
      </form>
      <div className="plein-search">
        <section aria-labelledby="results-heading" className="plein-search__results">
          <h2 id="results-heading" className="utrecht-heading-2">
            {t('search.results')}
          </h2>
          <div className="plein-search__count" role="status" aria-live="polite">
            {countText && <p className="utrecht-paragraph">{countText}</p>}
          </div>
          {edges.length > 0 && (
            <MapToggle id="results-map">
              {() => <ResultsMap id="results-map-list" label={t('map.label.results')} results={edges.map(edgePoint)} />}
            </MapToggle>
          )}
          {problem && (
            <Alert kind="error">
              <p className="utrecht-paragraph">{t('search.error')}</p>
              <p className="utrecht-paragraph">{errorMessage(problem, t)}</p>
            </Alert>
          )}
          <ol className="plein-cards plein-results" aria-busy={busy || undefined}>
            {edges.map((edge) => (
              <ResultItem key={edge.cursor + edge.node.id} edge={edge} />
            ))}
          </ol>
          {next && (
            <Button kind="secondary" disabled={busy} onClick={() => void fetchPage(criteria, next)}>
              {t('feed.more')}
            </Button>
          )}
          {total === 0 && !problem && (
            <div className="plein-placeholder">
              <p className="utrecht-paragraph">
                {criteria.q.trim() ? t('search.empty', { query: criteria.q.trim() }) : t('search.emptyNoQuery')}
              </p>
              <p className="utrecht-paragraph">{filtered ? t('search.empty.filters') : t('search.empty.tips')}</p>
            </div>
          )}
        </section>
        <section aria-labelledby="refine-heading" className="plein-search__refine">
          <h2 id="refine-heading" className="utrecht-heading-2">
            {t('search.refine')}
          </h2>
          <div className="plein-form plein-facets">
            <SelectField
              id="search-sort"
              label={t('search.sort.label')}
              value={shown.sort}
              onChange={(sort) => change({ sort: sort as SearchSort })}
              options={SORTS.map((sort) => ({ value: sort, label: t(sortKey(sort)) }))}
            />
            <CheckboxGroup
              legend={t('search.facet.kind')}
              name="soort"
              values={kinds}
              chosen={shown.kinds}
              label={(value) => t(kindKey(value as SearchKind))}
              onChange={(value, on) => change({ kinds: toggle(shown.kinds, value as SearchKind, on) })}
            />
            <CheckboxGroup
              legend={t('search.facet.status')}
              name="status"
              values={statuses}
              chosen={shown.statuses}
              label={(value) => {
                const k = statusKey(value);
                return k ? t(k) : value;
              }}
              onChange={(value, on) => change({ statuses: toggle(shown.statuses, value as SearchStatus, on) })}
            />
            {areaOptions.length > 0 && (
              <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset plein-facet">
                <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
                  {t('search.facet.area')}
                </legend>
                <ul className="plein-facet__list">
                  <li>
                    <label className="utrecht-form-label utrecht-form-label--radio plein-facet__option">
                      <input
                        type="radio"
                        className="utrecht-radio-button utrecht-radio-button--html-input"
                        name="gebied"
                        value=""
                        checked={shown.areaId === ''}
                        onChange={() => change({ areaId: '' })}
                      />
                      <span>{t('search.facet.areaAll')}</span>
                    </label>
                  </li>
                  {areaOptions.map((area) => (
                    <li key={area.id} style={{ paddingInlineStart: `${Math.min(area.depth, 4) * 1.25}rem` }}>
                      <label className="utrecht-form-label utrecht-form-label--radio plein-facet__option">
                        <input
                          type="radio"
                          className="utrecht-radio-button utrecht-radio-button--html-input"
                          name="gebied"
                          value={area.id}
                          checked={shown.areaId === area.id}
                          onChange={() => change({ areaId: area.id })}
                        />
                        <span>
                          {area.name} <Count count={area.count} />
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            )}
            <CheckboxGroup
              legend={t('search.facet.tag')}
              name="tag"
              values={tags}
              chosen={shown.tags}
              label={(value) => value}
              onChange={(value, on) => change({ tags: toggle(shown.tags, value, on) })}
            />
            {filtered && (
              <Button kind="secondary" onClick={() => change({ kinds: [], statuses: [], areaId: '', tags: [] })}>
                {t('search.clearFilters')}
              </Button>
            )}
          </div>
        </section>
      </div>
    </Page>
  );
}
