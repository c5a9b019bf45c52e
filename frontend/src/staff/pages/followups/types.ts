/** The follow-up API's shapes, from the generated client. */
import type { Schemas } from '@/api/client';
import type { paths } from '@/api/schema';

export type TaskStatus = Schemas['FollowUpTaskStatusEnum'];
export type TaskMethod = Schemas['FollowUpMethodEnum'];
export type TaskOutcome = Schemas['FollowUpOutcomeEnum'];
export type RuleKind = Schemas['FollowUpRuleKindEnum'];
export type AssigneeMode = Schemas['FollowUpAssigneeModeEnum'];
export type ResourceRuleKind = Schemas['FollowUpResourceRuleKindEnum'];
export type ResourceActionKind = Schemas['FollowUpResourceActionKindEnum'];

export type FollowUpTask = Schemas['FollowUpTask'];
export type FollowUpTaskDetail = Schemas['FollowUpTaskDetail'];
export type TaskInput = Schemas['FollowUpTaskCreateRequest'];
export type ResultInput = Schemas['FollowUpResultRequest'];
export type ReassignInput = Schemas['FollowUpReassignRequest'];
export type BulkInput = Schemas['FollowUpBulkRequest'];
export type BulkResult = Schemas['FollowUpBulkResult'];
export type TaskSummary = Schemas['FollowUpSummary'];
export type TaskQuery = NonNullable<paths['/api/v1/followups/']['get']['parameters']['query']>;

export type FollowUpRule = Schemas['FollowUpRule'];
export type RuleInput = Schemas['PatchedFollowUpRuleUpdateRequest'];
export type RunResult = Schemas['FollowUpRunResult'];

export type CarePlan = Schemas['CarePlan'];
export type CarePlanInput = Schemas['CarePlanWriteRequest'];
export type CarePlanQuery = NonNullable<paths['/api/v1/care-plans/']['get']['parameters']['query']>;

export type ResourceRule = Schemas['ResourceRule'];
export type ResourceRuleInput = Schemas['ResourceRuleWriteRequest'];
export type ResourceAction = Schemas['ResourceAction'];
export type ResourceActionQuery = NonNullable<paths['/api/v1/resource-actions/']['get']['parameters']['query']>;

/** A rule's `params` (typed loosely by the schema): the N of "N days without …". */
export interface RuleParams {
  days?: number;
}

/** A care plan's day lists (typed loosely by the schema): whole days after the treatment, increasing. */
export function planDays(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((day): day is number => typeof day === 'number') : [];
}
