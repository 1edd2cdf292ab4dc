import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiRequestError, request } from '../api/client';
import { errorMessage, formErrors } from '../api/errors';
import { subscribeToComments } from '../api/live';
import {
  AgreeWithCommentMutation,
  DeleteCommentMutation,
  EditCommentMutation,
  GroupThreadQuery,
  IdeaThreadQuery,
  PlanThreadQuery,
  PostCommentMutation,
  WithdrawAgreementMutation,
} from '../api/operations';
import { BudgetProjectThreadQuery } from '../budget/api';
import type { CommentFieldsFragment, CommentSubjectKind, IdeaThreadQuery as IdeaThreadQueryResult } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { Alert } from './Alert';
import { TextAreaField, TextField } from './Field';
import { OnBehalfOfField, useGrantors } from './OnBehalfOf';
import type { Grantor } from './OnBehalfOf';
import { Provenance } from './Provenance';
import { Button } from './Page';
import { ReportButton } from './ReportButton';
import { useFormErrors } from './useFormErrors';
import { Prose } from './Prose';

type Node = CommentFieldsFragment & { replies?: Node[] };
type Connection = NonNullable<IdeaThreadQueryResult['idea']>['comments'];

const API_FIELDS = {
  body: 'body',
  onBehalfOf: 'onBehalfOf',
  'intake.residentName': 'intakeName',
  'intake.place': 'intakePlace',
};

/** Who a new comment is for: a mandate's grantor, or a resident taken down for. */
interface Extra {
  onBehalfOf: string | null;
  intake: { residentName: string; place: string } | null;
}

