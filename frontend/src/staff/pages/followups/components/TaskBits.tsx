/** Small pieces every task list shows the same way: when it is due (and how late), and who has it. */
import { ClockCircleOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { clinicNow } from '../../../utils/time';
import { daysOverdue } from '../tasks/listState';
import type { FollowUpTask } from '../types';
import { OverdueTag } from './labels';

export function clinicToday(): string {
  return clinicNow().format('YYYY-MM-DD');
}

/** "2026-03-10 14:30" with a red tag naming the days late for an open task past its date. */
export function DueText({ task }: { task: Pick<FollowUpTask, 'due_on' | 'due_at' | 'is_overdue' | 'status'> }) {
  const { t } = useTranslation();
  const today = clinicToday();
  const late = task.status === 'open' && task.is_overdue;
  return (
    <Flex gap={6} align="center" wrap>
      <Typography.Text type={late ? 'danger' : undefined}>
        <ClockCircleOutlined /> {task.due_on === today ? t('pages.followups.today') : task.due_on}
        {task.due_at ? ` ${task.due_at.slice(0, 5)}` : ''}
      </Typography.Text>
      {late && <OverdueTag days={daysOverdue(task.due_on, today)} />}
    </Flex>
  );
}

export function AssigneeText({ task }: { task: Pick<FollowUpTask, 'assignee' | 'pool'> }) {
  const { t } = useTranslation();
  if (task.assignee) {
    return (
      <Typography.Text>
        <UserOutlined /> {task.assignee.name}
      </Typography.Text>
    );
  }
  return (
    <Typography.Text type="warning">
      <TeamOutlined /> {task.pool ? t('pages.followups.inPool', { name: task.pool.name }) : t('pages.followups.unassigned')}
    </Typography.Text>
  );
}
