import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AutoComplete, App, Button, Card, Drawer, Flex, Form, Input, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { useCustomerLabels } from '../../../customers/shared/labels';
import { customerKeys, getCustomer } from '../../../customers/shared/service';
import { useReceptionLabels } from '../../shared/labels';
import { checkIn, visitKeys } from '../../shared/visitService';
import { prefillFromSearch, type ChosenCustomer } from './chosenCustomer';
import { CustomerPicker } from './CustomerPicker';
import { QuickCustomerForm } from './QuickCustomerForm';

const PURPOSES = [
  'pages.reception.checkIn.purpose.consult',
  'pages.reception.checkIn.purpose.recheck',
  'pages.reception.checkIn.purpose.treatment',
  'pages.reception.checkIn.purpose.dressing',
] as const;

interface CheckInValues {
  purpose?: string;
  note?: string;
}

interface CheckInDrawerProps {
  /** A customer chosen before the drawer opens (`?checkin=<id>`, from the customer's file). */
  presetCustomerId: number | null;
  onClose: () => void;
}

/** 到院登记: find the customer (or open a file in four fields), say why they came, and put them in the queue. */
export function CheckInDrawer({ presetCustomerId, onClose }: CheckInDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mode = useLayoutMode();
  const customerLabels = useCustomerLabels();
  const receptionLabels = useReceptionLabels();
  const [form] = Form.useForm<CheckInValues>();
  const [picked, setPicked] = useState<ChosenCustomer | null>(null);
  const [creating, setCreating] = useState<{ name?: string; phone?: string } | null>(null);
  // The preset only fills the choice until the receptionist changes it.
  const [presetDropped, setPresetDropped] = useState(false);
  const preset = useQuery({
    queryKey: customerKeys.detail(presetCustomerId ?? 0),
    queryFn: () => getCustomer(presetCustomerId ?? 0),
    enabled: presetCustomerId !== null && !presetDropped,
  });
  const customer = picked ?? (presetDropped ? null : (preset.data ?? null));

  const save = useMutation({
    mutationFn: (values: CheckInValues) =>
      checkIn({ customer: customer!.id, purpose: values.purpose?.trim() ?? '', note: values.note?.trim() ?? '' }),
    onSuccess: async (visit) => {
      void message.success(
        t('pages.reception.checkIn.done', { name: visit.customer.name, kind: receptionLabels.visitKind(visit.kind) }),
      );
      await queryClient.invalidateQueries({ queryKey: visitKeys.all });
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const choose = (next: ChosenCustomer) => {
    setPicked(next);
    setCreating(null);
  };
  const change = () => {
    setPicked(null);
    setPresetDropped(true);
  };

  let body;
  if (customer) {
    body = (
      <Card size="small" data-testid="checkin-customer">
        <Flex justify="space-between" align="flex-start" gap={8}>
          <Flex vertical gap={4} style={{ minWidth: 0 }}>
            <span>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {customer.name}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {customerLabels.genderAge(customer.gender, customer.age)}
              </Typography.Text>
            </span>
            <Typography.Text type="secondary">{customer.phone}</Typography.Text>
            <Typography.Text type="secondary">
              {[
                customer.consultant
                  ? t('pages.reception.checkIn.consultant', { name: customer.consultant.name })
                  : t('pages.reception.checkIn.noConsultant'),
                t('pages.reception.checkIn.visitCount', { count: customer.visit_count }),
              ].join(' · ')}
            </Typography.Text>
          </Flex>
          <Button type="link" onClick={change} data-testid="checkin-change-customer">
            {t('pages.reception.checkIn.change')}
          </Button>
        </Flex>
      </Card>
    );
  } else if (creating) {
    body = (
      <Card size="small" title={t('pages.reception.checkIn.newCustomer')}>
        <QuickCustomerForm prefill={creating} onCreated={choose} onBack={() => setCreating(null)} />
      </Card>
    );
  } else if (presetCustomerId !== null && !presetDropped && preset.isPending) {
    body = <Skeleton active paragraph={{ rows: 2 }} />;
  } else {
    body = <CustomerPicker onPick={choose} onCreate={(typed) => setCreating(prefillFromSearch(typed))} />;
  }

  return (
    <Drawer
      open
      title={t('pages.reception.checkIn.title')}
      size={mode === 'phone' ? '100%' : 520}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            disabled={!customer}
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="checkin-submit"
          >
            {t('pages.reception.checkIn.submit')}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('pages.reception.checkIn.customer')}
        </Typography.Title>
        {body}
        <Form<CheckInValues>
          form={form}
          layout="vertical"
          onFinish={(values) => customer && save.mutate(values)}
          disabled={!customer}
        >
          <Form.Item name="purpose" label={t('pages.reception.checkIn.purpose')}>
            <AutoComplete
              options={PURPOSES.map((key) => ({ value: t(key) }))}
              placeholder={t('pages.reception.checkIn.purpose.placeholder')}
            >
              <Input maxLength={200} data-testid="checkin-purpose" />
            </AutoComplete>
          </Form.Item>
          <Form.Item name="note" label={t('pages.reception.checkIn.note')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
          </Form.Item>
        </Form>
      </Flex>
    </Drawer>
  );
}
