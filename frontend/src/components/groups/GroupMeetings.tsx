import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { request } from '../../api/client';
import { formErrors } from '../../api/errors';
import { CancelMeetingMutation, GroupMeetingsQuery, RsvpMutation, SaveMeetingMutation } from '../../api/operations';
import { RSVP_ANSWERS, rsvpKey } from '../../content/labels';
import type { MeetingFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { amsterdamToIso } from '../../pages/PlanFormPage';
import { Alert } from '../Alert';
import { TextAreaField } from '../Field';
import { Button } from '../Page';
import { MeetingFields } from './MeetingFields';
import { OnBehalfOfField } from '../OnBehalfOf';
import type { Grantor } from '../OnBehalfOf';
import { useFormErrors } from '../useFormErrors';
import { useAction, useProblemText } from './useAction';
import { LinkHost, Prose } from '../Prose';

function MinutesForm({ meeting, onDone }: { meeting: MeetingFieldsFragment; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [minutes, setMinutes] = useState(meeting.minutes ?? '');
  const [busy, setBusy] = useState(false);
  const id = `minutes-${meeting.id}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!minutes.trim()) {
      show({ fields: { minutes: t('meeting.minutes.required') }, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(SaveMeetingMutation, { input: { id: meeting.id, minutes: minutes.trim() } });
      clear();
      await onDone();
    } catch (err) {
      show(formErrors(err, t, { minutes: 'minutes' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form">
      {errors.form.length > 0 && <Alert kind="error">{errors.form.join(' ')}</Alert>}
      <TextAreaField
        id={id}
        label={t('meeting.minutes.label', { title: meeting.title })}
        description={t('meeting.minutes.description')}
        formatting
        error={errors.fields.minutes}
        value={minutes}
        onChange={setMinutes}
        rows={5}
        maxLength={20000}
      />
      <Button type="submit" kind="secondary" disabled={busy}>
        {t('meeting.minutes.submit')}
      </Button>
    </form>
  );
}

function MeetingItem({
  meeting,
  groupId,
  past,
  member,
  coordinator,
  grantors,
  onChanged,
}: {
  meeting: MeetingFieldsFragment;
  groupId: string;
  past: boolean;
  member: boolean;
  coordinator: boolean;
  /** The members whom the viewer may answer for, under a mandate. */
  grantors: Grantor[];
  onChanged: () => Promise<void>;
}) {
  const { t, dateTime } = useI18n();
  const { problem, busy, act } = useAction();
  // A delegate who is no member answers only for the members they act for.
  const answers = member || grantors.length > 0;
  const [rsvp, setRsvp] = useState({ answer: meeting.viewerRsvp, counts: meeting.rsvpCounts });
  useEffect(() => setRsvp({ answer: meeting.viewerRsvp, counts: meeting.rsvpCounts }), [meeting]);
  // Answering for someone who gave the viewer a mandate: the buttons then
  // stand for their answer, which the page does not know, so none is pressed.
  const [forWhom, setForWhom] = useState(member ? '' : (grantors[0]?.id ?? ''));
  const [answeredFor, setAnsweredFor] = useState('');
  const headingId = `meeting-${meeting.id}`;
  const countsId = `meeting-${meeting.id}-rsvp`;
  const cancelled = !!meeting.cancelledAt;

  return (
    <li className="plein-card plein-meeting">
      <h4 className="utrecht-heading-4" id={headingId}>
        {meeting.title}
      </h4>
      {cancelled && (
        <p className="utrecht-paragraph">
          <span className="utrecht-status-badge utrecht-status-badge--danger">{t('meeting.cancelled')}</span>
        </p>
      )}
      <dl className="plein-facts">
        <dt>{t('meeting.when')}</dt>
        <dd>{t('meeting.range', { start: dateTime(meeting.startsAt), end: dateTime(meeting.endsAt) })}</dd>
        {meeting.place && (
          <>
            <dt>{t('meeting.place')}</dt>
            <dd>{meeting.place}</dd>
          </>
        )}
        {meeting.onlineUrl && (
          <>
            <dt>{t('meeting.online')}</dt>
            <dd className="plein-break">
              <a className="utrecht-link utrecht-link--html-a" href={meeting.onlineUrl} rel="noopener noreferrer nofollow">
                {meeting.onlineUrl}
              </a>
              <LinkHost href={meeting.onlineUrl} />
            </dd>
          </>
        )}
      </dl>
      {meeting.agendaHtml && (
        <>
          <p className="utrecht-paragraph">
            <strong>{t('meeting.agenda')}</strong>
          </p>
          <Prose html={meeting.agendaHtml} />
        </>
      )}
      <p className="utrecht-paragraph" id={countsId}>
        {t('meeting.rsvp.counts', { yes: rsvp.counts.yes, no: rsvp.counts.no, maybe: rsvp.counts.maybe })}
      </p>
      {answers && !past && !cancelled && (
        <>
          <OnBehalfOfField
            id={`${headingId}-for`}
            grantors={grantors}
            allowSelf={member}
            value={forWhom}
            onChange={(value) => {
              setForWhom(value);
              setAnsweredFor('');
            }}
          />
          <div className="plein-actions plein-choice" role="group" aria-label={t('meeting.rsvp.label', { title: meeting.title })}>
            {!forWhom && rsvp.answer && (
              <p className="utrecht-paragraph plein-chosen">
                <span className="plein-chosen__text">
                  {t(`meeting.rsvp.chosen.${rsvp.answer}`)} <span aria-hidden="true">✓</span>
                </span>
              </p>
            )}
            {RSVP_ANSWERS.filter((answer) => forWhom || answer !== rsvp.answer).map((answer) => (
              <Button
                key={answer}
                kind={!forWhom && rsvp.answer ? 'subtle' : 'secondary'}
                describedBy={countsId}
                disabled={busy}
                onClick={() =>
                  void act(async () => {
                    const data = await request(RsvpMutation, {
                      input: { meetingId: meeting.id, answer, onBehalfOf: forWhom || null },
                    });
                    setRsvp({ answer: data.rsvp.meeting.viewerRsvp, counts: data.rsvp.meeting.rsvpCounts });
                    const grantor = grantors.find((g) => g.id === forWhom);
                    setAnsweredFor(
                      grantor ? t('meeting.rsvp.doneFor', { name: grantor.displayName, answer: t(rsvpKey(answer)) }) : '',
                    );
                  })
                }
              >
                {!forWhom && rsvp.answer ? t(`meeting.rsvp.change.${answer}`) : t(rsvpKey(answer))}
              </Button>
            ))}
          </div>
          {grantors.length > 0 && (
            <p className="utrecht-paragraph" role="status" aria-live="polite">
              {answeredFor}
            </p>
          )}
        </>
      )}
      {!cancelled && (
        <p className="utrecht-paragraph">
          <a className="utrecht-link utrecht-link--html-a" href={meeting.calendarPath} aria-describedby={headingId}>
            {t('meeting.ics')}
          </a>
        </p>
      )}
      {meeting.minutesHtml && (
        <>
          <p className="utrecht-paragraph">
            <strong>{t('meeting.minutes')}</strong>
          </p>
          <Prose html={meeting.minutesHtml} />
        </>
      )}
      {member && past && !cancelled && <MinutesForm meeting={meeting} onDone={onChanged} />}
      {coordinator && !past && !cancelled && (
        <div className="plein-actions">
          <Link
            className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
            to={`/werkgroepen/${groupId}/bijeenkomsten/${meeting.id}/bewerken`}
            aria-describedby={headingId}
          >
            {t('meeting.edit')}
          </Link>
          <Button
            kind="secondary"
            describedBy={headingId}
            disabled={busy}
            onClick={() => {
              if (window.confirm(t('meeting.cancel.confirm'))) {
                void act(() => request(CancelMeetingMutation, { id: meeting.id }), onChanged);
              }
            }}
          >
            {t('meeting.cancel')}
          </Button>
        </div>
      )}
      {problem && <Alert kind="error">{problem}</Alert>}
    </li>
  );
}

const MEETING_FIELDS = {
  title: 'meetingTitle',
  startsAt: 'meetingStart',
  endsAt: 'meetingEnd',
  place: 'meetingPlace',
  onlineUrl: 'meetingUrl',
  agenda: 'meetingAgenda',
};

function MeetingForm({ groupId, onDone }: { groupId: string; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [title, setTitle] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [place, setPlace] = useState('');
  const [url, setUrl] = useState('');
  const [agenda, setAgenda] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    const startsAt = amsterdamToIso(start);
    const endsAt = amsterdamToIso(end);
    const fields: Record<string, string> = {};
    if (!title.trim()) fields.meetingTitle = t('meeting.form.title.required');
    if (!startsAt) fields.meetingStart = t('meeting.form.time.required');
    if (!endsAt) fields.meetingEnd = t('meeting.form.time.required');
    if (Object.keys(fields).length > 0 || !startsAt || !endsAt) {
      show({ fields, form: [] });
      return;
    }
    setBusy(true);
    try {
      await request(SaveMeetingMutation, {
        input: {
          groupId,
          title: title.trim(),
          startsAt,
          endsAt,
          place: place.trim() || null,
          onlineUrl: url.trim() || null,
          agenda: agenda.trim(),
        },
      });
      clear();
      setTitle('');
      setStart('');
      setEnd('');
      setPlace('');
      setUrl('');
      setAgenda('');
      await onDone();
      setDone(t('meeting.form.done'));
    } catch (err) {
      show(formErrors(err, t, MEETING_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form" aria-labelledby="meeting-form-heading">
      <h3 id="meeting-form-heading" className="utrecht-heading-3">
        {t('meeting.form.heading')}
      </h3>
      {errors.form.length > 0 && <Alert kind="error">{errors.form.join(' ')}</Alert>}
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
        idPrefix="meeting"
      />
      <Button type="submit" disabled={busy}>
        {t('meeting.form.submit')}
      </Button>
      <p className="utrecht-paragraph" role="status" aria-live="polite">
        {done}
      </p>
    </form>
  );
}

/**
 * Upcoming and past meetings with RSVPs and calendar files; coordinators
 * schedule and cancel. `grantors` are the members whose mandate lets the
 * viewer answer for them.
 */
export function GroupMeetings({
  groupId,
  member,
  coordinator,
  grantors,
}: {
  groupId: string;
  member: boolean;
  coordinator: boolean;
  grantors: Grantor[];
}) {
  const { t } = useI18n();
  const describe = useProblemText();
  const [meetings, setMeetings] = useState<{ upcoming: MeetingFieldsFragment[]; past: MeetingFieldsFragment[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const data = await request(GroupMeetingsQuery, { id: groupId });
      setMeetings({ upcoming: data.group?.upcoming.nodes ?? [], past: data.group?.past.nodes ?? [] });
    } catch (err) {
      setProblem(describe(err));
    }
  }, [groupId, describe]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="meetings-heading" className="plein-section">
      <h2 id="meetings-heading" className="utrecht-heading-2">
        {t('meeting.heading')}
      </h2>
      {problem && <Alert kind="error">{problem}</Alert>}
      {meetings === null && !problem && <p className="utrecht-paragraph">{t('common.loading')}</p>}
      {meetings && (
        <>
          <h3 className="utrecht-heading-3" id="meetings-upcoming">
            {t('meeting.upcoming')}
          </h3>
          {meetings.upcoming.length === 0 ? (
            <p className="utrecht-paragraph">{t('meeting.upcoming.empty')}</p>
          ) : (
            <ul className="plein-cards" aria-labelledby="meetings-upcoming">
              {meetings.upcoming.map((meeting) => (
                <MeetingItem
                  key={meeting.id}
                  meeting={meeting}
                  groupId={groupId}
                  past={false}
                  member={member}
                  coordinator={coordinator}
                  grantors={grantors}
                  onChanged={load}
                />
              ))}
            </ul>
          )}
          {meetings.past.length > 0 && (
            <>
              <h3 className="utrecht-heading-3" id="meetings-past">
                {t('meeting.past')}
              </h3>
              <ul className="plein-cards" aria-labelledby="meetings-past">
                {meetings.past.map((meeting) => (
                  <MeetingItem
                    key={meeting.id}
                    meeting={meeting}
                    groupId={groupId}
                    past
                    member={member}
                    coordinator={coordinator}
                    grantors={grantors}
                    onChanged={load}
                  />
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {coordinator && <MeetingForm groupId={groupId} onDone={load} />}
    </section>
  );
}
