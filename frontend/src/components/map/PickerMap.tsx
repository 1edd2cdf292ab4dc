import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useI18n } from '../../i18n';
import type { Point } from './LocationField';
import { loadMapSettings } from './PlaceMap';

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** A map to click on, with a marker to drag (or move with the arrow keys). */
export function PickerMap({ point, onPick, label }: { point: Point | null; onPick: (p: Point) => void; label: string }) {
  const { t } = useI18n();
  const holder = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markerRef = useRef<L.Marker | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const words = useRef(t);
  words.current = t;
  const start = useRef(point);

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    let live = true;
    let map: L.Map | null = null;
    loadMapSettings().then(
      (config) => {
        if (!live) return;
        map = L.map(element, { zoomControl: false, minZoom: 5, maxZoom: 19 });
        L.control.zoom({ zoomInTitle: words.current('map.zoomIn'), zoomOutTitle: words.current('map.zoomOut') }).addTo(map);
        map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
        L.tileLayer(config.tiles, {
          attribution: config.attribution.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`),
          maxZoom: 19,
        }).addTo(map);
        const first = start.current;
        if (first) map.setView([first.latitude, first.longitude], 16);
        else map.fitBounds(L.latLngBounds([config.bounds.south, config.bounds.west], [config.bounds.north, config.bounds.east]));
        map.on('click', (event: L.LeafletMouseEvent) =>
          pick.current({ latitude: round(event.latlng.lat), longitude: round(event.latlng.lng) }),
        );
        mapRef.current = map;
        element.dispatchEvent(new CustomEvent('plein-map-ready'));
      },
      () => undefined,
    );
    return () => {
      live = false;
      mapRef.current = null;
      markerRef.current = null;
      map?.remove();
    };
  }, []);

  // The marker follows the chosen point.
  useEffect(() => {
    const place = () => {
      const map = mapRef.current;
      if (!map) return;
      if (!point) {
        markerRef.current?.remove();
        markerRef.current = null;
        return;
      }
      const at = L.latLng(point.latitude, point.longitude);
      if (markerRef.current) {
        markerRef.current.setLatLng(at);
      } else {
        const marker = L.marker(at, {
          draggable: true,
          autoPanOnFocus: false,
          icon: L.divIcon({
            className: 'plein-map__marker plein-map__marker--chosen',
            html: '<span class="plein-map__pin" aria-hidden="true"></span>',
            iconSize: [28, 28],
            iconAnchor: [14, 28],
          }),
        }).addTo(map);
        marker.on('dragend', () => {
          const p = marker.getLatLng();
          pick.current({ latitude: round(p.lat), longitude: round(p.lng) });
        });
        const element = marker.getElement();
        if (element) {
          element.setAttribute('aria-label', words.current('location.marker'));
          element.addEventListener('keydown', (event) => {
            const steps: Record<string, [number, number]> = {
              ArrowUp: [0, -10],
              ArrowDown: [0, 10],
              ArrowLeft: [-10, 0],
              ArrowRight: [10, 0],
            };
            const step = steps[event.key];
            if (!step) return;
            event.preventDefault();
            event.stopPropagation();
            const now = map.latLngToContainerPoint(marker.getLatLng());
            const next = map.containerPointToLatLng(now.add(L.point(step)));
            pick.current({ latitude: round(next.lat), longitude: round(next.lng) });
          });
        }
        markerRef.current = marker;
        if (!map.getBounds().contains(at)) map.setView(at, Math.max(map.getZoom(), 15));
      }
    };
    place();
    const element = holder.current;
    element?.addEventListener('plein-map-ready', place);
    return () => element?.removeEventListener('plein-map-ready', place);
  }, [point]);

  return <div ref={holder} className="plein-map__canvas plein-map__canvas--picker" role="region" aria-label={label} />;
}
