import { Suspense, useState } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';

/**
 * "Toon op kaart": a button that shows a map (and its list) beside the page's
 * own list. Off by default, so the list stays the first way in.
 */
export function MapToggle({ id, children }: { id: string; children: () => ReactNode }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <div className="plein-map-toggle">
      <button
        type="button"
        className="utrecht-button utrecht-button--secondary-action"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? t('map.hide') : t('map.show')}
      </button>
      <div id={id}>
        {open && <Suspense fallback={<p className="utrecht-paragraph">{t('common.loading')}</p>}>{children()}</Suspense>}
      </div>
    </div>
  );
}
