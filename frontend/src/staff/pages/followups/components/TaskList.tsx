import { EditOutlined, MoreOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Empty, Flex, Pagination, Rate, Spin, Table, Typography, type TablePaginationConfig } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { formatDateTime } from '../../../utils/time';
import type { FollowUpTask } from '../types';
import './followups.css';
import { MethodTag, OutcomeTag, StatusTag } from './labels';
import { AssigneeText, DueText } from './TaskBits';

export type TaskDialog = 'result' | 'reassign' | 'cancel';

interface TaskListProps {
  rows: FollowUpTask[];
  loading: boolean;
  pagination: TablePaginationConfig | false;
  onAction: (task: FollowUpTask, dialog: TaskDialog) => void;
  /** False inside a customer's 360° view, where every row is the same customer. */
  showCustomer?: boolean;
  showAssignee?: boolean;
  /** Show the status and the result (lists that hold closed tasks). */
  showResult?: boolean;
  empty?: ReactNode;
  testId?: string;
}

function SourceLine({ task }: { task: FollowUpTask }) {
  const { t } = useTranslation();
  // Who planned it matters when it was someone else; a rule always says which one.
  const plannedBy = task.created_by && task.created_by.id !== task.assignee?.id ? t('pages.followups.createdBy', { name: task.created_by.name }) : null;
  const origin = task.rule ? task.rule.name : plannedBy;
  const text = [origin, task.source?.summary].filter(Boolean).join(' · ');
  return text ? (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {text}
    </Typography.Text>
  ) : null;
}

