import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Drawer, Empty, Flex, Form, Input, Radio, Select, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { useAccess } from '../../../../session/useMe';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { formatDateTime } from '../../../../utils/time';
import { useCustomerLabels } from '../../shared/labels';
import {
  CONSENT_KINDS,
  CONSENT_SOURCES,
  customerKeys,
  listConsents,
  recordConsent,
  type ConsentInput,
  type Customer,
} from '../../shared/service';

type ConsentFormValues = Omit<ConsentInput, 'granted'> & { decision: 'grant' | 'withdraw' };

/** The customer's consents: where they stand, their history, and recording a new grant or withdrawal. */
export function ConsentDrawer({ customer, open, onClose }: { customer: Customer; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const labels = useCustomerLabels();
  const queryClient = useQueryClient();
  const phone = useLayoutMode() === 'phone';
  const [form] = Form.useForm<ConsentFormValues>();
  const canRecord = access.canChangeCustomer && !customer.merged_into;
  const history = useQuery({ queryKey: customerKeys.consents(customer.id), queryFn: () => listConsents(customer.id), enabled: open });

  const save = useMutation({
    mutationFn: ({ decision, ...values }: ConsentFormValues) => recordConsent(customer.id, { ...values, granted: decision === 'grant' }),
    onSuccess: async () => {
      void message.success(t('pages.customers.consents.saved'));
      form.resetFields(['note']);
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const current = [
    { kind: 'marketing' as const, granted: customer.marketing_consent, at: customer.marketing_consent_at },
    { kind: 'case_photos' as const, granted: customer.photo_consent, at: customer.photo_consent_at },
  ];

  return (
    <Drawer open={open} onClose={onClose} title={t('pages.customers.consents.title')} size={phone ? '100%' : 480} destroyOnHidden>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('pages.customers.consents.current')}
      </Typography.Title>
      <Flex vertical gap={8}>
        {current.map((item) => (
          <Flex key={item.kind} justify="space-between" align="center" gap={8}>
            <span>{labels.consentKind(item.kind)}</span>
            <span>
              <Tag color={item.granted ? 'success' : 'default'}>
                {item.granted ? t('pages.customers.detail.consent.granted') : t('pages.customers.detail.consent.notGranted')}
              </Tag>
              {item.granted && item.at && <Typography.Text type="secondary">{formatDateTime(item.at)}</Typography.Text>}
            </span>
          </Flex>
        ))}
      </Flex>

      {canRecord && (
        <>
          <Divider />
          <Typography.Title level={5}>{t('pages.customers.consents.record')}</Typography.Title>
          <Form<ConsentFormValues>
            form={form}
            layout="vertical"
            initialValues={{ kind: 'marketing', decision: 'grant', source: 'counter' }}
            onFinish={(values) => save.mutate(values)}
            data-testid="consent-form"
          >
            <Form.Item name="kind" label={t('pages.customers.consents.kind')}>
              <Radio.Group options={CONSENT_KINDS.map((kind) => ({ value: kind, label: labels.consentKind(kind) }))} />
            </Form.Item>
            <Form.Item name="decision" label={t('pages.customers.consents.decision')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'grant', label: t('pages.customers.consents.grant') },
                  { value: 'withdraw', label: t('pages.customers.consents.withdraw') },
                ]}
              />
            </Form.Item>
            <Form.Item name="source" label={t('pages.customers.consents.source')}>
              <Select options={CONSENT_SOURCES.map((source) => ({ value: source, label: labels.consentSource(source) }))} />
            </Form.Item>
            <Form.Item name="note" label={t('pages.customers.consents.note')}>
              <Input maxLength={200} placeholder={t('pages.customers.consents.note.placeholder')} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending} block={phone}>
              {t('common.save')}
            </Button>
          </Form>
        </>
      )}

      <Divider />
      <Typography.Title level={5}>{t('pages.customers.consents.history')}</Typography.Title>
      {history.isPending ? (
        <Skeleton active />
      ) : (history.data ?? []).length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.customers.consents.empty')} />
      ) : (
        <Timeline
          items={(history.data ?? []).map((entry) => ({
            key: entry.id,
            color: entry.granted ? 'green' : 'red',
            content: (
              <Flex vertical gap={2}>
                <span>
                  <Tag color={entry.granted ? 'success' : 'error'}>
                    {entry.granted ? t('pages.customers.consents.granted') : t('pages.customers.consents.withdrawn')}
                  </Tag>
                  {labels.consentKind(entry.kind)}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[formatDateTime(entry.recorded_at), labels.consentSource(entry.source), entry.recorded_by?.name].filter(Boolean).join(' · ')}
                </Typography.Text>
                {entry.note && <Typography.Text style={{ fontSize: 12 }}>{entry.note}</Typography.Text>}
              </Flex>
            ),
          }))}
        />
      )}
    </Drawer>
  );
}
