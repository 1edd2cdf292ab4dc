import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { MapList } from './MapList';
import { PlaceMap } from './PlaceMap';
import type { MapPoint } from './PlaceMap';

/**
 * The results shown on a page (those with a point) on a map, and the same
 * results as a list below it; says how many have no point.
 */
export function ResultsMap({ id, label, results }: { id: string; label: string; results: (MapPoint | null)[] }) {
  const { t } = useI18n();
  const items = useMemo(() => results.filter((r): r is MapPoint => r !== null), [results]);
  const without = results.length - items.length;
  return (
    <div className="plein-map-view">
      <PlaceMap key={items.map((i) => i.id).join()} label={label} items={items} fitToItems />
      <MapList id={id} items={items} />
      {without > 0 && (
        <p className="utrecht-paragraph plein-hint">
          {without === 1 ? t('map.withoutPoint.one') : t('map.withoutPoint', { count: without })}
        </p>
      )}
    </div>
  );
}
