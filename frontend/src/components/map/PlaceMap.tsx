import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { request } from '../../api/client';
import { MapSettingsQuery } from '../../api/operations';
import type { MapKind, MapSettingsQuery as MapSettingsResult } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { useNavigate } from 'react-router-dom';

export type MapSettings = MapSettingsResult['mapSettings'];

export interface Box {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** One idea or plan with a point. */
export interface MapPoint {
  id: string;
  kind: MapKind;
  title: string;
  latitude: number;
  longitude: number;
}

/** Several points close together, counted; zoom into `bounds` to see them. */
export interface MapGroup {
  count: number;
  latitude: number;
  longitude: number;
  bounds: Box;
}

let settings: Promise<MapSettings> | null = null;

/** The tile source and bounds, asked once per page load. */
export function loadMapSettings(): Promise<MapSettings> {
  if (!settings) {
    settings = request(MapSettingsQuery, {}).then((data) => data.mapSettings);
    settings.catch(() => {
      settings = null;
    });
  }
  return settings;
}

export function pointPath(point: Pick<MapPoint, 'id' | 'kind'>): string {
  return point.kind === 'PLAN' ? `/plannen/${point.id}` : `/ideeen/${point.id}`;
}

export const groupKey = (g: MapGroup) => `${g.latitude},${g.longitude},${g.count}`;

const toLatLngBounds = (b: Box) => L.latLngBounds([b.south, b.west], [b.north, b.east]);

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Moves focus to the next or previous marker on the map, in the order they are drawn. */
function moveFocus(from: HTMLElement, step: number) {
  const pane = from.parentElement;
  if (!pane) return;
  const markers = Array.from(pane.querySelectorAll<HTMLElement>('.plein-map__marker'));
  const at = markers.indexOf(from);
  const next = markers[(at + step + markers.length) % markers.length];
  next?.focus();
}

/** Makes a marker's element a named button that Enter, Space and the arrow keys work on. */
function wire(marker: L.Marker, name: string, activate: () => void) {
  const element = marker.getElement();
  if (!element) return;
  element.setAttribute('aria-label', name);
  element.setAttribute('role', 'button');
  element.title = name;
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      event.stopPropagation();
      activate();
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowDown') {
      event.preventDefault();
      event.stopPropagation();
      moveFocus(element, 1);
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') {
      event.preventDefault();
      event.stopPropagation();
      moveFocus(element, -1);
    }
  });
  marker.on('click', activate);
}

interface PlaceMapProps {
  /** The map's name for screen readers. */
  label: string;
  items: MapPoint[];
  groups?: MapGroup[];
  /** Called with the visible box and zoom whenever the map has moved. */
  onView?: (box: Box, zoom: number) => void;
  /** Fits the view to these bounds whenever they change. */
  view?: Box | null;
  /** Fits the view to the items the first time there are any. */
  fitToItems?: boolean;
}

/**
 * A Leaflet map with the configured tiles, one focusable marker per idea or
 * plan and one per cluster (with its count). Tab reaches the markers, the
 * arrow keys move between them, Enter opens an item or zooms into a cluster.
 * Pages always put a list of the same items beside it (`MapList`).
 */
