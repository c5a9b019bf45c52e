import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, InputNumber, Radio, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { useAccess } from '../../../../session/useMe';
import { STAFF_POSITIONS, useTags } from '../../../customers/shared/service';
import { StaffSelect } from '../../../customers/shared/StaffSelect';
import { PoolSelect } from '../../components/fields';
import { RESOURCE_ACTIONS, RESOURCE_KINDS, useFollowupLabels } from '../../components/labels';
import { createResourceRule, followupKeys, updateResourceRule } from '../../service';
import type { ResourceActionKind, ResourceRule, ResourceRuleInput, ResourceRuleKind } from '../../types';

interface ResourceRuleValues {
  kind: ResourceRuleKind;
  name: string;
  days: number;
  action: ResourceActionKind;
  release_target: 'pool' | 'user';
  release_to_pool?: number | null;
  release_to?: number | null;
  flag_tag?: number | null;
  enabled: boolean;
}

/** A resource-optimisation rule: which customers (kind + N days), and what happens to them. */
export function ResourceRuleModal({ rule, onClose }: { rule?: ResourceRule; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const labels = useFollowupLabels();
  const access = useAccess();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ResourceRuleValues>();
  const tags = useTags(access.canViewCustomerSettings);
  const action = Form.useWatch('action', form) ?? rule?.action;
  const target = Form.useWatch('release_target', form) ?? (rule?.release_to ? 'user' : 'pool');

  const save = useMutation({
    mutationFn: (values: ResourceRuleValues) => {
      const release = values.action === 'release';
      const body: ResourceRuleInput = {
        kind: values.kind,
        name: values.name.trim(),
        days: values.days,
        action: values.action,
        enabled: values.enabled,
        release_to_pool: release && values.release_target === 'pool' ? (values.release_to_pool ?? null) : null,
        release_to: release && values.release_target === 'user' ? (values.release_to ?? null) : null,
        flag_tag: values.action === 'flag' ? (values.flag_tag ?? null) : null,
      };
      return rule ? updateResourceRule(rule.id, body) : createResourceRule(body);
    },
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: followupKeys.resourceRules });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <FormModal<ResourceRuleValues>
      title={rule ? t('pages.followups.resources.rule.edit') : t('pages.followups.resources.rule.create')}
      form={form}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
      width={560}
      initialValues={{
        kind: rule?.kind ?? 'visited_no_buy',
        name: rule?.name ?? labels.resourceKind('visited_no_buy'),
        days: rule?.days ?? 7,
        action: rule?.action ?? 'create_task',
        release_target: rule?.release_to ? 'user' : 'pool',
        release_to_pool: rule?.release_to_pool?.id ?? null,
        release_to: rule?.release_to?.id ?? null,
        flag_tag: rule?.flag_tag?.id ?? null,
        enabled: rule?.enabled ?? true,
      }}
    >
      <Form.Item name="kind" label={t('pages.followups.resources.kind')} rules={[{ required: true }]}>
        <Select
          options={RESOURCE_KINDS.map((kind) => ({ value: kind, label: labels.resourceKind(kind) }))}
          onChange={(kind: ResourceRuleKind) => {
            // A name still saying what the rule does follows the choice; a name the user wrote stays.
            const name = (form.getFieldValue('name') as string | undefined)?.trim() ?? '';
            if (!name || RESOURCE_KINDS.some((other) => labels.resourceKind(other) === name)) form.setFieldValue('name', labels.resourceKind(kind));
          }}
        />
      </Form.Item>
      <Form.Item name="name" label={t('pages.followups.resources.name')} rules={[{ required: true, whitespace: true, message: t('pages.followups.resources.name.required') }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item
        name="days"
        label={t('pages.followups.resources.days')}
        extra={t('pages.followups.resources.days.hint')}
        rules={[{ required: true, type: 'integer', min: 1, max: 3650, message: t('pages.followups.rules.days.invalid') }]}
      >
        <InputNumber min={1} max={3650} precision={0} suffix={t('pages.followups.rules.dayUnit')} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="action" label={t('pages.followups.resources.action')} rules={[{ required: true }]}>
        <Radio.Group options={RESOURCE_ACTIONS.map((value) => ({ value, label: labels.resourceAction(value) }))} />
      </Form.Item>
      {action === 'flag' && (
        <Form.Item name="flag_tag" label={t('pages.followups.resources.flagTag')} extra={t('pages.followups.resources.flagTag.hint')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={tags.isPending}
            options={[
              ...(rule?.flag_tag && !(tags.data ?? []).some((tag) => tag.id === rule.flag_tag?.id) ? [{ value: rule.flag_tag.id, label: rule.flag_tag.name }] : []),
              ...(tags.data ?? []).filter((tag) => tag.is_active !== false).map((tag) => ({ value: tag.id, label: tag.name })),
            ]}
            placeholder={t('pages.followups.resources.flagTag.placeholder')}
          />
        </Form.Item>
      )}
      {action === 'release' && (
        <>
          <Alert type="warning" showIcon title={t('pages.followups.resources.release.warning')} style={{ marginBottom: 16 }} />
          <Form.Item name="release_target" label={t('pages.followups.resources.releaseTo')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'pool', label: t('pages.followups.field.target.pool') },
                { value: 'user', label: t('pages.followups.resources.releaseTo.user') },
              ]}
            />
          </Form.Item>
          {target === 'pool' ? (
            <Form.Item name="release_to_pool" label={t('pages.followups.field.pool')} rules={[{ required: true, message: t('pages.followups.field.pool.required') }]}>
              <PoolSelect />
            </Form.Item>
          ) : (
            <Form.Item name="release_to" label={t('pages.followups.resources.releaseTo.user')} rules={[{ required: true, message: t('pages.followups.field.assignee.required') }]}>
              <StaffSelect position={STAFF_POSITIONS.consultant} initialOptions={[rule?.release_to ?? null]} />
            </Form.Item>
          )}
        </>
      )}
      <Form.Item name="enabled" label={t('common.status')} valuePropName="checked">
        <Switch checkedChildren={t('common.status.active')} unCheckedChildren={t('common.status.inactive')} />
      </Form.Item>
    </FormModal>
  );
}
