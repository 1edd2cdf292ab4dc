import { Suspense, lazy, useEffect, useState } from 'react';
import { request } from '../../api/client';
import { AddressSuggestionsQuery } from '../../api/operations';
import { useI18n } from '../../i18n';

// Leaflet comes with the map, not with every page.
const PickerMap = lazy(() => import('./PickerMap').then((m) => ({ default: m.PickerMap })));

export interface Point {
  latitude: number;
  longitude: number;
}

/** "52.3702, 4.8952" or "52.3702 4.8952" (latitude first) as a point; null for anything else. */
export function parseCoordinates(text: string): Point | null {
  const match = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return null;
  const latitude = Number(match[1]);
  const longitude = Number(match[2]);
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude };
}

/** A place the geocoder suggests for typed text. */
interface Suggestion {
  label: string;
  latitude: number;
  longitude: number;
}

/** What the API's `location` input gets: null without a point. */
export function locationInput(point: Point | null, address: string) {
  if (!point) return null;
  const text = address.trim();
  return {
    latitude: point.latitude,
    longitude: point.longitude,
    address: text && !parseCoordinates(text) ? text : null,
  };
}

/**
 * Where an idea or plan is: typed (an address or description, or
 * coordinates), or clicked on the map; the marker can be dragged. The text
 * field works on its own. Errors on the API's `location` or `address` show
 * here.
 */
export function LocationField({
  id,
  point,
  address,
  onPoint,
  onAddress,
  error,
}: {
  id: string;
  point: Point | null;
  address: string;
  onPoint: (point: Point | null) => void;
  onAddress: (text: string) => void;
  error?: string;
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const type = (text: string) => {
    onAddress(text);
    const coordinates = parseCoordinates(text);
    if (coordinates) onPoint(coordinates);
    setTyped(coordinates ? '' : text.trim());
  };
  // Places the typed text may mean, asked a moment after typing stops.
  useEffect(() => {
    if (typed.length < 3) {
      setSuggestions([]);
      return;
    }
    let current = true;
    const timer = window.setTimeout(() => {
      request(AddressSuggestionsQuery, { query: typed, first: 5 })
        .then((data) => {
          if (current) setSuggestions(data.addressSuggestions);
        })
        .catch(() => {
          if (current) setSuggestions([]);
        });
    }, 300);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [typed]);
  const choose = (suggestion: Suggestion) => {
    onAddress(suggestion.label);
    onPoint({ latitude: suggestion.latitude, longitude: suggestion.longitude });
    setTyped('');
    setSuggestions([]);
  };
  const described = [error ? `${id}-error` : '', `${id}-description`].filter(Boolean).join(' ');
  return (
    <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset plein-location" id={`${id}-fieldset`}>
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        {t('location.legend')}
      </legend>
      <p className="utrecht-paragraph">{t('location.intro')}</p>
      <div className={`utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}`}>
        <div className="utrecht-form-field__label">
          <label className="utrecht-form-label" htmlFor={id}>
            {t('location.address.label')}
          </label>
        </div>
        <div id={`${id}-description`} className="utrecht-form-field__description utrecht-form-field-description">
          {t('location.address.description')}
        </div>
        {error && (
          <div id={`${id}-error`} className="utrecht-form-field__error-message utrecht-form-field-error-message">
            {error}
          </div>
        )}
        <div className="utrecht-form-field__input">
          <input
            id={id}
            name={id}
            className={`utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}`}
            value={address}
            maxLength={200}
            onChange={(event) => type(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={described}
          />
        </div>
      </div>
      {suggestions.length > 0 && (
        <div className="plein-location__suggestions">
          <p className="utrecht-paragraph" id={`${id}-suggestions`}>
            {t('location.suggestions')}
          </p>
          <ul className="utrecht-unordered-list" aria-labelledby={`${id}-suggestions`}>
            {suggestions.map((suggestion) => (
              <li key={`${suggestion.label}-${suggestion.latitude}-${suggestion.longitude}`} className="utrecht-unordered-list__item">
                <button
                  type="button"
                  className="utrecht-button utrecht-button--subtle"
                  onClick={() => choose(suggestion)}
                >
                  {suggestion.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="utrecht-paragraph" role="status" id={`${id}-chosen`}>
        {point
          ? t('location.chosen', { latitude: point.latitude.toFixed(5), longitude: point.longitude.toFixed(5) })
          : t('location.none')}
      </p>
      {point && (
        <button
          type="button"
          className="utrecht-button utrecht-button--secondary-action"
          onClick={() => onPoint(null)}
        >
          {t('location.remove')}
        </button>
      )}
      <Suspense fallback={<p className="utrecht-paragraph">{t('common.loading')}</p>}>
        <PickerMap point={point} onPick={onPoint} label={t('location.map')} />
      </Suspense>
      <p className="utrecht-paragraph plein-hint">{t('location.keyboard')}</p>
    </fieldset>
  );
}
