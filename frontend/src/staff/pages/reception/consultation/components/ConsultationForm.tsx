import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { useAccess, useMe } from '../../../../session/useMe';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { clinicNow, toApiDateTime } from '../../../../utils/time';
import { StaffSelect } from '../../../customers/shared/StaffSelect';
import { customerKeys, STAFF_POSITIONS, type Customer } from '../../../customers/shared/service';
import {
  CONSULTATION_KINDS,
  NO_DEAL_REASONS,
  OUTCOMES,
  useReceptionLabels,
  type ConsultationKind,
  type ConsultationOutcome,
  type NoDealReason,
} from '../../shared/labels';
import { visitKeys, type Visit } from '../../shared/visitService';
import { createConsultation, listCustomerConsultations, recordKeys } from '../service';

interface ConsultationValues {
  consultant: number;
  kind: ConsultationKind;
  consulted_at: Dayjs;
  content?: string;
  interested_items?: string[];
  outcome: ConsultationOutcome;
  no_deal_reason?: NoDealReason;
  no_deal_note?: string;
  next_step?: string;
  next_contact_on?: Dayjs | null;
}

interface ConsultationFormProps {
  customer: Customer;
  visit?: Visit;
  onSaved: () => void;
}

/** 咨询记录 on a phone: what was discussed, what the customer wants, the result and what happens next. */
export function ConsultationForm({ customer, visit, onSaved }: ConsultationFormProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const labels = useReceptionLabels();
  const { data: me } = useMe();
  const access = useAccess();
  const navigate = useNavigate();
  const [form] = Form.useForm<ConsultationValues>();
  const outcome = Form.useWatch('outcome', form);
  const previous = useQuery({
    queryKey: recordKeys.customerConsultations(customer.id),
    queryFn: () => listCustomerConsultations(customer.id),
  });

  // Items the customer asked about before come first, then the usual ones.
  const itemOptions = useMemo(() => {
    const items = new Set<string>();
    for (const consultation of previous.data?.results ?? []) consultation.interested_items.forEach((item) => items.add(item));
    t('pages.reception.consultation.itemSuggestions')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
      .forEach((item) => items.add(item));
    return [...items].map((item) => ({ value: item, label: item }));
  }, [previous.data, t]);

  const iAmConsultant = me?.positions.some((position) => position.code === STAFF_POSITIONS.consultant) ?? false;
  const defaultConsultant = visit?.consultant?.id ?? (iAmConsultant ? me?.id : customer.consultant?.id);

  const save = useMutation({
    mutationFn: (values: ConsultationValues) => {
      const noDeal = values.outcome === 'no_deal';
      return createConsultation({
        customer: customer.id,
        visit: visit?.id ?? null,
        consultant: values.consultant,
        kind: values.kind,
        consulted_at: toApiDateTime(values.consulted_at),
        content: values.content?.trim() ?? '',
        interested_items: (values.interested_items ?? []).map((item) => item.trim()).filter(Boolean),
        outcome: values.outcome,
        no_deal_reason: noDeal ? (values.no_deal_reason ?? '') : '',
        no_deal_note: noDeal ? (values.no_deal_note?.trim() ?? '') : '',
        next_step: values.next_step?.trim() ?? '',
        next_contact_on: values.next_contact_on ? values.next_contact_on.format('YYYY-MM-DD') : null,
      });
    },
    onSuccess: async (consultation, values) => {
      void message.success(t('pages.reception.consultation.saved'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: recordKeys.consultations }),
        queryClient.invalidateQueries({ queryKey: visitKeys.all }),
        queryClient.invalidateQueries({ queryKey: customerKeys.all }),
      ]);
      // A deal goes on to 开单 with the customer, visit and consultation filled in.
      if (values.outcome === 'deal' && access.canAddOrder) {
        const visitParam = visit ? `&visit=${visit.id}` : '';
        void navigate(`/sales/orders/new?customer=${customer.id}${visitParam}&consultation=${consultation.id}`);
        return;
      }
      onSaved();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const today = clinicNow().startOf('day');
  return (
    <Form<ConsultationValues>
      form={form}
      layout="vertical"
      initialValues={{ consultant: defaultConsultant, kind: 'onsite', consulted_at: clinicNow(), outcome: 'pending' }}
      onFinish={(values) => save.mutate(values)}
      scrollToFirstError
      data-testid="consultation-form"
    >
      <Form.Item name="consultant" label={t('pages.reception.consultation.consultant')} rules={[{ required: true }]}>
        <StaffSelect position={STAFF_POSITIONS.consultant} initialOptions={[visit?.consultant ?? null, customer.consultant]} />
      </Form.Item>
      <Form.Item name="kind" label={t('pages.reception.consultation.kind')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={CONSULTATION_KINDS.map((kind) => ({ value: kind, label: labels.consultationKind(kind) }))}
        />
      </Form.Item>
      <Form.Item name="consulted_at" label={t('pages.reception.consultation.time')} rules={[{ required: true }]}>
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          inputReadOnly
          disabledDate={(day) => day.isAfter(clinicNow(), 'day')}
          style={{ width: '100%' }}
        />
      </Form.Item>
      <Form.Item name="content" label={t('pages.reception.consultation.content')}>
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 12 }}
          maxLength={5000}
          placeholder={t('pages.reception.consultation.content.placeholder')}
          data-testid="consultation-content"
        />
      </Form.Item>
      <Form.Item
        name="interested_items"
        label={t('pages.reception.consultation.items')}
        extra={t('pages.reception.consultation.items.help')}
      >
        <Select mode="tags" options={itemOptions} tokenSeparators={[',', '，', '、']} maxCount={30} data-testid="consultation-items" />
      </Form.Item>
      <Form.Item name="outcome" label={t('pages.reception.consultation.outcome')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={OUTCOMES.map((value) => ({ value, label: labels.outcome(value) }))}
          data-testid="consultation-outcome"
        />
      </Form.Item>
      {outcome === 'no_deal' && (
        <>
          <Form.Item
            name="no_deal_reason"
            label={t('pages.reception.consultation.noDealReason')}
            rules={[{ required: true, message: t('pages.reception.consultation.noDealReason.required') }]}
          >
            <Select options={NO_DEAL_REASONS.map((reason) => ({ value: reason, label: labels.noDealReason(reason) }))} />
          </Form.Item>
          <Form.Item
            name="no_deal_note"
            label={t('pages.reception.consultation.noDealNote')}
            rules={[{ required: true, whitespace: true, message: t('pages.reception.consultation.noDealNote.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </>
      )}
      <Form.Item name="next_step" label={t('pages.reception.consultation.nextStep')}>
        <Input maxLength={200} placeholder={t('pages.reception.consultation.nextStep.placeholder')} />
      </Form.Item>
      <Form.Item name="next_contact_on" label={t('pages.reception.consultation.nextContact')}>
        <DatePicker inputReadOnly disabledDate={(day) => day.isBefore(today, 'day')} style={{ width: '100%' }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={save.isPending} data-testid="consultation-save">
        {t('pages.reception.consultation.save')}
      </Button>
    </Form>
  );
}
