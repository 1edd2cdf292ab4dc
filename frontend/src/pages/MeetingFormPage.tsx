import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiRequestError, request } from '../api/client';
import { formErrors } from '../api/errors';
import { CancelMeetingMutation, MeetingEditQuery, SaveMeetingMutation } from '../api/operations';
import { Alert } from '../components/Alert';
import { Button, Page } from '../components/Page';
import { MeetingFields } from '../components/groups/MeetingFields';
import { FinalAction } from '../components/groups/FinalAction';
import { useFormErrors } from '../components/useFormErrors';
import type { MeetingEditQuery as Result, SaveMeetingInput } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';
import { amsterdamToIso, localInput } from './PlanFormPage';

type Meeting = NonNullable<Result['meeting']>;

const API_FIELDS = { title: 'title', startsAt: 'start', endsAt: 'end', place: 'place', onlineUrl: 'url', agenda: 'agenda' };

/**
 * Changes to a meeting at `/werkgroepen/:id/bijeenkomsten/:meetingId/bewerken`:
 * title, time (Dutch time), place, link and agenda; coordinators only. The
 * members hear of every change and their calendars follow it.
 */
export function MeetingFormPage() {
  const { t, dateTime } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const { id = '', meetingId = '' } = useParams<{ id: string; meetingId: string }>();
  const { formRef, errors, show } = useFormErrors();
  const [meeting, setMeeting] = useState<Meeting | null | undefined>(undefined);
  const [title, setTitle] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [place, setPlace] = useState('');
  const [url, setUrl] = useState('');
  const [agenda, setAgenda] = useState('');
  const [busy, setBusy] = useState(false);
  const viewer = me === undefined ? undefined : (me?.id ?? null);

  useEffect(() => {
    if (viewer === undefined) return;
    request(MeetingEditQuery, { id: meetingId }).then(
      (data) => {
        const found = data.meeting && data.meeting.group?.id === id ? data.meeting : null;
        setMeeting(found);
        if (found) {
          setTitle(found.title);
          setStart(localInput(new Date(found.startsAt)));
          setEnd(localInput(new Date(found.endsAt)));
          setPlace(found.place ?? '');
          setUrl(found.onlineUrl ?? '');
          setAgenda(found.agenda);
        }
      },
      () => setMeeting(null),
    );
  }, [id, meetingId, viewer]);

  const pageTitle = t('meetingForm.title');

  if (me === null) {
    return (
      <Page title={pageTitle}>
        <Alert kind="info">
          <p className="utrecht-paragraph">
            {t('meetingForm.signInFirst')}{' '}
            <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
              {t('nav.signIn')}
            </Link>
          </p>
        </Alert>
      </Page>
    );
  }
  if (meeting === undefined) {
    return (
      <Page title={pageTitle}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (meeting === null) {
    return (
      <Page title={pageTitle}>
        <Alert kind="warning">{t('meetingForm.notFound')}</Alert>
      </Page>
    );
  }

  const backLink = (
    <p className="utrecht-paragraph">
      <Link className="utrecht-link utrecht-link--html-a" to={`/werkgroepen/${id}`}>
        {t('group.backTo', { name: meeting.group?.name ?? '' })}
      </Link>
    </p>
  );
  const when = t('meeting.range', { start: dateTime(meeting.startsAt), end: dateTime(meeting.endsAt) });
  if (meeting.group?.viewerRole !== 'COORDINATOR' || meeting.cancelledAt) {
    return (
      <Page title={pageTitle}>
        <Alert kind="warning">{meeting.cancelledAt ? t('meetingForm.cancelledNotice') : t('meetingForm.coordinatorsOnly')}</Alert>
        {backLink}
      </Page>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const startsAt = amsterdamToIso(start);
    const endsAt = amsterdamToIso(end);
    const fields: Record<string, string> = {};
    if (!title.trim()) fields.title = t('meeting.form.title.required');
    if (!startsAt) fields.start = t('meeting.form.time.required');
    if (!endsAt) fields.end = t('meeting.form.time.required');
    if (Object.keys(fields).length > 0 || !startsAt || !endsAt) {
      show({ fields, form: [] });
      return;
    }
    const input: SaveMeetingInput = {
      id: meeting.id,
      title: title.trim(),
      place: place.trim(),
      onlineUrl: url.trim(),
      agenda: agenda.trim(),
    };
    // Times only when moved (to the minute, as the inputs show them): an
    // unmoved meeting that has begun can still be corrected.
    if (start !== localInput(new Date(meeting.startsAt))) input.startsAt = startsAt;
    if (end !== localInput(new Date(meeting.endsAt))) input.endsAt = endsAt;
    setBusy(true);
    try {
      await request(SaveMeetingMutation, { input });
      announce(t('meetingForm.saved', { title: title.trim() }), `/werkgroepen/${id}`);
      navigate(`/werkgroepen/${id}`);
    } catch (err) {
      const shown = formErrors(err, t, API_FIELDS);
      // A meeting cancelled meanwhile is refused on its id.
      if (err instanceof ApiRequestError && err.errors.some((e) => e.code === 'CONFLICT' && e.field === 'id')) {
        shown.form = [t('meetingForm.cancelledNotice')];
      }
      show(shown);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={pageTitle}>
      {backLink}
      <p className="utrecht-paragraph">{t('meetingForm.current', { title: meeting.title, when })}</p>
      <p className="utrecht-paragraph">{t('meetingForm.intro')}</p>
      <form ref={formRef} onSubmit={submit} noValidate className="plein-form">
        {errors.form.length > 0 && (
          <Alert kind="error">
            {errors.form.map((message) => (
              <p key={message} className="utrecht-paragraph">
                {message}
              </p>
            ))}
          </Alert>
        )}
        <MeetingFields
          state={{
            title: [title, setTitle],
            start: [start, setStart],
            end: [end, setEnd],
            place: [place, setPlace],
            url: [url, setUrl],
            agenda: [agenda, setAgenda],
          }}
          errors={errors.fields}
        />
        <Button type="submit" disabled={busy}>
          {t('meetingForm.save')}
        </Button>
      </form>
      {new Date(meeting.endsAt).getTime() > Date.now() && (
        <FinalAction
          id="cancel"
          heading={t('meetingForm.cancel.heading')}
          intro={t('meetingForm.cancel.intro')}
          label={t('meeting.cancel')}
          confirm={t('meeting.cancel.confirm')}
          done={t('meetingForm.cancel.done', { title: meeting.title })}
          to={`/werkgroepen/${id}`}
          run={() => request(CancelMeetingMutation, { id: meeting.id })}
        />
      )}
    </Page>
  );
}
