import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input, Radio, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '@/api/errors';
import { reportError } from '@/api/reporting';

import { useAccess } from '../../../../session/useMe';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { useCustomerLabels } from '../../../customers/shared/labels';
import { createCustomer, GENDERS, listCustomers, useSources, type Gender } from '../../../customers/shared/service';
import type { ChosenCustomer } from './chosenCustomer';

interface QuickCustomerValues {
  name: string;
  phone: string;
  gender: Gender;
  source?: number | null;
}

interface QuickCustomerFormProps {
  prefill: { name?: string; phone?: string };
  onCreated: (customer: ChosenCustomer) => void;
  onBack: () => void;
}

/**
 * A new file with the four things a receptionist asks at the desk; the rest is filled in later from the
 * file itself. A phone already on file gets the server's message naming that customer, and a button to use
 * the existing file instead.
 */
export function QuickCustomerForm({ prefill, onCreated, onBack }: QuickCustomerFormProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useCustomerLabels();
  const [form] = Form.useForm<QuickCustomerValues>();
  const { data: sources = [] } = useSources(access.canViewCustomerSettings);
  const [duplicate, setDuplicate] = useState<{ message: string; phone: string } | null>(null);

  const create = useMutation({
    mutationFn: (values: QuickCustomerValues) =>
      createCustomer({
        name: values.name.trim(),
        phone: values.phone.trim(),
        gender: values.gender,
        source: values.source ?? null,
        lunar_birth_leap: false,
        id_number: '',
        consent_source: 'counter',
      }),
    // A duplicate phone is shown in the form with a way out; other errors take the usual path.
    meta: { inlineError: true },
    onSuccess: (customer) => onCreated(customer),
    onError: (error, values) => {
      if (error instanceof ApiError && error.code === 'duplicate_phone') {
        setDuplicate({ message: error.message, phone: values.phone.trim() });
        return;
      }
      applyFieldErrors(form, error);
      reportError(error);
    },
  });

  const useExisting = useMutation({
    mutationFn: async (phone: string) => {
      const page = await listCustomers({ search: phone, page_size: 1 });
      return page.results[0];
    },
    onSuccess: (customer) => customer && onCreated(customer),
  });

  return (
    <Form<QuickCustomerValues>
      form={form}
      layout="vertical"
      initialValues={{ name: prefill.name ?? '', phone: prefill.phone ?? '', gender: 'female' }}
      onFinish={(values) => {
        setDuplicate(null);
        create.mutate(values);
      }}
      onValuesChange={(changed) => 'phone' in changed && setDuplicate(null)}
      data-testid="quick-customer-form"
    >
      <Form.Item name="name" label={t('pages.reception.quickCustomer.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={32} autoFocus={!prefill.name} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('pages.reception.quickCustomer.phone')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input maxLength={20} inputMode="tel" autoComplete="off" autoFocus={Boolean(prefill.name)} />
      </Form.Item>
      {duplicate && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={duplicate.message}
          action={
            <Button
              size="small"
              type="primary"
              loading={useExisting.isPending}
              onClick={() => useExisting.mutate(duplicate.phone)}
              data-testid="use-existing-customer"
            >
              {t('pages.reception.quickCustomer.useExisting')}
            </Button>
          }
        />
      )}
      <Form.Item name="gender" label={t('pages.reception.quickCustomer.gender')}>
        <Radio.Group
          optionType="button"
          options={GENDERS.map((gender) => ({ value: gender, label: labels.gender(gender) }))}
        />
      </Form.Item>
      {access.canViewCustomerSettings && (
        <Form.Item name="source" label={t('pages.reception.quickCustomer.source')}>
          <Select
            allowClear
            options={sources.filter((source) => source.is_active !== false).map((source) => ({ value: source.id, label: source.name }))}
          />
        </Form.Item>
      )}
      <Flex gap={8} justify="flex-end">
        <Button onClick={onBack}>{t('pages.reception.quickCustomer.back')}</Button>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="quick-customer-save">
          {t('pages.reception.quickCustomer.save')}
        </Button>
      </Flex>
    </Form>
  );
}
