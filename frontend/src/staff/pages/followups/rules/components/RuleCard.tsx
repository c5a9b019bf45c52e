import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Select, Switch, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { StaffSelect } from '../../../customers/shared/StaffSelect';
import { MethodSelect, PoolSelect } from '../../components/fields';
import { ASSIGNEE_MODES, useFollowupLabels } from '../../components/labels';
import { followupKeys, updateRule } from '../../service';
import type { AssigneeMode, FollowUpRule, RuleInput, RuleKind, RuleParams, TaskMethod } from '../../types';
import { isKnownVariable, unknownVariables } from '../template';

/** Rules whose trigger is "N days without …": they carry the N in `params.days`. */
const DAYS_RULES: RuleKind[] = ['paid_unused', 'dormant'];

interface RuleValues {
  delay_days: number;
  days?: number;
  assignee_mode: AssigneeMode;
  assignee?: number | null;
  pool?: number | null;
  method: TaskMethod;
  purpose: string;
  script_template: string;
}

function paramsOf(rule: FollowUpRule): RuleParams {
  return typeof rule.params === 'object' && rule.params !== null ? (rule.params as RuleParams) : {};
}

function valuesOf(rule: FollowUpRule): RuleValues {
  return {
    delay_days: rule.delay_days,
    days: paramsOf(rule).days,
    assignee_mode: rule.assignee_mode,
    assignee: rule.assignee?.id ?? null,
    pool: rule.pool?.id ?? null,
    method: rule.method,
    purpose: rule.purpose,
    script_template: rule.script_template,
  };
}

