import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { StaffSelect } from '../../../customers/shared/StaffSelect';
import { useReceptionLabels, type ComplaintStatus } from '../../shared/labels';
import { complaintKeys, handleComplaint, nextStatuses, suggestedStatus, type Complaint } from '../service';

interface HandleValues {
  status: ComplaintStatus;
  resolution?: string;
  handler?: number | null;
}

/** 处理投诉: one step along the flow, the handler, and what was done (required to mark it resolved). */
export function HandleComplaintModal({ complaint, onClose }: { complaint: Complaint; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const labels = useReceptionLabels();
  const [form] = Form.useForm<HandleValues>();
  const status = Form.useWatch('status', form);
  const save = useMutation({
    mutationFn: (values: HandleValues) =>
      handleComplaint(complaint.id, {
        status: values.status,
        resolution: values.resolution?.trim() ?? '',
        handler: values.handler ?? null,
      }),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: complaintKeys.all });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  return (
    <FormModal<HandleValues>
      title={t('pages.reception.complaints.handle.title', { name: complaint.customer.name })}
      form={form}
      initialValues={{
        status: suggestedStatus(complaint.status),
        resolution: complaint.resolution,
        handler: complaint.handler?.id ?? null,
      }}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-line' }}>
        {complaint.content}
      </Typography.Paragraph>
      <Form.Item name="status" label={t('pages.reception.complaints.status')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={nextStatuses(complaint.status).map((value) => ({ value, label: labels.complaintStatus(value) }))}
        />
      </Form.Item>
      <Form.Item name="handler" label={t('pages.reception.complaints.handler')}>
        <StaffSelect position="" initialOptions={[complaint.handler]} />
      </Form.Item>
      <Form.Item
        name="resolution"
        label={t('pages.reception.complaints.resolution')}
        rules={[{ required: status === 'resolved', whitespace: true, message: t('pages.reception.complaints.resolution.required') }]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} />
      </Form.Item>
    </FormModal>
  );
}
