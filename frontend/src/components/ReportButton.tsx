import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useLocation } from 'react-router-dom';
import { ApiRequestError, request } from '../api/client';
import { formErrors } from '../api/errors';
import { ReportMutation } from '../api/operations';
import type { ReportSubjectKind } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';
import { Alert } from './Alert';
import { TextAreaField } from './Field';
import { Button } from './Page';
import { useFormErrors } from './useFormErrors';

/**
 * "Melden": a disclosure button that opens a small form asking why something
 * should go to the moderators. Focus moves to the reason when it opens; Escape
 * or "Annuleren" closes it and focus goes back to the button. Signed in only.
 */
export function ReportButton({
  kind,
  id,
  describedBy,
}: {
  kind: ReportSubjectKind;
  id: string;
  /** The element that names what is reported (a comment's heading), for screen readers. */
  describedBy?: string;
}) {
  const { t } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const location = useLocation();
  const { formRef, errors, show, clear } = useFormErrors();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const base = `report-${kind.toLowerCase()}-${id}`;
  const headingId = useId();

  useEffect(() => {
    if (open) document.getElementById(`${base}-reason`)?.focus();
  }, [open, base]);

  if (!me) return null;

  const close = () => {
    setOpen(false);
    setReason('');
    clear();
    // Back to the button that opened the form (it stays while the form goes).
    buttonRef.current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = reason.trim();
    if (text.length < 3 || text.length > 1000) {
      show({ fields: { reason: t('report.reason.invalid') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(ReportMutation, { input: { subjectKind: kind, subjectId: id, reason: text } });
      close();
      announce(t('report.done'), location.pathname);
    } catch (err) {
      const result = formErrors(err, t, { reason: 'reason', subjectId: 'reason' });
      // This form's own words for the two answers someone can act on.
      if (err instanceof ApiRequestError) {
        for (const e of err.errors) {
          if (e.code === 'CONFLICT' && e.field === 'subjectId') result.fields.reason = t('report.conflict');
          else if (e.code === 'BAD_USER_INPUT' && e.field === 'reason') result.fields.reason = t('report.reason.invalid');
        }
      }
      show(result);
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  };

  return (
    <div className={`plein-report${open ? ' plein-report--open' : ''}`}>
      <button
        ref={buttonRef}
        type="button"
        className="utrecht-button plein-quiet"
        aria-expanded={open}
        aria-controls={open ? `${base}-form` : undefined}
        aria-describedby={describedBy}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {kind === 'USER' ? t('report.button.user') : t('report.button')}
      </button>
      {open && (
        <form
          id={`${base}-form`}
          ref={formRef}
          onSubmit={submit}
          onKeyDown={onKeyDown}
          noValidate
          className="plein-form plein-card plein-report__form"
          aria-labelledby={headingId}
        >
          <h3 id={headingId} className="utrecht-heading-3">
            {t(`report.heading.${kind}`)}
          </h3>
          {errors.form.length > 0 && (
            <Alert kind="error">
              {errors.form.map((message) => (
                <p key={message} className="utrecht-paragraph">
                  {message}
                </p>
              ))}
            </Alert>
          )}
          <TextAreaField
            id={`${base}-reason`}
            label={t('report.reason.label')}
            description={t('report.reason.description')}
            error={errors.fields.reason}
            value={reason}
            onChange={setReason}
            rows={3}
            maxLength={1000}
          />
          <div className="plein-actions">
            <Button type="submit" disabled={busy}>
              {t('report.submit')}
            </Button>
            <Button kind="secondary" onClick={close}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
