import { useEffect, useRef, useState } from 'react';
import type { FormErrors } from '../api/errors';
import { focusFirstError } from './Page';

const NONE: FormErrors = { fields: {}, form: [] };

/**
 * A form's error state. Whenever new errors are shown, focus moves to the
 * first invalid input (or the form's error box), so nobody has to hunt for it.
 */
export function useFormErrors() {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NONE);
  const [shown, setShown] = useState(0);

  useEffect(() => {
    if (shown > 0) focusFirstError(formRef.current);
  }, [shown]);

  return {
    formRef,
    errors,
    show: (next: FormErrors) => {
      setErrors(next);
      if (Object.keys(next.fields).length > 0 || next.form.length > 0) setShown((n) => n + 1);
    },
    clear: () => setErrors(NONE),
  };
}
