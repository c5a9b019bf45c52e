import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

interface PasswordFieldsProps {
  /** The API's field name for the password. */
  name: string;
  label: string;
}

/** A new password and its confirmation, with the server's rules stated up front. */
export function PasswordFields({ name, label }: PasswordFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name={name} label={label} extra={t('common.password.rule')} rules={[{ required: true }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name={`${name}_confirm`}
        label={t('common.password.confirm')}
        dependencies={[name]}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue(name) === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('common.password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
