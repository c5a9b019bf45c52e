import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';

import { reportError } from '@/api/reporting';
import { ApiError } from '@/api/errors';

import { useMe } from '../../../../session/useMe';
import { StaffSelect } from '../../../customers/shared/StaffSelect';
import { customerKeys, STAFF_POSITIONS, type Customer } from '../../../customers/shared/service';
import { AssessmentFields } from '../../shared/assessmentForm/AssessmentFields';
import { ANSWERS, toAnswers, toFormFieldErrors, type EditedValue } from '../../shared/assessmentForm/assessmentForm';
import type { Visit } from '../../shared/visitService';
import { createAssessment, listActiveAssessmentForms, recordKeys } from '../service';

interface AssessmentValues {
  doctor: number;
  form?: number | null;
  [ANSWERS]?: Record<string, EditedValue>;
  conclusion?: string;
  plan?: string;
}

interface AssessmentSectionProps {
  customer: Customer;
  visit?: Visit;
  onSaved: () => void;
}

/** 医生面诊评估: free text, or a department's form whose fields are drawn from its definition. */
export function AssessmentSection({ customer, visit, onSaved }: AssessmentSectionProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const [form] = Form.useForm<AssessmentValues>();
  const formId = Form.useWatch('form', form);
  const forms = useQuery({ queryKey: recordKeys.activeAssessmentForms, queryFn: listActiveAssessmentForms });
  const chosen = forms.data?.find((item) => item.id === formId);

  const iAmDoctor = me?.positions.some((position) => position.code === STAFF_POSITIONS.doctor) ?? false;
  const defaultDoctor = visit?.doctor?.id ?? (iAmDoctor ? me?.id : undefined);

  const save = useMutation({
    mutationFn: (values: AssessmentValues) =>
      createAssessment({
        customer: customer.id,
        visit: visit?.id ?? null,
        doctor: values.doctor,
        form: values.form ?? null,
        answers: chosen ? toAnswers(chosen.fields, values[ANSWERS]) : {},
        conclusion: values.conclusion?.trim() ?? '',
        plan: values.plan?.trim() ?? '',
      }),
    // Errors of the form's own fields come back as `answers.<key>`: they go under those fields.
    meta: { inlineError: true },
    onSuccess: async () => {
      void message.success(t('pages.reception.assessment.saved'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: recordKeys.assessments }),
        queryClient.invalidateQueries({ queryKey: customerKeys.all }),
      ]);
      form.resetFields();
      onSaved();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setFields(toFormFieldErrors(error.fields) as Parameters<typeof form.setFields>[0]);
      reportError(error);
    },
  });

  return (
    <Form<AssessmentValues>
      form={form}
      layout="vertical"
      initialValues={{ doctor: defaultDoctor }}
      onFinish={(values) => save.mutate(values)}
      scrollToFirstError
      data-testid="assessment-form"
    >
      <Form.Item name="doctor" label={t('pages.reception.assessment.doctor')} rules={[{ required: true }]}>
        <StaffSelect position={STAFF_POSITIONS.doctor} initialOptions={[visit?.doctor ?? null]} />
      </Form.Item>
      <Form.Item name="form" label={t('pages.reception.assessment.form')} extra={chosen?.description}>
        <Select
          allowClear
          loading={forms.isPending}
          placeholder={t('pages.reception.assessment.form.none')}
          options={(forms.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
          notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.reception.assessment.form.empty')} />}
          onChange={() => form.setFieldValue(ANSWERS, {})}
          data-testid="assessment-form-select"
        />
      </Form.Item>
      {chosen && <AssessmentFields fields={chosen.fields} />}
      <Form.Item name="conclusion" label={t('pages.reception.assessment.conclusion')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} />
      </Form.Item>
      <Form.Item name="plan" label={t('pages.reception.assessment.plan')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={save.isPending} data-testid="assessment-save">
        {t('pages.reception.assessment.save')}
      </Button>
    </Form>
  );
}
