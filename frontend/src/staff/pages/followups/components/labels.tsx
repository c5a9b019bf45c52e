/** Words and colours for the follow-up codes in the console's language. */
import { MessageOutlined, PhoneOutlined, ShopOutlined, WechatOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { AssigneeMode, FollowUpTask, ResourceActionKind, ResourceRuleKind, RuleKind, TaskMethod, TaskOutcome, TaskStatus } from '../types';

export const OUTCOMES: TaskOutcome[] = ['reached', 'booked', 'unreachable', 'declined', 'other'];
export const RULE_KINDS: RuleKind[] = ['no_show', 'visit_unpaid', 'paid_unused', 'post_treatment', 'dormant'];
export const ASSIGNEE_MODES: AssigneeMode[] = ['owning_consultant', 'operator', 'online_consultant', 'named', 'pool'];
export const RESOURCE_KINDS: ResourceRuleKind[] = ['visited_no_buy', 'no_followup_after_visit', 'returning_no_buy'];
export const RESOURCE_ACTIONS: ResourceActionKind[] = ['create_task', 'flag', 'release'];

const METHOD_ICONS: Record<TaskMethod, ReactNode> = {
  phone: <PhoneOutlined />,
  wechat: <WechatOutlined />,
  sms: <MessageOutlined />,
  visit: <ShopOutlined />,
};

const STATUS_COLORS: Record<TaskStatus, string> = { open: 'processing', done: 'success', cancelled: 'default' };
const OUTCOME_COLORS: Record<TaskOutcome, string> = {
  reached: 'green',
  booked: 'blue',
  unreachable: 'orange',
  declined: 'volcano',
  other: 'default',
};

export function useFollowupLabels() {
  const { t } = useTranslation();
  return {
    method: (method: TaskMethod) => t(`pages.followups.method.${method}`),
    outcome: (outcome: TaskOutcome) => t(`pages.followups.outcome.${outcome}`),
    ruleKind: (kind: RuleKind) => t(`pages.followups.ruleKind.${kind}`),
    assigneeMode: (mode: AssigneeMode) => t(`pages.followups.assigneeMode.${mode}`),
    resourceKind: (kind: ResourceRuleKind) => t(`pages.followups.resourceKind.${kind}`),
    resourceAction: (action: ResourceActionKind) => t(`pages.followups.resourceAction.${action}`),
  };
}

export function MethodTag({ method }: { method: TaskMethod }) {
  const labels = useFollowupLabels();
  return (
    <Tag icon={METHOD_ICONS[method]} variant="outlined">
      {labels.method(method)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`pages.followups.status.${status}`)}</Tag>;
}

export function OutcomeTag({ outcome }: { outcome: FollowUpTask['outcome'] }) {
  const labels = useFollowupLabels();
  if (!outcome) return null;
  return <Tag color={OUTCOME_COLORS[outcome]}>{labels.outcome(outcome)}</Tag>;
}

/** Red and naming the days late: an overdue task must stand out in every list. */
export function OverdueTag({ days }: { days: number }) {
  const { t } = useTranslation();
  return (
    <Tag color="red" data-testid="overdue-tag">
      {days > 0 ? t('pages.followups.overdueDays', { count: days }) : t('pages.followups.overdue')}
    </Tag>
  );
}
