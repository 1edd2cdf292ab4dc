import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { loadAllAreas } from '../api/areas';
import type { AreaItem } from '../api/areas';
import { ApiRequestError, request } from '../api/client';
import { formErrors } from '../api/errors';
import { areaOptions } from '../areaLabels';
import { Alert } from '../components/Alert';
import { SelectField, TextField } from '../components/Field';
import { Button, Page } from '../components/Page';
import { useFormErrors } from '../components/useFormErrors';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useStatus } from '../status';
import { ImportRoundMutation } from './formsApi';

const API_FIELDS = { areaId: 'area', title: 'title', file: 'file' };

/** The API names a bad file's line and reason as "file: line 12: reason". */
export function fileProblem(message: string): { line: number; reason: string } | null {
  const match = /\bline (\d+): ([\s\S]*)$/.exec(message);
  return match ? { line: Number(match[1]), reason: match[2] ?? '' } : null;
}

/** Imports a past round from a pabulib file (admins): a closed round with its result. */
export function BudgetImportPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const navigate = useNavigate();
  const { formRef, errors, show } = useFormErrors();
  const [areas, setAreas] = useState<AreaItem[]>([]);
  const [area, setArea] = useState('');
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadAllAreas().then(setAreas, () => setAreas([]));
  }, []);

  const pageTitle = t('budget.import.title');
  if (me === undefined) {
    return (
      <Page title={pageTitle}>
        <p className="utrecht-paragraph">{t('common.loading')}</p>
      </Page>
    );
  }
  if (me?.role !== 'ADMIN') {
    return (
      <Page title={pageTitle}>
        <Alert kind="info">
          <p className="utrecht-paragraph">{t('budget.import.adminsOnly')}</p>
        </Alert>
        <p className="utrecht-paragraph">
          <Link className="utrecht-link utrecht-link--html-a" to="/begroting">
            {t('budget.rounds.title')}
          </Link>
        </p>
      </Page>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!area) fields.area = t('budget.import.error.area');
    if (!title.trim()) fields.title = t('budget.import.error.title');
    if (!file) fields.file = t('budget.import.error.noFile');
    if (Object.keys(fields).length > 0 || !file) {
      show({ fields, form: [] });
      return;
    }
    setBusy(true);
    try {
      const text = await file.text();
      const data = await request(ImportRoundMutation, { input: { areaId: area, title: title.trim(), file: text } });
      const id = data.importBudgetRound.round.id;
      announce(t('budget.import.done', { title: title.trim() }), `/begroting/${id}`);
      navigate(`/begroting/${id}`);
    } catch (err) {
      const result = formErrors(err, t, API_FIELDS);
      const apiErrors = err instanceof ApiRequestError ? err.errors : [];
      const bad = apiErrors.find((e) => e.code === 'BAD_USER_INPUT' && e.field === 'file');
      if (bad) {
        const problem = fileProblem(bad.message);
        result.fields.file = problem
          ? problem.line > 0
            ? t('budget.import.error.line', { line: problem.line, reason: problem.reason })
            : t('budget.import.error.whole', { reason: problem.reason })
          : t('budget.import.error.whole', { reason: bad.message.replace(/^file: /, '') });
      }
      show(result);
    } finally {
      setBusy(false);
    }
  };

  const fileError = errors.fields.file;
  return (
    <Page title={pageTitle}>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t('budget.import.intro')}</p>
      <p className="utrecht-paragraph">{t('budget.import.explain')}</p>
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
        <SelectField
          id="area"
          label={t('budget.import.area')}
          error={errors.fields.area}
          value={area}
          onChange={setArea}
          options={[{ value: '', label: t('budget.newRound.areaNone') }, ...areaOptions(areas, (a) => a.id)]}
          required
        />
        <TextField
          id="title"
          label={t('budget.import.name')}
          description={t('budget.import.nameHelp')}
          error={errors.fields.title}
          value={title}
          onChange={setTitle}
          maxLength={120}
          required
        />
        <div className={`utrecht-form-field utrecht-form-field--text${fileError ? ' utrecht-form-field--invalid' : ''}`}>
          <div className="utrecht-form-field__label">
            <label className="utrecht-form-label" htmlFor="file">
              {t('budget.import.file')}
            </label>
          </div>
          <div id="file-description" className="utrecht-form-field__description utrecht-form-field-description">
            {t('budget.import.fileHelp')}
          </div>
          {fileError && (
            <div id="file-error" className="utrecht-form-field__error-message utrecht-form-field-error-message">
              {fileError}
            </div>
          )}
          <div className="utrecht-form-field__input">
            <input
              id="file"
              name="file"
              type="file"
              accept=".pb,text/plain"
              className="plein-budget-file"
              aria-invalid={fileError ? true : undefined}
              aria-describedby={fileError ? 'file-error file-description' : 'file-description'}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              required
            />
          </div>
        </div>
        <Button type="submit" disabled={busy}>
          {t('budget.import.submit')}
        </Button>
      </form>
    </Page>
  );
}