export function PlaceMap({ label, items, groups = [], onView, view, fitToItems }: PlaceMapProps) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const holder = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markers = useRef(new Map<string, L.Marker>());
  const fitted = useRef(false);
  const onViewRef = useRef(onView);
  onViewRef.current = onView;
  const words = useRef({ t, navigate });
  words.current = { t, navigate };

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    let map: L.Map | null = null;
    let live = true;
    loadMapSettings().then(
      (config) => {
        if (!live) return;
        map = L.map(element, {
          zoomControl: false,
          minZoom: 5,
          maxZoom: 19,
        });
        L.control
          .zoom({ zoomInTitle: words.current.t('map.zoomIn'), zoomOutTitle: words.current.t('map.zoomOut') })
          .addTo(map);
        map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
        L.tileLayer(config.tiles, { attribution: escapeHtml(config.attribution), maxZoom: 19 }).addTo(map);
        const report = () => {
          if (!map) return;
          const b = map.getBounds();
          onViewRef.current?.(
            {
              south: clamp(b.getSouth(), -90, 90),
              west: clamp(b.getWest(), -180, 180),
              north: clamp(b.getNorth(), -90, 90),
              east: clamp(b.getEast(), -180, 180),
            },
            Math.round(map.getZoom()),
          );
        };
        map.on('moveend', report);
        map.fitBounds(toLatLngBounds(config.bounds));
        mapRef.current = map;
        element.dispatchEvent(new CustomEvent('plein-map-ready'));
        report();
      },
      () => undefined,
    );
    const drawn = markers.current;
    return () => {
      live = false;
      drawn.clear();
      mapRef.current = null;
      map?.remove();
    };
  }, []);

  // Draws what is to be shown, keeping markers that stay (and so their focus).
  useEffect(() => {
    const draw = () => {
      const map = mapRef.current;
      if (!map) return;
      const { t: tr, navigate: go } = words.current;
      const wanted = new Map<string, () => L.Marker>();
      for (const item of items) {
        wanted.set(`item:${item.id}`, () => {
          const marker = L.marker([item.latitude, item.longitude], {
            icon: L.divIcon({
              className: `plein-map__marker plein-map__marker--${item.kind.toLowerCase()}`,
              html: '<span class="plein-map__pin" aria-hidden="true"></span>',
              iconSize: [28, 28],
              iconAnchor: [14, 28],
            }),
            autoPanOnFocus: false,
          }).addTo(map);
          const name = tr(item.kind === 'PLAN' ? 'map.plan' : 'map.idea', { title: item.title });
          wire(marker, name, () => go(pointPath(item)));
          return marker;
        });
      }
      for (const group of groups) {
        wanted.set(`group:${groupKey(group)}`, () => {
          const marker = L.marker([group.latitude, group.longitude], {
            icon: L.divIcon({
              className: 'plein-map__marker plein-map__marker--cluster',
              html: `<span class="plein-map__count" aria-hidden="true">${group.count}</span>`,
              iconSize: [40, 40],
              iconAnchor: [20, 20],
            }),
            autoPanOnFocus: false,
          }).addTo(map);
          wire(marker, tr('map.cluster', { count: group.count }), () =>
            map.fitBounds(toLatLngBounds(group.bounds).pad(0.2), { maxZoom: map.getZoom() + 3 }),
          );
          return marker;
        });
      }
      for (const [key, marker] of markers.current) {
        if (!wanted.has(key)) {
          marker.remove();
          markers.current.delete(key);
        }
      }
      for (const [key, make] of wanted) {
        if (!markers.current.has(key)) markers.current.set(key, make());
      }
      if (fitToItems && !fitted.current && (items.length > 0 || groups.length > 0)) {
        fitted.current = true;
        const points = [
          ...items.map((i) => L.latLng(i.latitude, i.longitude)),
          ...groups.flatMap((g) => [L.latLng(g.bounds.south, g.bounds.west), L.latLng(g.bounds.north, g.bounds.east)]),
        ];
        map.fitBounds(L.latLngBounds(points).pad(0.2), { maxZoom: 16 });
      }
    };
    draw();
    // The map is made once its settings are in; draw then too.
    const element = holder.current;
    element?.addEventListener('plein-map-ready', draw);
    return () => element?.removeEventListener('plein-map-ready', draw);
  }, [items, groups, fitToItems]);

  useEffect(() => {
    if (view && mapRef.current) mapRef.current.fitBounds(toLatLngBounds(view).pad(0.2));
  }, [view]);

  return (
    <div className="plein-map">
      <div ref={holder} className="plein-map__canvas" role="region" aria-label={label} />
      <p className="utrecht-paragraph plein-hint">{t('map.keyboard')}</p>
    </div>
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
