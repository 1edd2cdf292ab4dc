import { lazy, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { loadAllAreas } from '../api/areas';
import type { AreaItem } from '../api/areas';
import { request } from '../api/client';
import { errorMessage } from '../api/errors';
import { ApiRequestError } from '../api/client';
import type { ApiError } from '../api/client';
import { AreaDetailQuery } from '../api/operations';
import { areaOptions, kindKey } from '../areaLabels';
import { Alert } from '../components/Alert';
import { Feed } from '../components/Feed';
import { MapToggle } from '../components/map/MapToggle';
import { SelectField } from '../components/Field';
import { NewsFeed } from '../components/NewsFeed';
import { Button, Page } from '../components/Page';
import type { AreaDetailQuery as AreaDetailResult } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';

// Leaflet comes with the map, when someone asks for it.
const AreaMap = lazy(() => import('../components/map/AreaMap').then((m) => ({ default: m.AreaMap })));

const CHOSEN_AREA = 'plein.area';

function rememberedArea(): string | null {
  try {
    return window.localStorage.getItem(CHOSEN_AREA);
  } catch {
    return null;
  }
}

function remember(slug: string): void {
  try {
    window.localStorage.setItem(CHOSEN_AREA, slug);
  } catch {
    // Without storage the choice lasts as long as the address.
  }
}

type Detail = NonNullable<AreaDetailResult['area']>;

function AreaView({ area }: { area: Detail }) {
  const { t } = useI18n();
  return (
    <>
      {area.ancestors.length > 0 && (
        <nav className="utrecht-breadcrumb-nav" aria-label={t('home.breadcrumb')}>
          <ol className="utrecht-breadcrumb-nav__list utrecht-breadcrumb-nav__list--html-ol plein-breadcrumb">
            {area.ancestors.map((ancestor) => (
              <li key={ancestor.id} className="utrecht-breadcrumb-nav__item">
                <Link className="utrecht-breadcrumb-nav__link utrecht-link" to={`/gebied/${ancestor.slug}`}>
                  {ancestor.name}
                </Link>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <p className="utrecht-paragraph plein-kind">{t(kindKey(area.kind))}</p>
    </>
  );
}

function AreaFeed({ area }: { area: Detail }) {
  const { t } = useI18n();
  return (
    <>
      <MapToggle id="area-map">
        {() => <AreaMap id="area-map-list" areaId={area.id} label={t('map.label.area', { area: area.name })} />}
      </MapToggle>
      <Feed areaId={area.id} areaName={area.name} />
      <p className="utrecht-paragraph">
        <Link className="utrecht-link utrecht-link--html-a" to={`/begroting?gebied=${area.id}`}>
          {t('budget.rounds.forArea', { area: area.name })}
        </Link>
      </p>
      {area.children.length > 0 && (
        <section aria-labelledby="children-heading" className="plein-section">
          <h2 id="children-heading" className="utrecht-heading-2">
            {t('home.children.heading', { area: area.name })}
          </h2>
          <ul className="plein-link-list">
            {area.children.map((child) => (
              <li key={child.id}>
                <Link className="utrecht-link utrecht-link--html-a" to={`/gebied/${child.slug}`}>
                  {child.name}
                </Link>{' '}
                <span className="plein-kind">({t(kindKey(child.kind))})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export function HomePage() {
  const { t } = useI18n();
  const { me } = useSession();
  const params = useParams<{ slug?: string }>();
  const navigate = useNavigate();
  const [areas, setAreas] = useState<AreaItem[] | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [choice, setChoice] = useState('');
  const [detail, setDetail] = useState<Detail | null | undefined>(undefined);

  useEffect(() => {
    loadAllAreas().then(setAreas, (err: unknown) =>
      setLoadError(
        (err instanceof ApiRequestError && err.errors[0]) || { code: 'INTERNAL', message: '' },
      ),
    );
  }, []);

  // Someone with a home area and no choice yet starts at home.
  const homeSlug = areas?.find((a) => a.id === me?.homeArea?.id)?.slug ?? null;
  const current = params.slug ?? rememberedArea() ?? homeSlug;

  useEffect(() => {
    if (!current) {
      setDetail(null);
      return;
    }
    let live = true;
    request(AreaDetailQuery, { slug: current }).then(
      (data) => {
        if (!live) return;
        setDetail(data.area);
        if (data.area) {
          remember(data.area.slug);
          setChoice(data.area.slug);
        }
      },
      () => live && setDetail(null),
    );
    return () => {
      live = false;
    };
  }, [current]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice) navigate(`/gebied/${choice}`);
  };

  const options = [
    { value: '', label: t('home.picker.none') },
    ...areaOptions((areas ?? []), (area) => area.slug),
  ];

  return (
    <Page title={detail ? detail.name : t('home.title')}>
      {detail && <AreaView area={detail} />}
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t('home.intro')}</p>
      {loadError && <Alert kind="error">{errorMessage(loadError, t)}</Alert>}
      {areas && areas.length === 0 && <Alert kind="info">{t('home.noAreas')}</Alert>}
      {areas && areas.length > 0 && (
        <form onSubmit={submit} className="plein-form plein-picker" aria-labelledby="picker-heading">
          <h2 id="picker-heading" className="utrecht-heading-2">
            {detail ? t('home.picker.headingOther') : t('home.picker.heading')}
          </h2>
          <SelectField
            id="area-choice"
            label={t('home.picker.label')}
            description={t('home.picker.description')}
            value={choice}
            onChange={setChoice}
            options={options}
          />
          <Button type="submit">{t('home.picker.submit')}</Button>
        </form>
      )}
      {detail && <AreaFeed key={detail.id} area={detail} />}
      {detail && (
        <NewsFeed path={`/feeds/areas/${detail.slug}.atom`} title={t('newsFeed.title', { name: detail.name })} />
      )}
      {params.slug && detail === null && <Alert kind="warning">{t('home.areaNotFound')}</Alert>}
    </Page>
  );
}
