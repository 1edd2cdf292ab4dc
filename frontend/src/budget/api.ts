// Budget rounds ("begrotingsrondes"): the operations the budget pages run.
// The documents are parsed here with hand-written result types, not typed by
// codegen; keep them in step with ../schema.graphql.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';

function doc<TResult, TVariables>(text: string): TypedDocumentNode<TResult, TVariables> {
  return parse(text) as TypedDocumentNode<TResult, TVariables>;
}

export type BudgetPhase = 'SUBMITTING' | 'ASSESSMENT' | 'VOTING' | 'RESULT' | 'REALISATION';
export type BudgetRule = 'GREEDY' | 'EQUAL_SHARES';
export type BudgetBallotKind = 'APPROVAL' | 'CUMULATIVE';

export const PHASES: BudgetPhase[] = ['SUBMITTING', 'ASSESSMENT', 'VOTING', 'RESULT', 'REALISATION'];

export interface AreaRef {
  id: string;
  name: string;
}

export interface RoundSummary {
  id: string;
  title: string;
  phase: BudgetPhase;
  budget: number;
  area: AreaRef | null;
  votingAt: string;
  resultAt: string;
}

export interface BudgetProject {
  id: string;
  title: string;
  descriptionHtml: string;
  cost: number;
  feasible: boolean | null;
  assessmentReason: string | null;
  area: AreaRef | null;
  supportCount: number;
  hidden: boolean;
}

export interface BudgetRound extends RoundSummary {
  description: string;
  descriptionHtml: string;
  maxProjectCost: number | null;
  ballotKind: BudgetBallotKind;
  maxProjects: number | null;
  maxTotal: number | null;
  points: number | null;
  rule: BudgetRule;
  minAge: number | null;
  submittingAt: string;
  assessmentAt: string;
  realisationAt: string;
  viewerHasVoted: boolean;
  viewerFollows: boolean;
  viewerBallot: { projectId: string; points: number }[] | null;
  projects: BudgetProject[];
}

export interface ProjectResult {
  projectId: string;
  funded: boolean;
  votes: number;
  reason: string;
  fundedByOtherRule: boolean;
}

export interface RoundResult {
  rule: BudgetRule;
  budget: number;
  budgetUsed: number;
  budgetLeft: number;
  ballots: number;
  voters: number;
  eligible: number;
  otherRuleBudgetUsed: number;
  projects: ProjectResult[];
}

export const BudgetRoundsQuery = doc<
  { budgetRounds: { nodes: RoundSummary[] } },
  { areaId?: string | null }
>(`
  query BudgetRounds($areaId: ID) {
    budgetRounds(areaId: $areaId, first: 50) {
      nodes { id title phase budget votingAt resultAt area { id name } }
    }
  }
`);

const ROUND_FIELDS = `
  id title phase budget description descriptionHtml maxProjectCost ballotKind maxProjects maxTotal points rule minAge
  submittingAt assessmentAt votingAt resultAt realisationAt viewerHasVoted viewerFollows
  viewerBallot { projectId points }
  area { id name }
`;
const PROJECT_FIELDS = `id title descriptionHtml cost feasible assessmentReason area { id name } supportCount hidden`;

export const BudgetRoundQuery = doc<
  { budgetRound: BudgetRound | null },
  { id: string; onBallot?: boolean }
>(`
  query BudgetRound($id: ID!, $onBallot: Boolean) {
    budgetRound(id: $id) {
      ${ROUND_FIELDS}
      projects(onBallot: $onBallot) { ${PROJECT_FIELDS} }
    }
  }
`);

export const BudgetResultQuery = doc<
  { budgetRound: (BudgetRound & { result: RoundResult | null; pabulib: string | null }) | null },
  { id: string; locale: 'NL' | 'EN' }
>(`
  query BudgetResult($id: ID!, $locale: Locale) {
    budgetRound(id: $id) {
      ${ROUND_FIELDS}
      projects(onBallot: true) { ${PROJECT_FIELDS} }
      pabulib
      result(locale: $locale) {
        rule budget budgetUsed budgetLeft ballots voters eligible otherRuleBudgetUsed
        projects { projectId funded votes reason fundedByOtherRule }
      }
    }
  }
`);

export interface ChoiceInput {
  projectId: string;
  points?: number;
}

