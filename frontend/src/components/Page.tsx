import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

/**
 * A page's heading and the document title. The layout moves focus to this
 * heading after each navigation, so keyboard and screen-reader users start
 * reading at the new content.
 */
export function Page({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);
  return (
    <>
      <h1 className="utrecht-heading-1" id="page-heading" tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  );
}

export function Button({
  children,
  kind = 'primary',
  type = 'button',
  onClick,
  disabled,
  describedBy,
  pressed,
}: {
  children: ReactNode;
  kind?: 'primary' | 'secondary' | 'subtle';
  type?: 'button' | 'submit';
  onClick?: () => void;
  disabled?: boolean;
  describedBy?: string;
  /** For toggle buttons: whether it is switched on (`aria-pressed`). */
  pressed?: boolean;
}) {
  return (
    <button
      type={type}
      className={`utrecht-button utrecht-button--${kind}-action${type === 'submit' ? ' utrecht-button--submit' : ''}`}
      onClick={onClick}
      disabled={disabled}
      aria-describedby={describedBy}
      aria-pressed={pressed}
    >
      {children}
    </button>
  );
}

/** Moves focus to the first invalid input in a form, or to its error box. */
export function focusFirstError(form: HTMLElement | null): void {
  if (!form) return;
  const target =
    form.querySelector<HTMLElement>('[aria-invalid="true"]') ??
    form.querySelector<HTMLElement>('.utrecht-alert--error');
  target?.focus();
}
