import { FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Button, DatePicker, Empty, Flex, Input, Result, Segmented, Select, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess, useMe } from '../../../session/useMe';
import { serverPagination } from '../../../utils/pagination';
import { useStaffOptions } from '../../customers/shared/service';
import { CancelModal } from '../components/CancelModal';
import { MethodSelect } from '../components/fields';
import { ReassignModal } from '../components/ReassignModal';
import { ResultDrawer } from '../components/ResultDrawer';
import { clinicToday } from '../components/TaskBits';
import { TaskFormModal } from '../components/TaskFormModal';
import { TaskList, type TaskDialog } from '../components/TaskList';
import { followupKeys, getTask, listTasks, useRules, useSummary } from '../service';
import type { FollowUpTask } from '../types';
import { countFilters, readListState, TASK_TABS, toTaskQuery, writeListState, type AssigneeFilter, type TaskListState, type TaskTab } from './listState';

/** Whether the user's follow-up scope reaches beyond their own tasks (a team lead, the director). */
function useTeamView(): boolean {
  const access = useAccess();
  const { data: me } = useMe();
  const scope = me?.data_scopes.followups?.scope;
  return access.canAssignFollowup || (scope !== undefined && scope !== 'own');
}

function AssigneePicker({ value, onChange }: { value: AssigneeFilter; onChange: (value: AssigneeFilter) => void }) {
  const { t } = useTranslation();
  const staff = useStaffOptions('');
  return (
    <Select<string>
      value={String(value)}
      onChange={(next) => onChange(next === 'me' || next === 'all' ? next : Number(next))}
      showSearch={{ optionFilterProp: 'search' }}
      loading={staff.isPending}
      style={{ minWidth: 160 }}
      options={[
        { value: 'me', label: t('pages.followups.assignee.me'), search: t('pages.followups.assignee.me') },
        { value: 'all', label: t('pages.followups.assignee.all'), search: t('pages.followups.assignee.all') },
        ...(staff.data ?? []).map((member) => ({ value: String(member.id), label: member.name, search: `${member.name} ${member.staff_number}` })),
      ]}
      data-testid="task-assignee-filter"
    />
  );
}

