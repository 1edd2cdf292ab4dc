import { Fragment, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import en from './en.json';
import nl from './nl.json';

export type Locale = 'nl' | 'en';
/** Every text key; `en.json` must have exactly the same keys (a test checks). */
export type MessageKey = keyof typeof nl;
type Messages = Record<MessageKey, string>;

const MESSAGES: Record<Locale, Messages> = { nl, en: en satisfies Messages };
const STORAGE_KEY = 'plein.locale';
export const TIME_ZONE = 'Europe/Amsterdam';

export function isLocale(value: unknown): value is Locale {
  return value === 'nl' || value === 'en';
}

function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : 'nl';
  } catch {
    return 'nl';
  }
}

/** Fills `{name}` placeholders. */
export function interpolate(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/**
 * Fills `{name}` placeholders with elements, so a name someone wrote can go in
 * as `<Name>` (a `<bdi>`): its writing direction stays its own.
 */
export function interpolateNodes(text: string, vars: Record<string, ReactNode>): ReactNode {
  return text.split(/\{(\w+)\}/g).map((part, i) =>
    i % 2 === 0 ? part : <Fragment key={i}>{part in vars ? vars[part] : `{${part}}`}</Fragment>,
  );
}

/** A name someone wrote, isolated from the text around it (`<bdi>`). */
export function Name({ children }: { children: string }) {
  return <bdi>{children}</bdi>;
}

/**
 * A name someone wrote, isolated from the text around it, for plain-text
 * places such as a confirmation dialog (Unicode first-strong isolate).
 */
export function isolate(name: string): string {
  return `\u2068${name}\u2069`;
}

/** A text in a given language, for the moment the app is switching to it. */
export function translate(
  locale: Locale,
  key: MessageKey,
  vars?: Record<string, string | number>,
): string {
  return interpolate(MESSAGES[locale][key], vars);
}

export function intlLocale(locale: Locale): string {
  return locale === 'nl' ? 'nl-NL' : 'en-GB';
}

/** A date and time the Dutch way (or the British way), always in Amsterdam time. */
export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

export function formatDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: 'long',
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** `t` with elements for placeholders, such as `<Name>` for names. */
  tx: (key: MessageKey, vars: Record<string, ReactNode>) => ReactNode;
  dateTime: (iso: string) => string;
  date: (iso: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts this visit.
    }
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[locale];
    return {
      locale,
      setLocale,
      t: (key, vars) => interpolate(messages[key], vars),
      tx: (key, vars) => interpolateNodes(messages[key], vars),
      dateTime: (iso) => formatDateTime(iso, locale),
      date: (iso) => formatDate(iso, locale),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
