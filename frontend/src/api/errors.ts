import type { MessageKey } from '../i18n';
import nl from '../i18n/nl.json';
import { ApiRequestError } from './client';
import type { ApiError } from './client';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface FormErrors {
  /** Message per input field, keyed by the API's `extensions.field`. */
  fields: Record<string, string>;
  /** Errors that belong to no field of this form. */
  form: string[];
}

function isKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(nl, key);
}

/** A readable, translated message for one API error. */
export function errorMessage(error: ApiError, t: Translate): string {
  const vars = { seconds: error.retryAfter ?? 60 };
  // Unconfirmed accounts may read but not post; the API says so in its
  // message (FORBIDDEN carries no field), and the reader should hear how to fix it.
  if (error.code === 'FORBIDDEN' && /confirm your email/i.test(error.message)) {
    return t('error.FORBIDDEN.unconfirmed');
  }
  const specific = `error.${error.code}.${error.field ?? ''}`;
  if (error.field && isKey(specific)) return t(specific, vars);
  const general = `error.${error.code}`;
  if (isKey(general)) return t(general, vars);
  return t('error.INTERNAL');
}

/**
 * Splits what the API answered into messages next to this form's inputs and
 * messages for the form as a whole. `fields` maps API field names (the input's
 * field, as in `extensions.field`) to the names the form uses.
 */
export function formErrors(
  err: unknown,
  t: Translate,
  fields: Record<string, string>,
): FormErrors {
  const result: FormErrors = { fields: {}, form: [] };
  const errors: ApiError[] =
    err instanceof ApiRequestError ? err.errors : [{ message: String(err), code: 'INTERNAL' }];
  for (const error of errors) {
    const message = errorMessage(error, t);
    const target = error.field ? fields[error.field] : undefined;
    if (target && !(target in result.fields)) {
      result.fields[target] = message;
    } else if (!result.form.includes(message)) {
      result.form.push(message);
    }
  }
  return result;
}
