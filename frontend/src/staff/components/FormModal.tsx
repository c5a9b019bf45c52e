import { Form, Modal, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface FormModalProps<Values> {
  title: ReactNode;
  form: FormInstance<Values>;
  initialValues?: Partial<Values>;
  saving: boolean;
  onSubmit: (values: Values) => void;
  onClose: () => void;
  children: ReactNode;
  width?: number;
}

/** A modal whose OK button submits the form inside it; validation runs before `onSubmit`. */
export function FormModal<Values extends object>({
  title,
  form,
  initialValues,
  saving,
  onSubmit,
  onClose,
  children,
  width,
}: FormModalProps<Values>) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      width={width}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ htmlType: 'submit' }}
      destroyOnHidden
      mask={{ closable: false }}
      modalRender={(dom) => (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={onSubmit}
          clearOnDestroy
          scrollToFirstError
        >
          {dom}
        </Form>
      )}
    >
      {children}
    </Modal>
  );
}
