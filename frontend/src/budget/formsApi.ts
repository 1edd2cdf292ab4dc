// The budget writes that the forms run: a new round, a submitted project, an
// imported past round. Parsed here with hand-written types, like ./api.ts;
// keep them in step with ../schema.graphql.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { parseEuros } from './api';
import type { BudgetBallotKind, BudgetPhase, BudgetRule } from './api';

function doc<TResult, TVariables>(text: string): TypedDocumentNode<TResult, TVariables> {
  return parse(text) as TypedDocumentNode<TResult, TVariables>;
}

export interface CreateRoundInput {
  areaId: string;
  title: string;
  description: string;
  budget: number;
  maxProjectCost: number | null;
  ballotKind: BudgetBallotKind;
  maxProjects: number | null;
  maxTotal: number | null;
  points: number | null;
  rule: BudgetRule;
  minAge: number | null;
  submittingAt: string;
  assessmentAt: string;
  votingAt: string;
  resultAt: string;
  realisationAt: string;
}

export const CreateRoundMutation = doc<
  { createBudgetRound: { round: { id: string } } },
  { input: CreateRoundInput }
>(`
  mutation CreateBudgetRound($input: CreateBudgetRoundInput!) {
    createBudgetRound(input: $input) { round { id } }
  }
`);

export interface SubmitProjectInput {
  roundId: string;
  title: string;
  description: string;
  areaId: string;
  cost: number;
  onBehalfOf?: string | null;
  intake?: { residentName: string; place: string } | null;
}

export const SubmitProjectMutation = doc<
  { submitBudgetProject: { project: { id: string } } },
  { input: SubmitProjectInput }
>(`
  mutation SubmitBudgetProject($input: SubmitBudgetProjectInput!) {
    submitBudgetProject(input: $input) { project { id } }
  }
`);

export const ImportRoundMutation = doc<
  { importBudgetRound: { round: { id: string } } },
  { input: { areaId: string; title: string; file: string } }
>(`
  mutation ImportBudgetRound($input: ImportBudgetRoundInput!) {
    importBudgetRound(input: $input) { round { id } }
  }
`);

export interface UpdateRoundInput {
  roundId: string;
  title?: string;
  description?: string;
  budget?: number;
  submittingAt?: string;
  assessmentAt?: string;
  votingAt?: string;
  resultAt?: string;
  realisationAt?: string;
}

export const UpdateRoundMutation = doc<
  { updateBudgetRound: { round: { id: string } } },
  { input: UpdateRoundInput }
>(`
  mutation UpdateBudgetRound($input: UpdateBudgetRoundInput!) {
    updateBudgetRound(input: $input) { round { id } }
  }
`);

export const SetRoundPhaseMutation = doc<
  { setBudgetRoundPhase: { round: { id: string; phase: BudgetPhase } } },
  { input: { roundId: string; phase: BudgetPhase } }
>(`
  mutation SetBudgetRoundPhase($input: SetBudgetRoundPhaseInput!) {
    setBudgetRoundPhase(input: $input) { round { id phase } }
  }
`);

/** A whole number typed in a field; null when empty or not a whole number. */
export function parseWhole(text: string): number | null {
  const cleaned = text.trim();
  return /^\d{1,9}$/.test(cleaned) ? Number(cleaned) : null;
}

/**
 * Euros as typed in the viewer's language, to whole cents: "12.500,50" in
 * Dutch, "12,500.50" in English; null when not an amount.
 */
export function parseEurosIn(text: string, locale: 'nl' | 'en'): number | null {
  const dutch = locale === 'en' ? text.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.')) : text;
  return parseEuros(dutch);
}
