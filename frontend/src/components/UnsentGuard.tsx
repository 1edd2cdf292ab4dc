import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router-dom';
import { useI18n } from '../i18n';

/**
 * Warns before leaving a page with text typed into a form and not sent,
 * anywhere in the app: a browser warning on closing or reloading the tab
 * (beforeunload), and a question before moving to another page in the app.
 * A form counts from the first keystroke in one of its text boxes until it
 * is sent; search and filter forms do not count.
 */
export function UnsentGuard() {
  const { t } = useI18n();
  const dirty = useRef(new Set<HTMLFormElement>());

  useEffect(() => {
    const forms = dirty.current;
    const formOf = (target: EventTarget | null): HTMLFormElement | null => {
      if (!(target instanceof HTMLTextAreaElement)) return null;
      const form = target.form;
      if (!form || !form.closest('main') || form.matches('.plein-filters, [role="search"]')) return null;
      return form;
    };
    const onInput = (event: Event) => {
      const form = formOf(event.target);
      if (form) forms.add(form);
    };
    const onSubmit = (event: Event) => {
      if (event.target instanceof HTMLFormElement) forms.delete(event.target);
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (unsent(forms)) {
        event.preventDefault();
        event.returnValue = '';
      }
    };
    document.addEventListener('input', onInput, true);
    document.addEventListener('submit', onSubmit, true);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      document.removeEventListener('input', onInput, true);
      document.removeEventListener('submit', onSubmit, true);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, []);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && unsent(dirty.current),
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(t('unsent.confirm'))) {
      dirty.current.clear();
      blocker.proceed();
    } else {
      blocker.reset();
    }
  }, [blocker, t]);

  return null;
}

/** Whether a form still on the page has text nobody sent (forms gone from the page are forgotten). */
function unsent(forms: Set<HTMLFormElement>): boolean {
  for (const form of [...forms]) {
    if (!form.isConnected) {
      forms.delete(form);
      continue;
    }
    const text = [...form.querySelectorAll('textarea')].some((el) => el.value.trim() !== '');
    if (text) return true;
    forms.delete(form);
  }
  return false;
}
