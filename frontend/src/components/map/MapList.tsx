import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import type { Box, MapGroup, MapPoint } from './PlaceMap';
import { groupKey, pointPath } from './PlaceMap';

/**
 * The list alternative of a map: the same ideas, plans and clusters as the
 * markers, as links and buttons, for everyone who does not use the map.
 */
export function MapList({
  id,
  items,
  groups = [],
  onZoom,
}: {
  id: string;
  items: MapPoint[];
  groups?: MapGroup[];
  onZoom?: (bounds: Box) => void;
}) {
  const { t } = useI18n();
  const total = items.length + groups.reduce((sum, g) => sum + g.count, 0);
  return (
    <section aria-labelledby={`${id}-heading`} className="plein-map-list">
      <h3 id={`${id}-heading`} className="utrecht-heading-3">
        {t('map.list.heading')}
      </h3>
      <p className="utrecht-paragraph" role="status">
        {total === 0 ? t('map.list.empty') : total === 1 ? t('map.list.count.one') : t('map.list.count', { count: total })}
      </p>
      {(items.length > 0 || groups.length > 0) && (
        <ul className="plein-link-list">
          {items.map((item) => (
            <li key={item.id}>
              <Link className="utrecht-link utrecht-link--html-a" to={pointPath(item)}>
                {t(item.kind === 'PLAN' ? 'map.plan' : 'map.idea', { title: item.title })}
              </Link>
            </li>
          ))}
          {groups.map((group) => (
            <li key={groupKey(group)}>
              {onZoom ? (
                <button
                  type="button"
                  className="utrecht-button utrecht-button--subtle plein-map-list__zoom"
                  onClick={() => onZoom(group.bounds)}
                >
                  {t('map.cluster', { count: group.count })}
                </button>
              ) : (
                t('map.cluster', { count: group.count })
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
