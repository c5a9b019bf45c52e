import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { CustomerSelect } from '../../../customers/shared/CustomerSelect';
import { StaffSelect } from '../../../customers/shared/StaffSelect';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  useReceptionLabels,
  type ComplaintCategory,
  type ComplaintChannel,
} from '../../shared/labels';
import { complaintKeys, createComplaint } from '../service';

interface ComplaintValues {
  customer: number;
  category: ComplaintCategory;
  channel: ComplaintChannel;
  content: string;
  handler?: number | null;
}

/** 登记投诉: who, what about, through which channel, and who is to handle it. */
export function ComplaintFormModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const labels = useReceptionLabels();
  const [form] = Form.useForm<ComplaintValues>();
  const save = useMutation({
    mutationFn: (values: ComplaintValues) =>
      createComplaint({ ...values, content: values.content.trim(), handler: values.handler ?? null }),
    onSuccess: async () => {
      void message.success(t('pages.reception.complaints.created'));
      await queryClient.invalidateQueries({ queryKey: complaintKeys.all });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  return (
    <FormModal<ComplaintValues>
      title={t('pages.reception.complaints.create')}
      form={form}
      initialValues={{ channel: 'onsite' }}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Form.Item name="customer" label={t('pages.reception.complaints.customer')} rules={[{ required: true }]}>
        <CustomerSelect placeholder={t('pages.reception.checkIn.search')} data-testid="complaint-customer" />
      </Form.Item>
      <Form.Item name="category" label={t('pages.reception.complaints.category')} rules={[{ required: true }]}>
        <Select options={COMPLAINT_CATEGORIES.map((value) => ({ value, label: labels.complaintCategory(value) }))} />
      </Form.Item>
      <Form.Item name="channel" label={t('pages.reception.complaints.channel')} rules={[{ required: true }]}>
        <Radio.Group options={COMPLAINT_CHANNELS.map((value) => ({ value, label: labels.complaintChannel(value) }))} />
      </Form.Item>
      <Form.Item name="content" label={t('pages.reception.complaints.content')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={5000} showCount />
      </Form.Item>
      <Form.Item name="handler" label={t('pages.reception.complaints.handler')}>
        <StaffSelect position="" placeholder={t('pages.reception.complaints.handler.placeholder')} />
      </Form.Item>
    </FormModal>
  );
}
