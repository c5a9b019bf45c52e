import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Descriptions, Drawer, Flex, Form, Input, Rate, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { applyFieldErrors } from '../../../utils/formErrors';
import { clinicNow, formatDateTime } from '../../../utils/time';
import { followupKeys, getTask, recordResult } from '../service';
import type { FollowUpTask, FollowUpTaskDetail, ResultInput, TaskMethod, TaskOutcome } from '../types';
import { MethodSelect } from './fields';
import { MethodTag, OUTCOMES, OutcomeTag, StatusTag, useFollowupLabels } from './labels';
import { DueText } from './TaskBits';

interface ResultValues {
  result_content: string;
  outcome: TaskOutcome;
  satisfaction?: number;
  next_plan?: string;
  next_due_on?: Dayjs | null;
  next_method?: TaskMethod;
}

interface ResultDrawerProps {
  task: FollowUpTask;
  onClose: () => void;
}

/** The outcome as a row of separate buttons, big enough for a thumb on a phone. */
function OutcomePicker({ value, onChange, large, id }: { value?: TaskOutcome; onChange?: (value: TaskOutcome) => void; large: boolean; id?: string }) {
  const labels = useFollowupLabels();
  return (
    <div
      id={id}
      role="radiogroup"
      style={{ display: 'grid', gridTemplateColumns: large ? 'repeat(3, 1fr)' : 'repeat(5, auto)', gap: 8, justifyContent: 'start' }}
      data-testid="result-outcome"
    >
      {OUTCOMES.map((outcome) => (
        <Button
          key={outcome}
          role="radio"
          aria-checked={value === outcome}
          type={value === outcome ? 'primary' : 'default'}
          size={large ? 'large' : 'middle'}
          onClick={() => onChange?.(outcome)}
        >
          {labels.outcome(outcome)}
        </Button>
      ))}
    </div>
  );
}

/** The task as the consultant sees it on the call: who, why, the script; then what came of it. */
function TaskBrief({ task }: { task: FollowUpTask }) {
  const { t } = useTranslation();
  return (
    <Card size="small" data-testid="result-task">
      <Flex vertical gap={6}>
        <Flex gap={8} align="center" wrap>
          <Link to={`/customers/${task.customer.id}?tab=followups`} style={{ fontSize: 16, fontWeight: 600 }}>
            {task.customer.name}
          </Link>
          <Typography.Text type="secondary">{task.customer.phone}</Typography.Text>
          <MethodTag method={task.method} />
        </Flex>
        <DueText task={task} />
        <Typography.Text>{task.purpose}</Typography.Text>
        {(task.rule || task.source) && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[task.rule?.name, task.source?.summary].filter(Boolean).join(' · ')}
          </Typography.Text>
        )}
        {task.script && (
          <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap', margin: 0, background: 'rgba(0,0,0,0.02)', padding: 8, borderRadius: 6 }}>
            <Typography.Text strong>{t('pages.followups.scriptLabel')}</Typography.Text>
            {task.script}
          </Typography.Paragraph>
        )}
      </Flex>
    </Card>
  );
}

/** 改派记录: every move of the task, oldest first. */
function Assignments({ detail }: { detail: FollowUpTaskDetail | undefined }) {
  const { t } = useTranslation();
  const moves = detail?.assignments ?? [];
  if (moves.length === 0) return null;
  const who = (person: { name: string } | null, pool: { name: string } | null) =>
    person?.name ?? (pool ? t('pages.followups.inPool', { name: pool.name }) : t('pages.followups.unassigned'));
  return (
    <Flex vertical gap={8} data-testid="result-assignments">
      <Typography.Text strong>{t('pages.followups.assignments')}</Typography.Text>
      <Timeline
        items={moves.map((move) => ({
          key: move.id,
          content: (
            <Flex vertical>
              <Typography.Text>
                {who(move.from_assignee, move.from_pool)} → {who(move.to_assignee, move.to_pool)}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[move.assigned_by?.name, formatDateTime(move.assigned_at), move.reason].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Flex>
          ),
        }))}
      />
    </Flex>
  );
}

