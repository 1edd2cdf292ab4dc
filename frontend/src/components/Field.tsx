import { FormatHelp } from './FormatHelp';
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

interface FieldFrame {
  id: string;
  label: string;
  description?: string;
  error?: string;
}

/** Label, optional description and error message, wired to the input by id. */
function Frame({
  id,
  label,
  description,
  error,
  children,
}: FieldFrame & { children: ReactNode }) {
  return (
    <div className={`utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      {description && (
        <div id={`${id}-description`} className="utrecht-form-field__description utrecht-form-field-description">
          {description}
        </div>
      )}
      {error && (
        <div id={`${id}-error`} className="utrecht-form-field__error-message utrecht-form-field-error-message">
          {error}
        </div>
      )}
      <div className="utrecht-form-field__input">{children}</div>
    </div>
  );
}

function describedBy(id: string, description?: string, error?: string): string | undefined {
  const ids = [error ? `${id}-error` : '', description ? `${id}-description` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

type TextFieldProps = FieldFrame &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> & {
    value: string;
    onChange: (value: string) => void;
  };

export function TextField({ id, label, description, error, value, onChange, className, ...rest }: TextFieldProps) {
  return (
    <Frame id={id} label={label} description={description} error={error}>
      <input
        {...rest}
        id={id}
        name={rest.name ?? id}
        className={`utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}${className ? ` ${className}` : ''}`}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
      />
    </Frame>
  );
}

export interface Option {
  value: string;
  label: string;
  /** Consecutive options with the same group show in one <optgroup>. */
  group?: string;
}

/** Options, with each run of the same group inside an <optgroup>. */
function renderOptions(options: Option[]) {
  const out: ReactNode[] = [];
  for (let i = 0; i < options.length; ) {
    const group = options[i]?.group;
    let j = i;
    while (j < options.length && options[j]?.group === group) j += 1;
    const run = options.slice(i, j).map((option) => (
      <option key={option.value} value={option.value}>
        {option.label}
      </option>
    ));
    out.push(
      group ? (
        <optgroup key={`group-${i}`} label={group}>
          {run}
        </optgroup>
      ) : (
        run
      ),
    );
    i = j;
  }
  return out;
}

type SelectFieldProps = FieldFrame &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'onChange' | 'value'> & {
    value: string;
    onChange: (value: string) => void;
    options: Option[];
  };

export function SelectField({ id, label, description, error, value, onChange, options, ...rest }: SelectFieldProps) {
  return (
    <Frame id={id} label={label} description={description} error={error}>
      <select
        {...rest}
        id={id}
        name={rest.name ?? id}
        className={`utrecht-select utrecht-select--html-select${error ? ' utrecht-select--invalid' : ''}`}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
      >
        {renderOptions(options)}
      </select>
    </Frame>
  );
}

type TextAreaFieldProps = FieldFrame &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'onChange' | 'value'> & {
    value: string;
    onChange: (value: string) => void;
    /** The text may be formatted (bold, lists, links): shows what to type. */
    formatting?: boolean;
  };

export function TextAreaField({ id, label, description, error, value, onChange, formatting, ...rest }: TextAreaFieldProps) {
  return (
    <Frame id={id} label={label} description={description} error={error}>
      <textarea
        rows={6}
        {...rest}
        id={id}
        name={rest.name ?? id}
        className={`utrecht-textarea utrecht-textarea--html-textarea${error ? ' utrecht-textarea--invalid' : ''}`}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
      />
      {formatting && <FormatHelp />}
    </Frame>
  );
}
