/** The follow-up API's shapes as issue 6's contract gives them (until the generated client has them). */

export type TaskStatus = 'open' | 'done' | 'cancelled';
export type TaskMethod = 'phone' | 'wechat' | 'sms' | 'visit';
export type TaskOutcome = 'reached' | 'unreachable' | 'declined' | 'booked' | 'other';
export type RuleKind = 'no_show' | 'visit_unpaid' | 'paid_unused' | 'post_treatment' | 'dormant';
export type AssigneeMode = 'owning_consultant' | 'operator' | 'online_consultant' | 'named' | 'pool';
export type ResourceRuleKind = 'visited_no_buy' | 'no_followup_after_visit' | 'returning_no_buy';
export type ResourceActionKind = 'create_task' | 'flag' | 'release';

export interface Ref {
  id: number;
  name: string;
}

export interface FollowUpTask {
  id: number;
  customer: Ref & { phone: string };
  assignee: Ref | null;
  pool: Ref | null;
  due_on: string;
  due_at: string | null;
  method: TaskMethod;
  method_display: string;
  purpose: string;
  script: string;
  status: TaskStatus;
  status_display: string;
  is_overdue: boolean;
  result_content: string;
  outcome: TaskOutcome | '' | null;
  outcome_display: string;
  satisfaction: number | null;
  next_plan: string;
  rule: (Ref & { kind: RuleKind }) | null;
  source: { type: string; id: number | string; summary: string } | null;
  created_by: Ref | null;
  created_at: string;
  closed_at: string | null;
  closed_by: Ref | null;
}

export interface Page<Row> {
  count: number;
  results: Row[];
}

export interface TaskQuery {
  status?: TaskStatus;
  assignee?: 'me' | number;
  customer?: number;
  due_from?: string;
  due_to?: string;
  overdue?: boolean;
  rule?: number;
  method?: TaskMethod;
  search?: string;
  ordering?: string;
  page?: number;
  page_size?: number;
}

export interface TaskInput {
  customer: number;
  assignee?: number | null;
  pool?: number | null;
  due_on: string;
  due_at?: string | null;
  method: TaskMethod;
  purpose: string;
  script?: string;
}

export interface ResultInput {
  result_content: string;
  outcome: TaskOutcome;
  satisfaction?: number | null;
  next_plan?: string;
  next_due_on?: string | null;
  next_method?: TaskMethod | null;
}

export interface ReassignInput {
  assignee?: number | null;
  pool?: number | null;
  reason: string;
}

export interface BulkInput {
  customers: number[];
  assignee_mode: AssigneeMode;
  assignee?: number | null;
  due_on: string;
  method: TaskMethod;
  purpose: string;
  script?: string;
}

export interface BulkResult {
  created: number;
  skipped: number;
}

export interface TaskSummary {
  due_today: number;
  overdue: number;
  done_today: number;
}

export interface FollowUpRule {
  id: number;
  kind: RuleKind;
  name: string;
  enabled: boolean;
  delay_days: number;
  params: { days?: number };
  assignee_mode: AssigneeMode;
  named_user: Ref | null;
  pool: Ref | null;
  method: TaskMethod;
  purpose: string;
  script_template: string;
}

export interface RuleInput {
  enabled?: boolean;
  delay_days?: number;
  params?: { days?: number };
  assignee_mode?: AssigneeMode;
  named_user?: number | null;
  pool?: number | null;
  method?: TaskMethod;
  purpose?: string;
  script_template?: string;
}

/** Tasks created per rule by one engine run. */
export type RunResult = Record<string, number>;

export interface CarePlan {
  id: number;
  item: number;
  item_name: string;
  instructions: string;
  followup_nodes: number[];
  message_nodes: number[];
}

export interface CarePlanInput {
  item: number;
  instructions: string;
  followup_nodes: number[];
  message_nodes: number[];
}

export interface ResourceRule {
  id: number;
  kind: ResourceRuleKind;
  name: string;
  days: number;
  action: ResourceActionKind;
  release_to_pool: Ref | null;
  release_to_user: Ref | null;
  enabled: boolean;
}

export interface ResourceRuleInput {
  kind: ResourceRuleKind;
  name: string;
  days: number;
  action: ResourceActionKind;
  release_to_pool?: number | null;
  release_to_user?: number | null;
  enabled: boolean;
}

export interface ResourceAction {
  id: number;
  customer: Ref;
  rule: Ref & { kind: ResourceRuleKind };
  action: ResourceActionKind;
  reason: string;
  from_consultant: Ref | null;
  to_consultant: Ref | null;
  to_pool: Ref | null;
  created_at: string;
}

export interface ResourceActionQuery {
  rule?: number;
  action?: ResourceActionKind;
  customer?: number;
  date_from?: string;
  date_to?: string;
  page?: number;
  page_size?: number;
}

export interface Notification {
  id: number;
  title: string;
  body: string;
  link: string;
  read_at: string | null;
  created_at: string;
}
