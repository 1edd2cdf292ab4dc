import { useEffect, useState } from 'react';
import { ApiRequestError, request } from '../api/client';
import { errorMessage } from '../api/errors';
import { PlanAnswersQuery } from '../api/operations';
import { useI18n } from '../i18n';
import { Alert } from './Alert';

interface Answer {
  id: string;
  body: string;
  createdAt: string;
  author: { id: string; displayName: string } | null;
}
interface QuestionAnswers {
  id: string;
  position: number;
  prompt: string;
  answers: Answer[];
}

/** Every answer to every question of a plan, all pages fetched. */
async function loadAll(planId: string): Promise<QuestionAnswers[]> {
  const byId = new Map<string, QuestionAnswers>();
  // One cursor per question: ask again with each question's own cursor until none has more.
  const pending = new Map<string | null, string[] | null>([[null, null]]);
  for (let round = 0; round < 200 && pending.size > 0; round += 1) {
    const [after, only] = pending.entries().next().value as [string | null, string[] | null];
    pending.delete(after);
    const data = await request(PlanAnswersQuery, { id: planId, after });
    for (const q of data.plan?.questions ?? []) {
      if (only && !only.includes(q.id)) continue;
      const entry = byId.get(q.id) ?? { id: q.id, position: q.position, prompt: q.prompt, answers: [] };
      entry.answers.push(...q.answers.nodes);
      byId.set(q.id, entry);
      if (q.answers.pageInfo.hasNextPage && q.answers.pageInfo.endCursor) {
        pending.set(q.answers.pageInfo.endCursor, [...(pending.get(q.answers.pageInfo.endCursor) ?? []), q.id]);
      }
    }
  }
  return [...byId.values()].sort((a, b) => a.position - b.position);
}

/** A CSV cell: quoted, quotes doubled; a leading =, +, - or @ is defused for spreadsheets. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * For the plan's author and professionals: residents' answers per question,
 * with a CSV file made in the browser (opens in a spreadsheet).
 */
export function PlanAnswers({ planId, planTitle }: { planId: string; planTitle: string }) {
  const { t, dateTime } = useI18n();
  const [questions, setQuestions] = useState<QuestionAnswers[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    loadAll(planId).then(setQuestions, (err: unknown) =>
      setProblem(err instanceof ApiRequestError && err.errors[0] ? errorMessage(err.errors[0], t) : t('error.INTERNAL')),
    );
  }, [planId, t]);

  const download = () => {
    if (!questions) return;
    const header = [t('plan.results.csv.question'), t('plan.results.csv.answer'), t('plan.results.csv.name'), t('plan.results.csv.date')];
    const rows = questions.flatMap((q) =>
      q.answers.map((a) => [`${q.position + 1}. ${q.prompt}`, a.body, a.author?.displayName ?? '', a.createdAt]),
    );
    const text = [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n');
    const blob = new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${planTitle.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase() || 'plan'}-antwoorden.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <section aria-labelledby="results-heading" className="plein-section">
      <h2 id="results-heading" className="utrecht-heading-2">
        {t('plan.results.heading')}
      </h2>
      {problem && <Alert kind="error">{problem}</Alert>}
      {questions === null && !problem && <p className="utrecht-paragraph">{t('common.loading')}</p>}
      {questions && (
        <>
          <p className="utrecht-paragraph">
            <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={download}>
              {t('plan.results.download')}
            </button>
          </p>
          {questions.map((q) => (
            <section key={q.id} aria-labelledby={`results-${q.id}`} className="plein-card">
              <h3 className="utrecht-heading-3" id={`results-${q.id}`}>
                {t('plan.questions.number', { number: q.position + 1 })} {q.prompt}
              </h3>
              {q.answers.length === 0 ? (
                <p className="utrecht-paragraph">{t('plan.results.none')}</p>
              ) : (
                <ol className="plein-answers">
                  {q.answers.map((a) => (
                    <li key={a.id}>
                      <p className="utrecht-paragraph plein-break">{a.body}</p>
                      <p className="utrecht-paragraph plein-kind">
                        {a.author?.displayName ?? t('thread.unknown')} · {dateTime(a.createdAt)}
                      </p>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          ))}
        </>
      )}
    </section>
  );
}