/** Tasks as a table on wide screens and as cards with big buttons on a phone. */
export function TaskList({ rows, loading, pagination, onAction, showCustomer = true, showAssignee = false, showResult = true, empty, testId = 'task-list' }: TaskListProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const phone = useLayoutMode() === 'phone';

  const moreItems = () =>
    [
      access.canAssignFollowup ? { key: 'reassign', label: t('pages.followups.reassign') } : null,
      access.canChangeFollowup ? { key: 'cancel', label: t('pages.followups.cancel'), danger: true } : null,
    ].filter((item) => item !== null);

  if (phone) {
    return (
      <Spin spinning={loading}>
        <Flex vertical gap={8} data-testid={testId}>
          {rows.length === 0 && !loading && (empty ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />)}
          {rows.map((task) => {
            const open = task.status === 'open';
            const more = open ? moreItems() : [];
            return (
              <Card
                key={task.id}
                size="small"
                data-testid={`task-card-${task.id}`}
                style={task.is_overdue && open ? { borderInlineStart: '3px solid #ff4d4f' } : undefined}
              >
                <Flex vertical gap={6}>
                  {showCustomer && (
                    <Flex justify="space-between" align="baseline" gap={8}>
                      <Typography.Text strong style={{ fontSize: 16 }} ellipsis>
                        {task.customer.name}
                      </Typography.Text>
                      <Typography.Text type="secondary">{task.customer.phone}</Typography.Text>
                    </Flex>
                  )}
                  <Flex justify="space-between" align="center" gap={8} wrap>
                    {open ? (
                      <DueText task={task} />
                    ) : (
                      <Typography.Text type="secondary">{t('pages.followups.closedAt', { time: formatDateTime(task.closed_at) })}</Typography.Text>
                    )}
                    <MethodTag method={task.method} />
                  </Flex>
                  <Typography.Text>{task.purpose}</Typography.Text>
                  <SourceLine task={task} />
                  {showAssignee && <AssigneeText task={task} />}
                  {!open && (
                    <Flex vertical gap={2}>
                      <Flex gap={4} align="center" wrap>
                        <StatusTag status={task.status} />
                        <OutcomeTag outcome={task.outcome} />
                        {task.satisfaction !== null && <Rate disabled value={task.satisfaction} style={{ fontSize: 12 }} />}
                      </Flex>
                      {(task.result_content || task.cancel_reason) && (
                        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                          {task.result_content || task.cancel_reason}
                        </Typography.Paragraph>
                      )}
                    </Flex>
                  )}
                  <Flex gap={8} style={{ marginTop: 4 }}>
                    {open && access.canChangeFollowup ? (
                      <Button type="primary" size="large" icon={<EditOutlined />} style={{ flex: 2 }} onClick={() => onAction(task, 'result')} data-testid={`task-result-${task.id}`}>
                        {t('pages.followups.result')}
                      </Button>
                    ) : (
                      <Button size="large" style={{ flex: 2 }} onClick={() => onAction(task, 'result')} data-testid={`task-view-${task.id}`}>
                        {t('common.view')}
                      </Button>
                    )}
                    {showCustomer && (
                      <Link to={`/customers/${task.customer.id}?tab=followups`} style={{ flex: 1, display: 'flex' }}>
                        <Button size="large" icon={<UserOutlined />} style={{ flex: 1 }}>
                          {t('pages.followups.customerFile')}
                        </Button>
                      </Link>
                    )}
                    {more.length > 0 && (
                      <Dropdown trigger={['click']} menu={{ items: more, onClick: ({ key }) => onAction(task, key as TaskDialog) }}>
                        <Button size="large" icon={<MoreOutlined />} aria-label={t('common.more')} data-testid={`task-more-${task.id}`} />
                      </Dropdown>
                    )}
                  </Flex>
                </Flex>
              </Card>
            );
          })}
          {pagination !== false && (pagination.total ?? 0) > (pagination.pageSize ?? 20) && (
            <Pagination size="small" align="center" simple current={pagination.current} pageSize={pagination.pageSize} total={pagination.total} onChange={pagination.onChange} />
          )}
        </Flex>
      </Spin>
    );
  }

  return (
    <Table<FollowUpTask>
      size="middle"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      pagination={pagination}
      scroll={{ x: 'max-content' }}
      locale={empty ? { emptyText: empty } : undefined}
      rowClassName={(task) => (task.status === 'open' && task.is_overdue ? 'followup-overdue-row' : '')}
      onRow={(task) => ({ 'data-testid': `task-row-${task.id}` }) as object}
      data-testid={testId}
      columns={[
        ...(showCustomer
          ? [
              {
                title: t('pages.followups.field.customer'),
                key: 'customer',
                render: (_: unknown, task: FollowUpTask) => (
                  <Flex vertical>
                    <Link to={`/customers/${task.customer.id}?tab=followups`}>{task.customer.name}</Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {task.customer.phone}
                    </Typography.Text>
                  </Flex>
                ),
              },
            ]
          : []),
        { title: t('pages.followups.field.due'), key: 'due', render: (_, task) => <DueText task={task} /> },
        { title: t('pages.followups.field.method'), key: 'method', render: (_, task) => <MethodTag method={task.method} /> },
        {
          title: t('pages.followups.field.purpose'),
          key: 'purpose',
          render: (_, task) => (
            <Flex vertical style={{ maxWidth: 420 }}>
              <Typography.Text ellipsis={{ tooltip: task.purpose }}>{task.purpose}</Typography.Text>
              <SourceLine task={task} />
            </Flex>
          ),
        },
        ...(showAssignee ? [{ title: t('pages.followups.field.assignee'), key: 'assignee', render: (_: unknown, task: FollowUpTask) => <AssigneeText task={task} /> }] : []),
        ...(showResult
          ? [
              {
                title: t('common.status'),
                key: 'status',
                render: (_: unknown, task: FollowUpTask) => (
                  <Flex vertical gap={2} style={{ maxWidth: 260 }}>
                    <Flex gap={4} wrap>
                      <StatusTag status={task.status} />
                      <OutcomeTag outcome={task.outcome} />
                    </Flex>
                    {task.status !== 'open' && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: task.result_content || task.cancel_reason }}>
                        {task.satisfaction !== null ? `${'★'.repeat(task.satisfaction)} ` : ''}
                        {formatDateTime(task.closed_at)} {task.result_content || task.cancel_reason}
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
            ]
          : []),
        {
          title: t('common.actions'),
          key: 'actions',
          fixed: 'right',
          render: (_, task) => {
            const open = task.status === 'open';
            return (
              <Flex gap={4}>
                {open && access.canChangeFollowup ? (
                  <Button type="primary" size="small" onClick={() => onAction(task, 'result')} data-testid={`task-result-${task.id}`}>
                    {t('pages.followups.result')}
                  </Button>
                ) : (
                  <Button size="small" onClick={() => onAction(task, 'result')} data-testid={`task-view-${task.id}`}>
                    {t('common.view')}
                  </Button>
                )}
                {open && access.canAssignFollowup && (
                  <Button size="small" type="link" onClick={() => onAction(task, 'reassign')}>
                    {t('pages.followups.reassign')}
                  </Button>
                )}
                {open && access.canChangeFollowup && (
                  <Button size="small" type="link" danger onClick={() => onAction(task, 'cancel')}>
                    {t('pages.followups.cancel')}
                  </Button>
                )}
              </Flex>
            );
          },
        },
      ]}
    />
  );
}
