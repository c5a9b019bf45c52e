import { Checkbox, DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';

import { answerName, DATE_FORMAT, type FormField } from './assessmentForm';

/** Few options show as buttons to tap; many as a dropdown that fits a phone. */
const MAX_INLINE_OPTIONS = 6;

function FieldInput({ field }: { field: FormField }) {
  const options = (field.options ?? []).map((option) => ({ value: option, label: option }));
  switch (field.type) {
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} />;
    case 'number':
      return <InputNumber inputMode="decimal" style={{ width: '100%' }} />;
    case 'date':
      return <DatePicker format={DATE_FORMAT} inputReadOnly style={{ width: '100%' }} />;
    case 'single':
      return options.length <= MAX_INLINE_OPTIONS ? (
        <Radio.Group options={options} />
      ) : (
        <Select options={options} allowClear showSearch={{ optionFilterProp: 'label' }} />
      );
    case 'multi':
      return options.length <= MAX_INLINE_OPTIONS ? (
        <Checkbox.Group options={options} />
      ) : (
        <Select mode="multiple" options={options} allowClear showSearch={{ optionFilterProp: 'label' }} />
      );
    default:
      return <Input maxLength={500} />;
  }
}

/**
 * The fields of a department's assessment form, rendered from its definition inside the caller's antd Form:
 * each answer under `answers.<key>`, required ones marked. toAnswers() turns the values into what the API takes.
 */
export function AssessmentFields({ fields }: { fields: readonly FormField[] }) {
  const { t } = useTranslation();
  return (
    <>
      {fields.map((field) => (
        <Form.Item
          key={field.key}
          name={answerName(field.key)}
          label={field.label}
          extra={field.help}
          rules={[{ required: field.required, message: t('pages.reception.assessment.requiredField', { label: field.label }) }]}
        >
          <FieldInput field={field} />
        </Form.Item>
      ))}
    </>
  );
}
