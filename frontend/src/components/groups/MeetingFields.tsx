import { useI18n } from '../../i18n';
import { TextAreaField, TextField } from '../Field';

/** A field's value and its setter, as `useState` gives them. */
type Field = [value: string, set: (value: string) => void];

export interface MeetingFieldState {
  title: Field;
  start: Field;
  end: Field;
  place: Field;
  url: Field;
  agenda: Field;
}

/**
 * The fields of a meeting, shared by the group page (a new meeting) and the
 * edit page. `idPrefix` keeps ids apart where other forms share the page;
 * `errors` is keyed by those ids.
 */
export function MeetingFields({
  state,
  errors,
  idPrefix = '',
}: {
  state: MeetingFieldState;
  errors: Record<string, string>;
  idPrefix?: string;
}) {
  const { t } = useI18n();
  const id = (name: string) => (idPrefix ? `${idPrefix}${name.charAt(0).toUpperCase()}${name.slice(1)}` : name);
  const timeDescription = t('meeting.form.time.description');
  return (
    <>
      <TextField
        id={id('title')}
        label={t('meeting.form.title.label')}
        error={errors[id('title')]}
        value={state.title[0]}
        onChange={state.title[1]}
        maxLength={120}
        required
      />
      <TextField
        id={id('start')}
        type="datetime-local"
        label={t('meeting.form.start.label')}
        description={timeDescription}
        error={errors[id('start')]}
        value={state.start[0]}
        onChange={state.start[1]}
        required
      />
      <TextField
        id={id('end')}
        type="datetime-local"
        label={t('meeting.form.end.label')}
        description={timeDescription}
        error={errors[id('end')]}
        value={state.end[0]}
        onChange={state.end[1]}
        required
      />
      <TextField
        id={id('place')}
        label={t('meeting.form.place.label')}
        error={errors[id('place')]}
        value={state.place[0]}
        onChange={state.place[1]}
        maxLength={200}
      />
      <TextField
        id={id('url')}
        type="url"
        label={t('meeting.form.url.label')}
        description={t('meeting.form.url.description')}
        error={errors[id('url')]}
        value={state.url[0]}
        onChange={state.url[1]}
      />
      <TextAreaField
        id={id('agenda')}
        label={t('meeting.form.agenda.label')}
        description={t('meeting.form.agenda.description')}
        formatting
        error={errors[id('agenda')]}
        value={state.agenda[0]}
        onChange={state.agenda[1]}
        rows={5}
        maxLength={20000}
      />
    </>
  );
}
