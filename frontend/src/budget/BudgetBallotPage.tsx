import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { request } from '../api/client';
import { errorMessage } from '../api/errors';
import { ApiRequestError } from '../api/client';
import { Alert } from '../components/Alert';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { OnBehalfOfBallot } from './OnBehalfOfBallot';
import { useGrantors } from '../components/OnBehalfOf';
import { Name, useI18n } from '../i18n';
import { useSession } from '../session';
import { CastBallotMutation, money } from './api';
import type { BudgetRound } from './api';
import { BackToRound, useRound } from './common';

type Translate = ReturnType<typeof useI18n>['t'];

/** What a ballot uses of what it may use: euros for approval, points for cumulative. */
function usage(round: BudgetRound, picked: Record<string, number>) {
  const chosen = round.projects.filter((p) => (picked[p.id] ?? 0) > 0);
  if (round.ballotKind === 'CUMULATIVE') {
    const used = chosen.reduce((sum, p) => sum + (picked[p.id] ?? 0), 0);
    return { chosen, used, max: round.points ?? 0, points: true };
  }
  const used = chosen.reduce((sum, p) => sum + p.cost, 0);
  return { chosen, used, max: round.maxTotal ?? round.budget, points: false };
}

/** Client-side checks, the same the API makes, as messages per field. */
function check(
  round: BudgetRound,
  picked: Record<string, number>,
  ageOk: boolean,
  t: Translate,
  locale: 'nl' | 'en',
  forName: string | null = null,
) {
  const fields: Record<string, string> = {};
  const { chosen, used, max } = usage(round, picked);
  if (chosen.length === 0) fields.choices = t('budget.ballot.error.empty');
  else if (round.ballotKind === 'CUMULATIVE') {
    if (used !== max) fields.choices = t('budget.ballot.error.points', { used, max });
  } else if (round.maxProjects && chosen.length > round.maxProjects) {
    fields.choices = t('budget.ballot.error.maxProjects', { n: round.maxProjects, chosen: chosen.length });
  } else if (round.maxTotal && used > round.maxTotal) {
    fields.choices = t('budget.ballot.error.maxTotal', {
      used: money(used, locale),
      max: money(round.maxTotal, locale),
    });
  }
  if (round.minAge && !ageOk) {
    fields.age = forName
      ? t('budget.ballot.error.ageFor', { age: round.minAge, name: forName })
      : t('budget.ballot.error.age', { age: round.minAge });
  }
  return fields;
}

function UsageBar({ round, picked }: { round: BudgetRound; picked: Record<string, number> }) {
  const { t, locale } = useI18n();
  const { used, max, points, chosen } = usage(round, picked);
  const text = points
    ? t('budget.ballot.usedPoints', { used, max })
    : t('budget.ballot.used', { used: money(used, locale), max: money(max, locale) });
  const extra =
    !points && round.maxProjects ? ` ${t('budget.ballot.usedProjects', { n: chosen.length, max: round.maxProjects })}` : '';
  return (
    <div className="plein-budget-usage">
      <meter
        id="budget-usage-meter"
        className="plein-budget-usage__meter"
        min={0}
        max={max || 1}
        value={Math.min(used, max)}
        aria-labelledby="budget-usage-text"
      />
      <p id="budget-usage-text" className="utrecht-paragraph" aria-live="polite" aria-atomic="true">
        {text}
        {extra}
        {used > max && <strong> {t('budget.ballot.over')}</strong>}
      </p>
    </div>
  );
}

