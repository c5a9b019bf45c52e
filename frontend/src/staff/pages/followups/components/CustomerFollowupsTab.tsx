import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useAccess } from '../../../session/useMe';
import { customerKeys, getOverview } from '../../customers/shared/service';
import { followupKeys, listTasks } from '../service';
import type { FollowUpTask, TaskQuery } from '../types';
import { CancelModal } from './CancelModal';
import { ReassignModal } from './ReassignModal';
import { ResultDrawer } from './ResultDrawer';
import { TaskFormModal } from './TaskFormModal';
import { TaskList, type TaskDialog } from './TaskList';

const PAGE_SIZE = 10;

/** The 360° view's 回访 tab: the customer's follow-ups, newest plan first, with 新建回访. */
export function CustomerFollowupsTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const access = useAccess();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<{ task: FollowUpTask; kind: TaskDialog } | null>(null);
  const query: TaskQuery = { customer: customerId, assignee: undefined, page, page_size: PAGE_SIZE };
  const list = useQuery({ queryKey: followupKeys.taskList(query), queryFn: () => listTasks(query), placeholderData: keepPreviousData });
  // The 360° page has loaded the file already: this reads the cache for the name in the form's title.
  const overview = useQuery({ queryKey: customerKeys.overview(customerId), queryFn: () => getOverview(customerId) });

  return (
    <Flex vertical gap={12} data-testid="customer-followups">
      {access.canAddFollowup && (
        <Flex justify="flex-end">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-followup-create">
            {t('pages.followups.create')}
          </Button>
        </Flex>
      )}
      {list.isError && !list.data ? (
        <Result status="warning" title={t('pages.followups.loadFailed')} extra={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />
      ) : (
        <TaskList
          rows={list.data?.results ?? []}
          loading={list.isFetching}
          showCustomer={false}
          showAssignee
          onAction={(task, kind) => setDialog({ task, kind })}
          empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.followups.empty.customer')} />}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.count ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: false,
            showTotal: (total) => t('common.pagination.total', { count: total }),
            onChange: setPage,
          }}
          testId="customer-followup-list"
        />
      )}
      {creating && <TaskFormModal customer={{ id: customerId, name: overview.data?.customer.name ?? '' }} onClose={() => setCreating(false)} />}
      {dialog?.kind === 'result' && <ResultDrawer task={dialog.task} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'reassign' && <ReassignModal task={dialog.task} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'cancel' && <CancelModal task={dialog.task} onClose={() => setDialog(null)} />}
    </Flex>
  );
}