function CommentForm({
  id,
  label,
  submitLabel,
  initial = '',
  allowOfficial,
  grantors = [],
  allowIntake = false,
  onSubmit,
  onCancel,
}: {
  id: string;
  label: string;
  submitLabel: string;
  initial?: string;
  allowOfficial: boolean;
  /** Whom the viewer may comment for, under a mandate. */
  grantors?: Grantor[];
  /** Professionals may take a comment down for a resident without an account. */
  allowIntake?: boolean;
  onSubmit: (body: string, official: boolean, extra: Extra) => Promise<void>;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const { formRef, errors, show, clear } = useFormErrors();
  const [body, setBody] = useState(initial);
  const [official, setOfficial] = useState(false);
  const [onBehalfOf, setOnBehalfOf] = useState('');
  const [intakeName, setIntakeName] = useState('');
  const [intakePlace, setIntakePlace] = useState('');
  const [busy, setBusy] = useState(false);
  const forSomeone = onBehalfOf !== '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!body.trim()) fields.body = t('thread.body.required');
    if (intakeName.trim() && !intakePlace.trim()) fields.intakePlace = t('intake.place.required');
    if (intakePlace.trim() && !intakeName.trim()) fields.intakeName = t('intake.residentName.required');
    if (Object.keys(fields).length > 0) {
      show({ fields, form: [] });
      return;
    }
    setBusy(true);
    try {
      const intake =
        allowIntake && !forSomeone && intakeName.trim()
          ? { residentName: intakeName.trim(), place: intakePlace.trim() }
          : null;
      await onSubmit(body.trim(), official && !forSomeone, { onBehalfOf: onBehalfOf || null, intake });
      clear();
      setBody('');
      setOfficial(false);
      setIntakeName('');
      setIntakePlace('');
    } catch (err) {
      show(formErrors(err, t, API_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="plein-form plein-comment-form">
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
        id={id}
        label={label}
        description={t('thread.body.description')}
        formatting
        error={errors.fields.body}
        value={body}
        onChange={setBody}
        rows={4}
        maxLength={5000}
      />
      <OnBehalfOfField
        id={`${id}-for`}
        grantors={grantors}
        value={onBehalfOf}
        onChange={setOnBehalfOf}
        error={errors.fields.onBehalfOf}
      />
      {allowIntake && !forSomeone && (
        <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
            {t('intake.legend')}
          </legend>
          <TextField
            id={`${id}-intake-name`}
            label={t('intake.residentName.label')}
            error={errors.fields.intakeName}
            value={intakeName}
            onChange={setIntakeName}
            maxLength={60}
          />
          <TextField
            id={`${id}-intake-place`}
            label={t('intake.place.label')}
            description={t('intake.place.description')}
            error={errors.fields.intakePlace}
            value={intakePlace}
            onChange={setIntakePlace}
            maxLength={120}
          />
        </fieldset>
      )}
      {allowOfficial && !forSomeone && (
        <div className="utrecht-form-field utrecht-form-field--checkbox">
          <input
            id={`${id}-official`}
            type="checkbox"
            className="utrecht-checkbox utrecht-checkbox--html-input"
            checked={official}
            onChange={(event) => setOfficial(event.target.checked)}
          />{' '}
          <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={`${id}-official`}>
            {t('thread.official.label')}
          </label>
        </div>
      )}
      <div className="plein-actions">
        <Button type="submit" disabled={busy}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button kind="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}

function CommentItem({
  comment,
  subjectKind,
  subjectId,
  canPost,
  grantors,
  reload,
}: {
  comment: Node;
  subjectKind: CommentSubjectKind;
  subjectId: string;
  canPost: boolean;
  /** Whom the viewer may reply for, under a mandate. */
  grantors: Grantor[];
  reload: () => Promise<void>;
}) {
  const { t, dateTime } = useI18n();
  const { me } = useSession();
  const [mode, setMode] = useState<'read' | 'reply' | 'edit'>('read');
  const [problem, setProblem] = useState<string | null>(null);
  const mine = !!me && comment.author?.id === me.id;
  const official = me?.role === 'PROFESSIONAL' || me?.role === 'ADMIN';
  const mayDelete = mine || me?.role === 'MODERATOR' || me?.role === 'ADMIN';
  const headingId = `comment-${comment.id}`;

  const act = async (run: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await run();
      await reload();
    } catch (err) {
      setProblem(
        err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL'),
      );
    }
  };

  return (
    <li className={`plein-comment${comment.official ? ' plein-comment--official' : ''}`}>
      <article aria-labelledby={headingId} id={`${headingId}-article`} tabIndex={-1}>
        <p id={headingId} className="utrecht-paragraph plein-comment__meta">
          <strong>
            {comment.deleted || comment.hidden ? (
              t('thread.deletedAuthor')
            ) : (
              <Provenance author={comment.author} actedBy={comment.actedBy} intake={comment.intake} />
            )}
          </strong>
          {comment.official && (
            <>
              {' '}
              <span className="utrecht-status-badge utrecht-status-badge--info">
                {t('thread.official.badge')}
                {comment.author?.organisation ? ` — ${comment.author.organisation}` : ''}
              </span>
            </>
          )}{' '}
          <span className="plein-kind">
            {dateTime(comment.createdAt)}
            {comment.editedAt && !comment.deleted && !comment.hidden ? ` (${t('thread.edited')})` : ''}
          </span>
        </p>
        {comment.deleted || comment.hidden ? (
          <p className="utrecht-paragraph plein-kind">{t(comment.hidden ? 'thread.hidden' : 'thread.deleted')}</p>
        ) : mode === 'edit' ? (
          <CommentForm
            id={`edit-${comment.id}`}
            label={t('thread.edit.label')}
            submitLabel={t('thread.edit.submit')}
            initial={comment.body ?? ''}
            allowOfficial={false}
            onCancel={() => setMode('read')}
            onSubmit={async (body) => {
              await request(EditCommentMutation, { input: { id: comment.id, body } });
              setMode('read');
              await reload();
            }}
          />
        ) : (
          <Prose html={comment.bodyHtml ?? ''} />
        )}
        {!comment.deleted && !comment.hidden && mode !== 'edit' && (
          <div className="plein-actions">
            <span className="plein-kind">{t('thread.agreeCount', { count: comment.agreeCount })}</span>
            {me && !mine && (
              <Button
                kind="subtle"
                describedBy={headingId}
                pressed={comment.viewerAgrees}
                onClick={() =>
                  act(() =>
                    comment.viewerAgrees
                      ? request(WithdrawAgreementMutation, { input: { commentId: comment.id } })
                      : request(AgreeWithCommentMutation, { input: { commentId: comment.id } }),
                  )
                }
              >
                {t('thread.agree')}
              </Button>
            )}
            {canPost && me && mode === 'read' && (
              <Button kind="subtle" describedBy={headingId} onClick={() => setMode('reply')}>
                {t('thread.reply')}
              </Button>
            )}
            {mine && mode === 'read' && (
              <Button kind="subtle" describedBy={headingId} onClick={() => setMode('edit')}>
                {t('thread.edit')}
              </Button>
            )}
            {mayDelete && mode === 'read' && (
              <Button
                kind="subtle"
                describedBy={headingId}
                onClick={() => {
                  if (window.confirm(t('thread.delete.confirm'))) {
                    void act(() => request(DeleteCommentMutation, { input: { id: comment.id } }));
                  }
                }}
              >
                {t('thread.delete')}
              </Button>
            )}
            {me && !mine && mode === 'read' && <ReportButton kind="COMMENT" id={comment.id} describedBy={headingId} />}
          </div>
        )}
        {problem && <Alert kind="error">{problem}</Alert>}
        {mode === 'reply' && (
          <CommentForm
            id={`reply-${comment.id}`}
            label={t('thread.reply.label', { name: comment.author?.displayName ?? t('thread.unknown') })}
            submitLabel={t('thread.reply.submit')}
            allowOfficial={official}
            grantors={grantors}
            onCancel={() => setMode('read')}
            onSubmit={async (body, isOfficial, extra) => {
              const posted = await request(PostCommentMutation, {
                input: { subjectKind, subjectId, parentId: comment.id, body, official: isOfficial, onBehalfOf: extra.onBehalfOf },
              });
              setMode('read');
              await reload();
              focusComment(posted.postComment.comment.id);
            }}
          />
        )}
      </article>
      {comment.replies && comment.replies.length > 0 && (
        <ol className="plein-thread plein-thread--replies">
          {comment.replies.map((reply) => (
            <CommentItem
              key={reply.id}
              comment={reply}
              subjectKind={subjectKind}
              subjectId={subjectId}
              canPost={canPost}
              grantors={grantors}
              reload={reload}
            />
          ))}
        </ol>
      )}
    </li>
  );
}

/**
 * The comment thread of an idea, plan or working group: nested replies, agreeing, editing
 * and deleting, and new comments from others as they are posted (graphql-ws).
 */
/**
 * Moves focus to a comment just posted, once it shows in the thread, so
 * keyboard and screen-reader users land on what they wrote (not on <body>).
 */
function focusComment(id: string, tries = 20): void {
  const article = document.getElementById(`comment-${id}-article`);
  if (article) article.focus();
  else if (tries > 0) window.setTimeout(() => focusComment(id, tries - 1), 100);
}

export function Thread({
  subjectKind,
  subjectId,
  canPost,
  closedMessage,
  heading,
}: {
  subjectKind: CommentSubjectKind;
  subjectId: string;
  canPost: boolean;
  closedMessage?: string;
  /** Replaces the usual "Reacties (n)" heading, for a group's discussion. */
  heading?: (count: number) => string;
}) {
  const { t } = useI18n();
  const { me } = useSession();
  const [comments, setComments] = useState<Node[] | null>(null);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [pages, setPages] = useState(1);
  const [fresh, setFresh] = useState<string | null>(null);

  const load = useCallback(async () => {
    // Reload as many pages as are shown, so nothing jumps away.
    const all: Node[] = [];
    let after: string | null = null;
    let count = 0;
    let more = false;
    for (let page = 0; page < pages; page += 1) {
      const connection: Connection | undefined =
        subjectKind === 'IDEA'
          ? (await request(IdeaThreadQuery, { id: subjectId, after })).idea?.comments
          : subjectKind === 'GROUP'
            ? (await request(GroupThreadQuery, { id: subjectId, after })).group?.comments
            : subjectKind === 'BUDGET_PROJECT'
              ? ((await request(BudgetProjectThreadQuery, { id: subjectId, after })).budgetProject
                  ?.comments as Connection | undefined)
              : (await request(PlanThreadQuery, { id: subjectId, after })).plan?.comments;
      if (!connection) break;
      all.push(...connection.nodes);
      count = connection.totalCount;
      more = connection.pageInfo.hasNextPage;
      after = connection.pageInfo.endCursor ?? null;
      if (!more) break;
    }
    setComments(all);
    setTotal(count);
    setNext(more ? after : null);
  }, [subjectKind, subjectId, pages]);

  useEffect(() => {
    load().catch(() => setComments([]));
  }, [load]);

  useEffect(
    () =>
      subscribeToComments(subjectKind, subjectId, (id) => {
        setFresh(id);
        load().catch(() => undefined);
      }),
    [subjectKind, subjectId, load],
  );

  const official = me?.role === 'PROFESSIONAL' || me?.role === 'ADMIN';
  const grantors = useGrantors('COMMENT');

  return (
    <section aria-labelledby="thread-heading" className="plein-section">
      <h2 id="thread-heading" className="utrecht-heading-2">
        {heading ? heading(total) : t('thread.heading', { count: total })}
      </h2>
      <div role="status" aria-live="polite" className="plein-visually-hidden">
        {fresh ? t('thread.live') : ''}
      </div>
      {comments === null && <p className="utrecht-paragraph">{t('common.loading')}</p>}
      {comments && comments.length === 0 && <p className="utrecht-paragraph">{t('thread.empty')}</p>}
      {comments && comments.length > 0 && (
        <ol className="plein-thread">
          {comments.map((comment) => (
            <CommentItem
              key={comment.id}
              comment={comment}
              subjectKind={subjectKind}
              subjectId={subjectId}
              canPost={canPost}
              grantors={grantors}
              reload={load}
            />
          ))}
        </ol>
      )}
      {next && (
        <Button kind="secondary" onClick={() => setPages((n) => n + 1)}>
          {t('feed.more')}
        </Button>
      )}
      {!canPost && closedMessage && <Alert kind="info">{closedMessage}</Alert>}
      {canPost && !me && (
        <p className="utrecht-paragraph">
          <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
            {t('thread.signInToComment')}
          </Link>
        </p>
      )}
      {canPost && me && (
        <CommentForm
          id="new-comment"
          label={t('thread.new.label')}
          submitLabel={t('thread.new.submit')}
          allowOfficial={official}
          grantors={grantors}
          allowIntake={official}
          onSubmit={async (body, isOfficial, extra) => {
            const posted = await request(PostCommentMutation, {
              input: { subjectKind, subjectId, body, official: isOfficial, ...extra },
            });
            await load();
            focusComment(posted.postComment.comment.id);
          }}
        />
      )}
    </section>
  );
}
