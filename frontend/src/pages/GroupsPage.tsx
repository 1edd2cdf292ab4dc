import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { loadAllAreas } from '../api/areas';
import type { AreaItem } from '../api/areas';
import { ApiRequestError, request } from '../api/client';
import { errorMessage } from '../api/errors';
import { GroupsQuery } from '../api/operations';
import { areaOptions } from '../areaLabels';
import { Alert } from '../components/Alert';
import { SelectField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { groupRoleKey, joinPolicyKey, visibilityKey } from '../content/labels';
import type { GroupCardFieldsFragment } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';

interface Filters {
  area: string;
  mine: boolean;
}

export function GroupCard({ group }: { group: GroupCardFieldsFragment }) {
  const { t } = useI18n();
  return (
    <li className="plein-card">
      <h2 className="utrecht-heading-3">
        <Link className="utrecht-link utrecht-link--html-a" to={`/werkgroepen/${group.id}`}>
          {group.name}
        </Link>
      </h2>
      <p className="utrecht-paragraph">
        {group.viewerRole && (
          <>
            <span className="utrecht-status-badge utrecht-status-badge--success">{t(groupRoleKey(group.viewerRole))}</span>{' '}
          </>
        )}
        <span className="plein-kind">
          {[
            group.area?.name,
            group.memberCount === 1 ? t('group.members.one') : t('group.members.count', { count: group.memberCount }),
            t(visibilityKey(group.visibility)),
            t(joinPolicyKey(group.joinPolicy)),
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </p>
    </li>
  );
}

/** Every working group the viewer may see, by area, or only the viewer's own. */
export function GroupsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [areas, setAreas] = useState<AreaItem[]>([]);
  const [draft, setDraft] = useState<Filters>({ area: '', mine: false });
  const [filters, setFilters] = useState<Filters>({ area: '', mine: false });
  const [groups, setGroups] = useState<GroupCardFieldsFragment[] | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    loadAllAreas().then(setAreas, () => setAreas([]));
  }, []);

  const fetchPage = useCallback(
    async (after: string | null) => {
      setBusy(true);
      setProblem(null);
      try {
        const data = await request(GroupsQuery, {
          areaId: filters.area || null,
          mine: filters.mine && !!me,
          after,
        });
        setGroups((old) => (after ? [...(old ?? []), ...data.groups.nodes] : data.groups.nodes));
        setTotal(data.groups.totalCount);
        setNext(data.groups.pageInfo.hasNextPage ? (data.groups.pageInfo.endCursor ?? null) : null);
      } catch (err) {
        setProblem(err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'));
      } finally {
        setBusy(false);
      }
    },
    [filters, me, t],
  );

  useEffect(() => {
    if (me === undefined) return;
    void fetchPage(null);
  }, [fetchPage, me]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };

  return (
    <Page title={t('groups.title')}>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t('groups.intro')}</p>
      {me ? (
        <div className="plein-actions">
          <Link className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" to="/werkgroepen/nieuw">
            {t('groups.new')}
          </Link>
          <Link className="utrecht-link utrecht-link--html-a" to="/taken">
            {t('groups.myTasks')}
          </Link>
        </div>
      ) : (
        me === null && (
          <p className="utrecht-paragraph">
            <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
              {t('groups.signIn')}
            </Link>
          </p>
        )
      )}
      <form onSubmit={apply} className="plein-form plein-filters" aria-label={t('groups.filters')}>
        <SelectField
          id="groups-area"
          label={t('groups.area.label')}
          value={draft.area}
          onChange={(area) => setDraft({ ...draft, area })}
          options={[{ value: '', label: t('groups.area.all') }, ...areaOptions(areas, (a) => a.id)]}
        />
        {me && (
          <div className="utrecht-form-field utrecht-form-field--checkbox plein-checkbox">
            <input
              id="groups-mine"
              type="checkbox"
              className="utrecht-checkbox utrecht-checkbox--html-input"
              checked={draft.mine}
              onChange={(event) => setDraft({ ...draft, mine: event.target.checked })}
            />{' '}
            <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor="groups-mine">
              {t('groups.mine')}
            </label>
          </div>
        )}
        <Button type="submit" kind="secondary">
          {t('feed.apply')}
        </Button>
      </form>
      <div role="status" aria-live="polite">
        {total !== null && !busy && (
          <p className="utrecht-paragraph">{total === 1 ? t('groups.count.one') : t('groups.count', { count: total })}</p>
        )}
      </div>
      {problem && <Alert kind="error">{problem}</Alert>}
      {groups === null && !problem && <p className="utrecht-paragraph">{t('common.loading')}</p>}
      {groups && groups.length > 0 && (
        <ul className="plein-cards">
          {groups.map((group) => (
            <GroupCard key={group.id} group={group} />
          ))}
        </ul>
      )}
      {groups && groups.length === 0 && <p className="utrecht-paragraph">{t('groups.empty')}</p>}
      {next && (
        <Button kind="secondary" disabled={busy} onClick={() => void fetchPage(next)}>
          {t('feed.more')}
        </Button>
      )}
    </Page>
  );
}
