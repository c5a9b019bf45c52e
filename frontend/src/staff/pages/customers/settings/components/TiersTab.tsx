import { useQuery } from '@tanstack/react-query';
import { Empty, Flex, Form, Input, InputNumber, Radio, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ActiveTag } from '../../../../components/ActiveTag';
import { CreateButton, RowActions } from '../../../../components/CrudButtons';
import { FormModal } from '../../../../components/FormModal';
import { SortAndStatusFields } from '../../../../components/SortAndStatusFields';
import { useDeleteMutation, useSaveMutation } from '../../../../hooks/useCrudMutations';
import {
  createTier,
  deleteTier,
  listTiers,
  settingsKeys,
  updateTier,
  type MembershipTier,
  type MembershipTierInput,
} from '../service';
import { useDiscountText } from './useDiscountText';

/** The form works in numbers; the API takes decimals as strings. */
interface TierFormValues {
  name: string;
  basis: MembershipTier['basis'];
  threshold_amount?: number | null;
  threshold_points?: number | null;
  discount_rate?: number | null;
  benefits?: string;
  sort?: number;
  is_active?: boolean;
}

function toFormValues(tier: MembershipTier): TierFormValues {
  return {
    ...tier,
    threshold_amount: tier.threshold_amount ? Number(tier.threshold_amount) : null,
    discount_rate: tier.discount_rate ? Number(tier.discount_rate) : null,
  };
}

function toInput(values: TierFormValues): MembershipTierInput {
  const spend = values.basis === 'spend';
  return {
    name: values.name,
    basis: values.basis,
    threshold_amount: spend ? (values.threshold_amount ?? 0).toFixed(2) : '0.00',
    threshold_points: spend ? 0 : (values.threshold_points ?? 0),
    discount_rate: (values.discount_rate ?? 1).toFixed(3),
    benefits: values.benefits ?? '',
    sort: values.sort,
    is_active: values.is_active,
  };
}

function TierFormModal({ tier, onClose }: { tier?: MembershipTier; onClose: () => void }) {
  const { t } = useTranslation();
  const discountText = useDiscountText();
  const [form] = Form.useForm<TierFormValues>();
  const basis = Form.useWatch('basis', form);
  const rate = Form.useWatch('discount_rate', form);
  const save = useSaveMutation(
    form,
    (values: TierFormValues) => (tier ? updateTier(tier.id, toInput(values)) : createTier(toInput(values))),
    settingsKeys.tiers,
    onClose,
  );
  return (
    <FormModal<TierFormValues>
      title={t(tier ? 'pages.customers.settings.tiers.edit' : 'pages.customers.settings.tiers.create')}
      form={form}
      initialValues={
        tier ? toFormValues(tier) : { basis: 'spend', threshold_amount: 0, discount_rate: 1, sort: 0, is_active: true }
      }
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('pages.customers.settings.tiers.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item name="basis" label={t('pages.customers.settings.tiers.basis')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'spend', label: t('pages.customers.settings.tiers.basis.spend') },
            { value: 'points', label: t('pages.customers.settings.tiers.basis.points') },
          ]}
        />
      </Form.Item>
      {basis === 'points' ? (
        <Form.Item name="threshold_points" label={t('pages.customers.settings.tiers.thresholdPoints')} rules={[{ required: true }]}>
          <InputNumber min={0} precision={0} inputMode="numeric" style={{ width: '100%' }} />
        </Form.Item>
      ) : (
        <Form.Item name="threshold_amount" label={t('pages.customers.settings.tiers.thresholdAmount')} rules={[{ required: true }]}>
          <InputNumber min={0} precision={2} prefix="¥" inputMode="decimal" style={{ width: '100%' }} />
        </Form.Item>
      )}
      <Form.Item
        name="discount_rate"
        label={t('pages.customers.settings.tiers.discountRate')}
        rules={[{ required: true }]}
        extra={t('pages.customers.settings.tiers.discountRate.help')}
      >
        <InputNumber
          min={0.01}
          max={1}
          step={0.01}
          precision={3}
          inputMode="decimal"
          style={{ width: '100%' }}
          suffix={<Typography.Text type="secondary">{discountText(rate)}</Typography.Text>}
        />
      </Form.Item>
      <Form.Item name="benefits" label={t('pages.customers.settings.tiers.benefits')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} showCount />
      </Form.Item>
      <SortAndStatusFields sortLabel={t('pages.customers.settings.sort')} />
    </FormModal>
  );
}

/** 会员等级: the tiers a customer climbs by total spend or points, each with its discount and benefits. */
export function TiersTab({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const discountText = useDiscountText();
  const [editing, setEditing] = useState<{ tier?: MembershipTier } | null>(null);
  const { data: tiers = [], isFetching } = useQuery({ queryKey: settingsKeys.tiers, queryFn: listTiers });
  const remove = useDeleteMutation(deleteTier, settingsKeys.tiers);

  const columns: TableColumnsType<MembershipTier> = [
    { title: t('pages.customers.settings.tiers.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('pages.customers.settings.tiers.threshold'),
      key: 'threshold',
      render: (_, tier) =>
        tier.basis === 'points'
          ? t('pages.customers.settings.tiers.threshold.points', { value: (tier.threshold_points ?? 0).toLocaleString() })
          : t('pages.customers.settings.tiers.threshold.spend', {
              value: Number(tier.threshold_amount ?? 0).toLocaleString(undefined, { maximumFractionDigits: 2 }),
            }),
    },
    {
      title: t('pages.customers.settings.tiers.discount'),
      dataIndex: 'discount_rate',
      key: 'discount_rate',
      render: (rate: string | undefined) => {
        const text = discountText(rate);
        return Number(rate ?? 1) < 1 ? <Tag color="volcano">{text}</Tag> : <Typography.Text type="secondary">{text}</Typography.Text>;
      },
    },
    {
      title: t('pages.customers.settings.tiers.benefits'),
      dataIndex: 'benefits',
      key: 'benefits',
      render: (benefits: string | undefined) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: benefits }} style={{ margin: 0, maxWidth: 320, whiteSpace: 'pre-line' }}>
          {benefits}
        </Typography.Paragraph>
      ),
    },
    { title: t('pages.customers.settings.sort'), dataIndex: 'sort', key: 'sort', width: 70 },
    {
      title: t('common.status'),
      dataIndex: 'is_active',
      key: 'is_active',
      width: 90,
      render: (active: boolean) => <ActiveTag active={active} />,
    },
  ];
  if (editable) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_, tier) => (
        <RowActions
          onEdit={() => setEditing({ tier })}
          onDelete={() => remove.mutate(tier.id)}
          deleteConfirm={t('pages.customers.settings.tiers.delete.confirm', { name: tier.name })}
          deleteHint={t('pages.customers.settings.tiers.delete.hint')}
        />
      ),
    });
  }

  return (
    <Flex vertical gap={12}>
      {editable && (
        <Flex justify="flex-end">
          <CreateButton onClick={() => setEditing({})}>{t('pages.customers.settings.tiers.create')}</CreateButton>
        </Flex>
      )}
      <Table<MembershipTier>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tiers}
        loading={isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('pages.customers.settings.tiers.empty')} /> }}
        data-testid="tiers-table"
      />
      {editing && <TierFormModal tier={editing.tier} onClose={() => setEditing(null)} />}
    </Flex>
  );
}
