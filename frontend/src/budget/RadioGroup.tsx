/**
 * A set of radio buttons in a fieldset: the legend names the question, each
 * option may carry a short explanation, and an error shows under the legend.
 */
export function RadioGroup({
  id,
  legend,
  description,
  options,
  value,
  onChange,
  error,
}: {
  id: string;
  legend: string;
  description?: string;
  options: { value: string; label: string; description?: string }[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const describedBy = [error ? `${id}-error` : '', description ? `${id}-description` : ''].filter(Boolean).join(' ');
  return (
    <fieldset
      id={id}
      className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}`}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy || undefined}
      tabIndex={-1}
    >
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{legend}</legend>
      {description && (
        <p id={`${id}-description`} className="utrecht-form-field-description">
          {description}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="utrecht-form-field-error-message">
          {error}
        </p>
      )}
      {options.map((option) => (
        <div key={option.value} className="utrecht-form-field utrecht-form-field--radio">
          <input
            type="radio"
            id={`${id}-${option.value || 'none'}`}
            name={id}
            className="utrecht-radio-button utrecht-radio-button--html-input"
            checked={value === option.value}
            onChange={() => onChange(option.value)}
            aria-describedby={option.description ? `${id}-${option.value || 'none'}-description` : undefined}
          />{' '}
          <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={`${id}-${option.value || 'none'}`}>
            {option.label}
          </label>
          {option.description && (
            <div
              id={`${id}-${option.value || 'none'}-description`}
              className="utrecht-form-field-description plein-budget-option-help"
            >
              {option.description}
            </div>
          )}
        </div>
      ))}
    </fieldset>
  );
}