/** One automatic rule: its switch (saved at once) and its settings (saved with the button). */
export function RuleCard({ rule }: { rule: FollowUpRule }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const labels = useFollowupLabels();
  const phone = useLayoutMode() === 'phone';
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RuleValues>();
  const script = useRef<TextAreaRef>(null);
  const mode = Form.useWatch('assignee_mode', form) ?? rule.assignee_mode;
  const template = Form.useWatch('script_template', form) ?? rule.script_template;
  const offered = Object.keys(rule.variables);
  const unknown = unknownVariables(template, offered);
  const variableLabel = (name: string) => (isKnownVariable(name) ? t(`pages.followups.variable.${name}`) : (rule.variables[name] ?? ''));

  const save = useMutation({
    mutationFn: (body: RuleInput) => updateRule(rule.id, body),
    onSuccess: async (saved, body) => {
      void message.success(body.enabled === undefined ? t('common.saved') : t(saved.enabled ? 'pages.followups.rules.enabled' : 'pages.followups.rules.disabled', { name: saved.name }));
      queryClient.setQueryData<FollowUpRule[]>(followupKeys.rules, (rules) => rules?.map((row) => (row.id === saved.id ? saved : row)));
      if (body.enabled === undefined) form.resetFields();
      await queryClient.invalidateQueries({ queryKey: followupKeys.rules });
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const submit = (values: RuleValues) =>
    save.mutate({
      delay_days: values.delay_days,
      params: DAYS_RULES.includes(rule.kind) ? { ...paramsOf(rule), days: values.days } : { ...paramsOf(rule) },
      assignee_mode: values.assignee_mode,
      assignee: values.assignee_mode === 'named' ? (values.assignee ?? null) : null,
      pool: values.assignee_mode === 'pool' ? (values.pool ?? null) : null,
      method: values.method,
      purpose: values.purpose.trim(),
      script_template: values.script_template,
    });

  /** Puts `{name}` where the cursor is in the script template. */
  const insertVariable = (name: string) => {
    const element = script.current?.resizableTextArea?.textArea;
    const current: string = form.getFieldValue('script_template') ?? '';
    const start = element?.selectionStart ?? current.length;
    const end = element?.selectionEnd ?? current.length;
    const token = `{${name}}`;
    form.setFieldValue('script_template', current.slice(0, start) + token + current.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  return (
    <Card
      size="small"
      data-testid={`rule-card-${rule.kind}`}
      title={
        <Flex vertical style={{ whiteSpace: 'normal', paddingBlock: 8 }}>
          <Typography.Text strong>{rule.name || labels.ruleKind(rule.kind)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t(`pages.followups.rules.describe.${rule.kind}`)}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Switch
          checked={rule.enabled}
          loading={save.isPending && save.variables?.enabled !== undefined}
          onChange={(enabled) => save.mutate({ enabled })}
          checkedChildren={t('common.status.active')}
          unCheckedChildren={t('common.status.inactive')}
          data-testid={`rule-switch-${rule.kind}`}
        />
      }
      styles={{ body: { opacity: rule.enabled ? 1 : 0.65 } }}
    >
      <Form<RuleValues> form={form} layout="vertical" initialValues={valuesOf(rule)} onFinish={submit} size={phone ? 'middle' : 'small'}>
        <Flex gap={12} wrap>
          <Form.Item
            name="delay_days"
            label={t('pages.followups.rules.delay')}
            rules={[{ required: true, type: 'integer', min: 0, max: 3650, message: t('pages.followups.rules.delay.invalid') }]}
            style={{ flex: '1 1 120px' }}
          >
            <InputNumber min={0} max={3650} precision={0} suffix={t('pages.followups.rules.dayUnit')} style={{ width: '100%' }} />
          </Form.Item>
          {DAYS_RULES.includes(rule.kind) && (
            <Form.Item
              name="days"
              label={t(`pages.followups.rules.days.${rule.kind as 'paid_unused' | 'dormant'}`)}
              rules={[{ required: true, type: 'integer', min: 1, max: 3650, message: t('pages.followups.rules.days.invalid') }]}
              style={{ flex: '1 1 120px' }}
            >
              <InputNumber min={1} max={3650} precision={0} suffix={t('pages.followups.rules.dayUnit')} style={{ width: '100%' }} />
            </Form.Item>
          )}
          <Form.Item name="method" label={t('pages.followups.field.method')} rules={[{ required: true }]} style={{ flex: '1 1 120px' }}>
            <MethodSelect />
          </Form.Item>
        </Flex>
        {rule.kind === 'post_treatment' && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={
              <span>
                {t('pages.followups.rules.postTreatmentHint')} <Link to="/followups/care-plans">{t('menu.followups.carePlans')}</Link>
              </span>
            }
          />
        )}
        <Flex gap={12} wrap>
          <Form.Item name="assignee_mode" label={t('pages.followups.rules.assigneeMode')} style={{ flex: '1 1 160px' }}>
            <Select options={ASSIGNEE_MODES.map((value) => ({ value, label: labels.assigneeMode(value) }))} />
          </Form.Item>
          {mode === 'named' && (
            <Form.Item name="assignee" label={t('pages.followups.field.assignee.named')} rules={[{ required: true, message: t('pages.followups.field.assignee.required') }]} style={{ flex: '1 1 160px' }}>
              <StaffSelect position="" initialOptions={[rule.assignee]} />
            </Form.Item>
          )}
          {mode === 'pool' && (
            <Form.Item name="pool" label={t('pages.followups.field.pool')} rules={[{ required: true, message: t('pages.followups.field.pool.required') }]} style={{ flex: '1 1 160px' }}>
              <PoolSelect />
            </Form.Item>
          )}
        </Flex>
        <Form.Item name="purpose" label={t('pages.followups.field.purpose')} rules={[{ required: true, whitespace: true, message: t('pages.followups.field.purpose.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="script_template"
          label={t('pages.followups.rules.script')}
          extra={
            <Flex vertical gap={4} style={{ marginTop: 4 }}>
              <Flex gap={4} wrap align="center">
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('pages.followups.rules.variables')}
                </Typography.Text>
                {offered.map((name) => (
                  <Tag key={name} style={{ cursor: 'pointer', marginInlineEnd: 0 }} onClick={() => insertVariable(name)} title={t('pages.followups.rules.variables.insert')}>
                    {`{${name}}`} {variableLabel(name)}
                  </Tag>
                ))}
              </Flex>
              {unknown.length > 0 && (
                <Typography.Text type="warning" style={{ fontSize: 12 }}>
                  {t('pages.followups.rules.variables.unknown', { names: unknown.map((name) => `{${name}}`).join('、') })}
                </Typography.Text>
              )}
            </Flex>
          }
        >
          <Input.TextArea ref={script} autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} />
        </Form.Item>
        <Form.Item shouldUpdate style={{ marginBottom: 0 }}>
          {() => (
            <Flex justify="flex-end" gap={8}>
              <Button disabled={!form.isFieldsTouched()} onClick={() => form.resetFields()}>
                {t('pages.followups.rules.reset')}
              </Button>
              <Button type="primary" htmlType="submit" disabled={!form.isFieldsTouched()} loading={save.isPending && save.variables?.enabled === undefined} data-testid={`rule-save-${rule.kind}`}>
                {t('common.save')}
              </Button>
            </Flex>
          )}
        </Form.Item>
      </Form>
    </Card>
  );
}