export const CastBallotMutation = doc<
  { castBudgetBallot: { replaced: boolean; round: { id: string; viewerHasVoted: boolean } } },
  { input: { roundId: string; choices: ChoiceInput[]; ageConfirmed?: boolean; onBehalfOf?: string | null } }
>(`
  mutation CastBudgetBallot($input: CastBudgetBallotInput!) {
    castBudgetBallot(input: $input) { replaced round { id viewerHasVoted } }
  }
`);

export const AssessProjectMutation = doc<
  { assessBudgetProject: { project: BudgetProject } },
  { input: { projectId: string; feasible: boolean; reason: string; cost?: number | null } }
>(`
  mutation AssessBudgetProject($input: AssessBudgetProjectInput!) {
    assessBudgetProject(input: $input) { project { ${PROJECT_FIELDS} } }
  }
`);

export const PaperBallotMutation = doc<
  { enterPaperBudgetBallot: { round: { id: string } } },
  { input: { roundId: string; number: string; place?: string | null; choices: ChoiceInput[] } }
>(`
  mutation EnterPaperBudgetBallot($input: EnterPaperBudgetBallotInput!) {
    enterPaperBudgetBallot(input: $input) { round { id } }
  }
`);

/** One project on its own page: with its round, and whether the viewer supports it. */
export interface BudgetProjectDetail extends BudgetProject {
  viewerHasSupported: boolean;
  viewerFollows: boolean;
  round: { id: string; title: string; phase: BudgetPhase } | null;
}

export const BudgetProjectQuery = doc<{ budgetProject: BudgetProjectDetail | null }, { id: string }>(`
  query BudgetProject($id: ID!) {
    budgetProject(id: $id) {
      ${PROJECT_FIELDS}
      viewerHasSupported
      viewerFollows
      round { id title phase }
    }
  }
`);

type SupportResult = { project: { id: string; supportCount: number; viewerHasSupported: boolean } };

export const SupportProjectMutation = doc<
  { supportBudgetProject: SupportResult },
  { input: { projectId: string; onBehalfOf?: string | null } }
>(`
  mutation SupportBudgetProject($input: SupportBudgetProjectInput!) {
    supportBudgetProject(input: $input) { project { id supportCount viewerHasSupported } }
  }
`);

export const UnsupportProjectMutation = doc<
  { unsupportBudgetProject: SupportResult },
  { input: { projectId: string; onBehalfOf?: string | null } }
>(`
  mutation UnsupportBudgetProject($input: UnsupportBudgetProjectInput!) {
    unsupportBudgetProject(input: $input) { project { id supportCount viewerHasSupported } }
  }
`);

// A project's thread: the same comment fields as the threads of ideas and
// plans, so the shared thread shows it.
const COMMENT_FIELDS = `
  id depth body bodyHtml official agreeCount viewerAgrees createdAt editedAt deleted hidden
  author { id displayName organisation }
  actedBy { id displayName }
  intake { residentName place }
`;

export const BudgetProjectThreadQuery = doc<
  {
    budgetProject: {
      id: string;
      comments: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        // Comments as the shared thread reads them (components/Thread.tsx).
        nodes: unknown[];
      };
    } | null;
  },
  { id: string; after?: string | null }
>(`
  query BudgetProjectThread($id: ID!, $after: String) {
    budgetProject(id: $id) {
      id
      comments(first: 15, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          ${COMMENT_FIELDS}
          replies {
            ${COMMENT_FIELDS}
            replies {
              ${COMMENT_FIELDS}
              replies {
                ${COMMENT_FIELDS}
                replies { ${COMMENT_FIELDS} }
              }
            }
          }
        }
      }
    }
  }
`);

/** Whole cents as money: "€ 25.000" in Dutch, "€25,000" in English; cents only when there are any. */
export function money(cents: number, locale: 'nl' | 'en'): string {
  const euros = cents / 100;
  const whole = cents % 100 === 0;
  return new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  })
    .format(euros)
    .replace(/\u00a0/g, ' ');
}

/** Euros as typed ("25.000", "1250,50", "€ 300") to whole cents; null when not a number. */
export function parseEuros(text: string): number | null {
  const cleaned = text.replace(/[€\s]/g, '');
  if (!/^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$/.test(cleaned)) return null;
  const [whole, frac = ''] = cleaned.replace(/\./g, '').split(',');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
