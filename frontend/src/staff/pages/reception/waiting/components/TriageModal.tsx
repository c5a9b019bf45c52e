import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { StaffSelect } from '../../../customers/shared/StaffSelect';
import { STAFF_POSITIONS } from '../../../customers/shared/service';
import { triageVisit, visitKeys, type TriageInput, type TriageTarget, type Visit } from '../../shared/visitService';

interface TriageValues {
  target: TriageTarget;
  consultant?: number | null;
  doctor?: number | null;
  note?: string;
}

/**
 * 分诊: to a consultant (the first one becomes the customer's owner) or straight to treatment, which needs an
 * owning consultant already. The server enforces both rules; the hints here only save a round trip.
 */
export function TriageModal({ visit, onClose }: { visit: Visit; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TriageValues>();
  const target = Form.useWatch('target', form);
  const owner = visit.owning_consultant;

  const save = useMutation({
    mutationFn: (values: TriageValues) => {
      const body: TriageInput = {
        target: values.target,
        consultant: values.consultant ?? null,
        doctor: values.doctor ?? null,
        note: values.note?.trim() ?? '',
      };
      return triageVisit(visit.id, body);
    },
    onSuccess: async (saved) => {
      void message.success(
        t('pages.reception.triage.done', {
          name: saved.customer.name,
          to: saved.consultant?.name ?? saved.doctor?.name ?? '',
        }),
      );
      await queryClient.invalidateQueries({ queryKey: visitKeys.all });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const toTreatment = target === 'treatment';
  return (
    <FormModal<TriageValues>
      title={t('pages.reception.triage.title', { name: visit.customer.name })}
      form={form}
      initialValues={{
        target: visit.triage_target === 'treatment' ? 'treatment' : 'consultation',
        consultant: visit.consultant?.id ?? owner?.id ?? null,
        doctor: visit.doctor?.id ?? null,
      }}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Form.Item name="target" label={t('pages.reception.triage.target')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'consultation', label: t('pages.reception.triage.target.consultation') },
            { value: 'treatment', label: t('pages.reception.triage.target.treatment') },
          ]}
        />
      </Form.Item>
      {toTreatment && !owner && (
        <Alert type="warning" showIcon title={t('pages.reception.triage.noOwner')} style={{ marginBottom: 16 }} />
      )}
      <Form.Item
        name="consultant"
        label={t('pages.reception.triage.consultant')}
        rules={[{ required: !toTreatment, message: t('pages.reception.triage.consultant.required') }]}
        extra={
          owner ? (
            <Typography.Text type="secondary">{t('pages.reception.triage.owner', { name: owner.name })}</Typography.Text>
          ) : (
            !toTreatment && <Typography.Text type="secondary">{t('pages.reception.triage.firstOwner')}</Typography.Text>
          )
        }
      >
        <StaffSelect
          position={STAFF_POSITIONS.consultant}
          initialOptions={[visit.consultant, owner]}
          placeholder={t('pages.reception.triage.consultant.placeholder')}
        />
      </Form.Item>
      <Form.Item
        name="doctor"
        label={t('pages.reception.triage.doctor')}
        extra={toTreatment ? undefined : t('pages.reception.triage.doctor.optional')}
      >
        <StaffSelect
          position={STAFF_POSITIONS.doctor}
          initialOptions={[visit.doctor]}
          placeholder={t('pages.reception.triage.doctor.placeholder')}
        />
      </Form.Item>
      <Form.Item name="note" label={t('pages.reception.triage.note')}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}
