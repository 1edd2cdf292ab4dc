import { useCallback, useRef, useState } from 'react';
import { request } from '../../api/client';
import { MapItemsQuery } from '../../api/operations';
import type { MapKind } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { Alert } from '../Alert';
import { MapList } from './MapList';
import { PlaceMap } from './PlaceMap';
import type { Box, MapGroup, MapPoint } from './PlaceMap';

/**
 * Ideas and plans with a point, in an area (and beneath it) or everywhere,
 * as the server answers for the visible box: one by one when few, in
 * clusters when many. The list below holds the same.
 */
export function AreaMap({ id, areaId, kinds, label }: { id: string; areaId?: string; kinds?: MapKind[]; label: string }) {
  const { t } = useI18n();
  const [items, setItems] = useState<MapPoint[]>([]);
  const [groups, setGroups] = useState<MapGroup[]>([]);
  const [problem, setProblem] = useState(false);
  const [view, setView] = useState<Box | null>(null);
  const latest = useRef(0);

  const onView = useCallback(
    (bbox: Box, zoom: number) => {
      const asked = ++latest.current;
      request(MapItemsQuery, { bbox, zoom, kinds: kinds ?? null, area: areaId ?? null }).then(
        (data) => {
          if (asked !== latest.current) return;
          setProblem(false);
          setItems(data.mapItems.items);
          setGroups(data.mapItems.clusters.map((c) => ({ ...c, count: Number(c.count) })));
        },
        () => asked === latest.current && setProblem(true),
      );
    },
    [areaId, kinds],
  );

  return (
    <div className="plein-map-view">
      <PlaceMap label={label} items={items} groups={groups} onView={onView} view={view} fitToItems />
      {problem && <Alert kind="error">{t('map.problem')}</Alert>}
      <MapList id={id} items={items} groups={groups} onZoom={(b) => setView({ ...b })} />
    </div>
  );
}