/** A closed task's result, read only. */
function ClosedResult({ task }: { task: FollowUpTask }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered data-testid="result-closed">
      <Descriptions.Item label={t('common.status')}>
        <StatusTag status={task.status} /> <OutcomeTag outcome={task.outcome} />
      </Descriptions.Item>
      <Descriptions.Item label={t('pages.followups.field.result')}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{task.result_content || '—'}</span>
      </Descriptions.Item>
      {task.satisfaction !== null && (
        <Descriptions.Item label={t('pages.followups.field.satisfaction')}>
          <Rate disabled value={task.satisfaction} />
        </Descriptions.Item>
      )}
      {task.next_plan && <Descriptions.Item label={t('pages.followups.field.nextPlan')}>{task.next_plan}</Descriptions.Item>}
      {task.cancel_reason && <Descriptions.Item label={t('pages.followups.field.cancelReason')}>{task.cancel_reason}</Descriptions.Item>}
      <Descriptions.Item label={t('pages.followups.field.closed')}>
        {[task.closed_by?.name, formatDateTime(task.closed_at)].filter(Boolean).join(' · ')}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 记录回访结果: content, outcome, satisfaction and the next plan; full screen on a phone. */
export function ResultDrawer({ task, onClose }: ResultDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = useLayoutMode() === 'phone';
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ResultValues>();
  const nextDue = Form.useWatch('next_due_on', form);
  const open = task.status === 'open';
  const detail = useQuery({ queryKey: followupKeys.task(task.id), queryFn: () => getTask(task.id) });

  const save = useMutation({
    mutationFn: (values: ResultValues) => {
      const body: ResultInput = {
        result_content: values.result_content.trim(),
        outcome: values.outcome,
        satisfaction: values.satisfaction || null,
        next_plan: values.next_plan?.trim() ?? '',
        next_due_on: values.next_due_on ? values.next_due_on.format('YYYY-MM-DD') : null,
        next_method: values.next_due_on ? (values.next_method ?? task.method) : null,
      };
      return recordResult(task.id, body);
    },
    onSuccess: async (_saved, values) => {
      void message.success(t(values.next_due_on ? 'pages.followups.result.doneWithNext' : 'pages.followups.result.done'));
      await queryClient.invalidateQueries({ queryKey: followupKeys.all });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <Drawer
      open
      title={open ? t('pages.followups.result.title') : t('pages.followups.result.view')}
      size={phone ? '100%' : 560}
      onClose={onClose}
      destroyOnHidden
      styles={{ body: { padding: phone ? 12 : 24 } }}
      footer={
        open && (
          <Flex gap={8} justify="flex-end">
            <Button size={phone ? 'large' : 'middle'} onClick={onClose} style={phone ? { flex: 1 } : undefined}>
              {t('common.cancel')}
            </Button>
            <Button
              type="primary"
              size={phone ? 'large' : 'middle'}
              loading={save.isPending}
              onClick={() => form.submit()}
              style={phone ? { flex: 2 } : undefined}
              data-testid="result-submit"
            >
              {t('pages.followups.result.submit')}
            </Button>
          </Flex>
        )
      }
      data-testid="result-drawer"
    >
      <Flex vertical gap={16}>
        <TaskBrief task={task} />
        {open ? (
          <Form<ResultValues>
            form={form}
            layout="vertical"
            onFinish={(values) => save.mutate(values)}
            initialValues={{ next_method: task.method }}
            scrollToFirstError
          >
            <Form.Item name="outcome" label={t('pages.followups.field.outcome')} rules={[{ required: true, message: t('pages.followups.field.outcome.required') }]}>
              <OutcomePicker large={phone} />
            </Form.Item>
            <Form.Item
              name="result_content"
              label={t('pages.followups.field.result')}
              rules={[{ required: true, whitespace: true, message: t('pages.followups.field.result.required') }]}
            >
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount placeholder={t('pages.followups.field.result.placeholder')} data-testid="result-content" />
            </Form.Item>
            <Form.Item name="satisfaction" label={t('pages.followups.field.satisfaction')}>
              <Rate style={{ fontSize: phone ? 28 : 20 }} />
            </Form.Item>
            <Form.Item name="next_plan" label={t('pages.followups.field.nextPlan')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} placeholder={t('pages.followups.field.nextPlan.placeholder')} />
            </Form.Item>
            <Flex gap={8} wrap>
              <Form.Item
                name="next_due_on"
                label={t('pages.followups.field.nextDueOn')}
                extra={t('pages.followups.field.nextDueOn.hint')}
                style={{ flex: '1 1 180px' }}
              >
                <DatePicker style={{ width: '100%' }} disabledDate={(day) => !day.isAfter(clinicNow(), 'day')} inputReadOnly={phone} data-testid="result-next-due" />
              </Form.Item>
              <Form.Item name="next_method" label={t('pages.followups.field.nextMethod')} style={{ flex: '1 1 140px' }} hidden={!nextDue}>
                <MethodSelect />
              </Form.Item>
            </Flex>
          </Form>
        ) : (
          <ClosedResult task={task} />
        )}
        <Assignments detail={detail.data} />
      </Flex>
    </Drawer>
  );
}
