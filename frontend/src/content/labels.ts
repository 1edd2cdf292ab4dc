import type { MessageKey } from '../i18n';
import type {
  GroupRole,
  GroupVisibility,
  IdeaStatus,
  JoinPolicy,
  ListSort,
  PlanStatus,
  RsvpAnswer,
  TaskStatus,
  VoteAnswer,
} from '../gql/graphql';

export const IDEA_STATUSES: IdeaStatus[] = [
  'DRAFT',
  'PUBLISHED',
  'UNDER_REVIEW',
  'ACCEPTED',
  'IN_PROGRESS',
  'REALISED',
  'DECLINED',
  'WITHDRAWN',
];

/** The statuses a professional may move a published idea to. */
export const IDEA_REVIEW_STATUSES: IdeaStatus[] = ['UNDER_REVIEW', 'ACCEPTED', 'IN_PROGRESS', 'REALISED', 'DECLINED'];

export const PLAN_STATUSES: PlanStatus[] = ['DRAFT', 'CONSULTING', 'CONSIDERING', 'DECIDED', 'IN_PROGRESS', 'DONE', 'CANCELLED'];

export const SORTS: ListSort[] = ['NEWEST', 'MOST_SUPPORTED', 'MOST_DISCUSSED'];

export const ideaStatusKey = (status: IdeaStatus) => `idea.status.${status}` as MessageKey;
export const planStatusKey = (status: PlanStatus) => `plan.status.${status}` as MessageKey;
export const sortKey = (sort: ListSort) => `feed.sort.${sort}` as MessageKey;

/** A status badge colour for an idea or plan status. */
export function badge(status: IdeaStatus | PlanStatus): string {
  switch (status) {
    case 'ACCEPTED':
    case 'REALISED':
    case 'DONE':
    case 'DECIDED':
      return 'success';
    case 'DECLINED':
    case 'CANCELLED':
    case 'WITHDRAWN':
      return 'danger';
    case 'DRAFT':
      return 'neutral';
    default:
      return 'info';
  }
}

/** Tags typed as "groen, speelplek" become ["groen", "speelplek"]. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

export const GROUP_VISIBILITIES: GroupVisibility[] = ['PUBLIC', 'MEMBERS'];
export const JOIN_POLICIES: JoinPolicy[] = ['OPEN', 'REQUEST', 'INVITE'];
export const TASK_STATUSES: TaskStatus[] = ['OPEN', 'DOING', 'DONE'];
export const RSVP_ANSWERS: RsvpAnswer[] = ['YES', 'NO', 'MAYBE'];
export const VOTE_ANSWERS: VoteAnswer[] = ['AGREE', 'ABSTAIN', 'DISAGREE', 'BLOCK'];

export const visibilityKey = (v: GroupVisibility) => `group.visibility.${v}` as MessageKey;
export const joinPolicyKey = (p: JoinPolicy) => `group.joinPolicy.${p}` as MessageKey;
export const groupRoleKey = (r: GroupRole) => `group.role.${r}` as MessageKey;
export const taskStatusKey = (s: TaskStatus) => `task.status.${s}` as MessageKey;
export const rsvpKey = (a: RsvpAnswer) => `meeting.rsvp.${a}` as MessageKey;
export const voteKey = (a: VoteAnswer) => `decision.vote.${a}` as MessageKey;

/** A status badge colour for a task. */
export function taskBadge(status: TaskStatus): string {
  return status === 'DONE' ? 'success' : status === 'DOING' ? 'info' : 'neutral';
}