/** The ballot: pick projects or spread points, send, and change it while voting is open. */
export function BudgetBallotPage() {
  const { id } = useParams();
  const { t, tx, locale } = useI18n();
  const { me } = useSession();
  const { round, reload } = useRound(id, true);
  const [picked, setPicked] = useState<Record<string, number>>({});
  const [ageOk, setAgeOk] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<null | { replaced: boolean; name: string | null }>(null);
  const { formRef, errors, show, clear } = useFormErrors();
  // Whom the ballot is for: '' for the viewer, or someone whose mandate for budget votes they hold.
  const grantors = useGrantors('BUDGET_VOTE');
  const [forWhom, setForWhom] = useState('');
  const grantor = grantors.find((g) => g.id === forWhom);

  useEffect(() => {
    if (forWhom) {
      // Someone else's ballot is secret from the delegate too: it starts empty.
      setPicked({});
      setAgeOk(false);
    } else if (round?.viewerBallot) {
      setPicked(Object.fromEntries(round.viewerBallot.map((c) => [c.projectId, c.points])));
      setAgeOk(true);
    } else {
      setPicked({});
      setAgeOk(false);
    }
  }, [round, forWhom]);

  if (round === undefined) {
    return (
      <Page title={t('budget.ballot.title')}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (round === null) {
    return (
      <Page title={t('budget.round.notFound')}>
        <Link className="utrecht-link utrecht-link--html-a" to="/begroting">
          {t('budget.rounds.title')}
        </Link>
      </Page>
    );
  }
  if (sent) {
    return (
      <Page title={sent.name ? t('budget.ballot.sentFor.title', { name: sent.name }) : t('budget.ballot.sent.title')}>
        <Alert kind="ok">
          <p className="utrecht-paragraph">
            {sent.name
              ? tx(sent.replaced ? 'budget.ballot.sentFor.replaced' : 'budget.ballot.sentFor.body', {
                  name: <Name>{sent.name}</Name>,
                })
              : sent.replaced
                ? t('budget.ballot.sent.replaced')
                : t('budget.ballot.sent.body')}
          </p>
        </Alert>
        <p className="utrecht-paragraph">{t('budget.ballot.sent.change')}</p>
        <p className="utrecht-paragraph">
          <Button
            kind="secondary"
            onClick={() => {
              setSent(null);
              setForWhom('');
              void reload();
            }}
          >
            {sent.name ? t('budget.ballot.sentFor.again') : t('budget.ballot.sent.changeButton')}
          </Button>
        </p>
        <BackToRound id={round.id} />
      </Page>
    );
  }
  const title = t('budget.ballot.titleFor', { round: round.title });
  if (round.phase !== 'VOTING') {
    return (
      <Page title={title}>
        <Alert kind="info">
          <p className="utrecht-paragraph">{t('budget.ballot.closed')}</p>
        </Alert>
        <BackToRound id={round.id} />
      </Page>
    );
  }
  if (me === null) {
    return (
      <Page title={title}>
        <Alert kind="info">
          <p className="utrecht-paragraph">
            {t('budget.ballot.signInFirst')}{' '}
            <Link className="utrecht-link utrecht-link--html-a" to="/inloggen">
              {t('nav.signIn')}
            </Link>
          </p>
        </Alert>
      </Page>
    );
  }

  const cumulative = round.ballotKind === 'CUMULATIVE';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields = check(round, picked, ageOk, t, locale, grantor?.displayName ?? null);
    if (Object.keys(fields).length > 0) {
      show({ fields, form: [] });
      return;
    }
    clear();
    setBusy(true);
    try {
      const choices = usage(round, picked).chosen.map((p) =>
        cumulative ? { projectId: p.id, points: picked[p.id] } : { projectId: p.id },
      );
      const data = await request(CastBallotMutation, {
        input: { roundId: round.id, choices, ageConfirmed: ageOk, onBehalfOf: grantor?.id ?? null },
      });
      setSent({ replaced: data.castBudgetBallot.replaced, name: grantor?.displayName ?? null });
    } catch (err) {
      const apiErrors = err instanceof ApiRequestError ? err.errors : [];
      const choiceError = apiErrors.find((e) => e.code === 'BAD_USER_INPUT' && e.field !== 'roundId');
      if (choiceError) {
        show({ fields: { choices: t('budget.ballot.error.server', { reason: choiceError.message }) }, form: [] });
      } else {
        // For someone else, "not allowed" means their mandate or their home area: say so by name.
        const forbiddenFor = grantor && apiErrors.some((e) => e.code === 'FORBIDDEN');
        show({
          fields: {},
          form: forbiddenFor
            ? [t('budget.ballot.error.forbiddenFor', { name: grantor.displayName })]
            : apiErrors.length
              ? apiErrors.map((e) => errorMessage(e, t))
              : [t('error.INTERNAL')],
        });
      }
    } finally {
      setBusy(false);
    }
  };

  const choiceError = errors.fields.choices;
  const explain = cumulative
    ? t('budget.ballot.explain.points', { points: round.points ?? 0 })
    : round.maxProjects
      ? t('budget.ballot.explain.maxProjects', { n: round.maxProjects })
      : round.maxTotal
        ? t('budget.ballot.explain.maxTotal', { amount: money(round.maxTotal, locale) })
        : t('budget.ballot.explain.approval');

  return (
    <Page title={title}>
      {round.viewerHasVoted && !grantor && (
        <Alert kind="info">
          <p className="utrecht-paragraph">{t('budget.ballot.alreadyVoted')}</p>
        </Alert>
      )}
      <p className="utrecht-paragraph">{t('budget.ballot.secret')}</p>
      <form ref={formRef} onSubmit={submit} noValidate className="plein-budget-ballot">
        {errors.form.length > 0 && (
          <Alert kind="error">
            {errors.form.map((m) => (
              <p key={m} className="utrecht-paragraph">
                {m}
              </p>
            ))}
          </Alert>
        )}
        <OnBehalfOfBallot
          grantors={grantors}
          value={forWhom}
          onChange={(value) => {
            clear();
            setForWhom(value);
          }}
        />
        <UsageBar round={round} picked={picked} />
        <fieldset
          className={`utrecht-form-fieldset${choiceError ? ' utrecht-form-fieldset--invalid' : ''}`}
          aria-describedby={`choices-explain${choiceError ? ' choices-error' : ''}`}
          aria-invalid={choiceError ? true : undefined}
          tabIndex={-1}
        >
          <legend className="utrecht-form-fieldset__legend utrecht-heading-2">{t('budget.ballot.legend')}</legend>
          <p id="choices-explain" className="utrecht-form-field-description">
            {explain}
          </p>
          {choiceError && (
            <p id="choices-error" className="utrecht-form-field-error-message">
              {choiceError}
            </p>
          )}
          {round.projects.map((project) => {
            const costArea = t('budget.project.costArea', {
              cost: money(project.cost, locale),
              area: project.area?.name ?? '',
            });
            return (
              <div key={project.id} className="utrecht-form-field plein-budget-choice">
                {cumulative ? (
                  <>
                    <label className="utrecht-form-label" htmlFor={`points-${project.id}`}>
                      {t('budget.ballot.pointsFor', { title: project.title })}
                    </label>
                    <div className="utrecht-form-field-description" id={`desc-${project.id}`}>
                      {costArea}
                    </div>
                    <input
                      id={`points-${project.id}`}
                      type="number"
                      min={0}
                      max={round.points ?? undefined}
                      inputMode="numeric"
                      className="utrecht-textbox utrecht-textbox--html-input plein-budget-points"
                      aria-describedby={`desc-${project.id}`}
                      value={picked[project.id] ?? 0}
                      onChange={(e) => {
                        const n = Math.max(0, Math.floor(Number(e.target.value) || 0));
                        setPicked((old) => ({ ...old, [project.id]: n }));
                      }}
                    />
                  </>
                ) : (
                  <>
                    <input
                      id={`pick-${project.id}`}
                      type="checkbox"
                      className="utrecht-checkbox utrecht-checkbox--html-input"
                      aria-describedby={`desc-${project.id}`}
                      checked={(picked[project.id] ?? 0) > 0}
                      onChange={(e) => setPicked((old) => ({ ...old, [project.id]: e.target.checked ? 1 : 0 }))}
                    />{' '}
                    <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={`pick-${project.id}`}>
                      {project.title}
                    </label>
                    <div className="utrecht-form-field-description" id={`desc-${project.id}`}>
                      {costArea}
                    </div>
                  </>
                )}
              </div>
            );
          })}
        </fieldset>
        {round.minAge !== null && (
          <div className={`utrecht-form-field${errors.fields.age ? ' utrecht-form-field--invalid' : ''}`}>
            {errors.fields.age && (
              <p id="age-error" className="utrecht-form-field-error-message">
                {errors.fields.age}
              </p>
            )}
            <input
              id="age"
              type="checkbox"
              className="utrecht-checkbox utrecht-checkbox--html-input"
              checked={ageOk}
              aria-invalid={errors.fields.age ? true : undefined}
              aria-describedby={errors.fields.age ? 'age-error' : undefined}
              onChange={(e) => setAgeOk(e.target.checked)}
            />{' '}
            <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor="age">
              {grantor
                ? t('budget.ballot.ageFor', { age: round.minAge, name: grantor.displayName })
                : t('budget.ballot.age', { age: round.minAge })}
            </label>
          </div>
        )}
        <p className="utrecht-paragraph">
          <Button type="submit" disabled={busy}>
            {grantor
              ? tx('budget.ballot.submitFor', { name: <Name>{grantor.displayName}</Name> })
              : round.viewerHasVoted
                ? t('budget.ballot.submitChange')
                : t('budget.ballot.submit')}
          </Button>
        </p>
      </form>
      <BackToRound id={round.id} />
    </Page>
  );
}