/** 回访任务: my follow-ups (or the team's) by 今日 / 逾期 / 待办 / 已完成, with the result drawer on every row. */
export default function FollowupTasksPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const phone = useLayoutMode() === 'phone';
  const teamView = useTeamView();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readListState(params), [params]);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<{ task: FollowUpTask; kind: TaskDialog } | null>(null);
  const today = clinicToday();
  // A notification links to one task (/followups?task=12): its drawer opens over the list.
  const linkedId = Number(params.get('task')) || null;
  const linked = useQuery({ queryKey: followupKeys.task(linkedId ?? 0), queryFn: () => getTask(linkedId ?? 0), enabled: linkedId !== null });
  const shown = dialog ?? (linkedId !== null && linked.data ? { task: linked.data, kind: 'result' as const } : null);
  const closeDialog = () => {
    setDialog(null);
    if (params.has('task')) {
      const next = new URLSearchParams(params);
      next.delete('task');
      setParams(next, { replace: true });
    }
  };

  const effective: TaskListState = teamView ? state : { ...state, assignee: 'me' };
  const query = toTaskQuery(effective, today);
  const list = useQuery({ queryKey: followupKeys.taskList(query), queryFn: () => listTasks(query), placeholderData: keepPreviousData });
  const summary = useSummary();
  const rules = useRules();

  const update = (next: Partial<TaskListState>) => setParams(writeListState({ ...state, page: 1, ...next }), { replace: true });
  const filterCount = countFilters(state);

  const badge = (tab: TaskTab): number | undefined => {
    if (effective.assignee !== 'me' || !summary.data) return undefined;
    if (tab === 'today') return summary.data.due_today;
    if (tab === 'overdue') return summary.data.overdue;
    return undefined;
  };
  const tabLabel = (tab: TaskTab) => (
    <Flex align="center" gap={6}>
      {t(`pages.followups.tab.${tab}`)}
      {(badge(tab) ?? 0) > 0 && <Badge count={badge(tab)} size="small" color={tab === 'overdue' ? '#ff4d4f' : '#1677ff'} overflowCount={999} />}
    </Flex>
  );

  const filters = (
    <Flex gap={8} wrap vertical={phone} align={phone ? 'stretch' : 'center'}>
      {teamView && <AssigneePicker value={state.assignee} onChange={(assignee) => update({ assignee })} />}
      <MethodSelect value={state.method} onChange={(method) => update({ method })} allowClear placeholder={t('pages.followups.filter.method')} style={{ minWidth: 120 }} />
      <Select<number>
        value={state.rule}
        onChange={(rule) => update({ rule: rule ?? undefined })}
        allowClear
        placeholder={t('pages.followups.filter.rule')}
        loading={rules.isPending}
        options={(rules.data ?? []).map((rule) => ({ value: rule.id, label: rule.name }))}
        style={{ minWidth: 150 }}
      />
      {state.tab !== 'today' && (
        <DatePicker.RangePicker
          value={[state.from ? dayjs(state.from) : null, state.to ? dayjs(state.to) : null]}
          allowEmpty={[true, true]}
          onChange={(range) => update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
          placeholder={
            state.tab === 'done'
              ? [t('pages.followups.filter.closedFrom'), t('pages.followups.filter.closedTo')]
              : [t('pages.followups.filter.dueFrom'), t('pages.followups.filter.dueTo')]
          }
          inputReadOnly={phone}
        />
      )}
      {filterCount > 0 && (
        <Button type="link" onClick={() => update({ method: undefined, rule: undefined, from: undefined, to: undefined, search: undefined })}>
          {t('pages.followups.filter.clear')}
        </Button>
      )}
    </Flex>
  );

  const doneSwitch = (
    <Segmented<'done' | 'cancelled'>
      value={state.cancelled ? 'cancelled' : 'done'}
      onChange={(value) => update({ cancelled: value === 'cancelled' || undefined })}
      options={[
        { value: 'done', label: t('pages.followups.status.done') },
        { value: 'cancelled', label: t('pages.followups.status.cancelled') },
      ]}
      block={phone}
      style={phone ? undefined : { marginInlineStart: 'auto' }}
    />
  );

  const rows = list.data?.results ?? [];
  const emptyText = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={filterCount > 0 ? t('pages.followups.empty.filtered') : t(`pages.followups.empty.${state.tab}`)}
      data-testid="task-list-empty"
    />
  );

  return (
    <PageContainer
      title={t('menu.followups.tasks')}
      extra={
        access.canAddFollowup && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="task-create">
            {t('pages.followups.create')}
          </Button>
        )
      }
    >
      <Flex vertical gap={phone ? 8 : 12}>
        {summary.data && effective.assignee === 'me' && (
          <Typography.Text type="secondary" data-testid="task-summary">
            {t('pages.followups.summary', { today: summary.data.due_today, overdue: summary.data.overdue, done: summary.data.done_today })}
          </Typography.Text>
        )}
        <Tabs
          activeKey={state.tab}
          onChange={(tab) => update({ tab: tab as TaskTab, cancelled: undefined })}
          items={TASK_TABS.map((tab) => ({ key: tab, label: tabLabel(tab) }))}
          style={{ marginBottom: -8 }}
          data-testid="task-tabs"
        />
        <Flex gap={8} wrap align="center">
          <Input.Search
            key={state.search ?? ''}
            defaultValue={state.search}
            allowClear
            placeholder={t('pages.followups.filter.search')}
            onSearch={(value) => update({ search: value.trim() || undefined })}
            style={{ flex: phone ? '1 1 0' : '0 1 300px', minWidth: 0 }}
            data-testid="task-search"
          />
          {phone ? (
            <Badge count={filterCount + (state.assignee !== 'me' && teamView ? 1 : 0)} size="small">
              <Button icon={<FilterOutlined />} onClick={() => setFiltersOpen((open) => !open)} aria-label={t('pages.followups.filter')} />
            </Badge>
          ) : (
            filters
          )}
          {state.tab === 'done' && !phone && doneSwitch}
        </Flex>
        {state.tab === 'done' && phone && doneSwitch}
        {phone && filtersOpen && filters}
        {list.isError && !list.data ? (
          <Result status="error" title={t('pages.followups.loadFailed')} extra={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />
        ) : (
          <TaskList
            rows={rows}
            loading={list.isFetching}
            pagination={serverPagination(state, list.data?.count ?? 0, (next) => update(next), t)}
            onAction={(task, kind) => setDialog({ task, kind })}
            showAssignee={effective.assignee !== 'me'}
            showResult={state.tab === 'done'}
            empty={emptyText}
          />
        )}
      </Flex>
      {creating && <TaskFormModal onClose={() => setCreating(false)} />}
      {shown?.kind === 'result' && <ResultDrawer task={shown.task} onClose={closeDialog} />}
      {shown?.kind === 'reassign' && <ReassignModal task={shown.task} onClose={closeDialog} />}
      {shown?.kind === 'cancel' && <CancelModal task={shown.task} onClose={closeDialog} />}
    </PageContainer>
  );
}
