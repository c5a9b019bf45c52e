import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { PasswordFields } from '../../../components/PasswordFields';
import { meQueryKey } from '../../../session/service';
import { useMe } from '../../../session/useMe';
import { applyFieldErrors } from '../../../utils/formErrors';
import { changePassword } from './service';

interface PasswordForm {
  old_password: string;
  new_password: string;
  new_password_confirm: string;
}

export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const [form] = Form.useForm<PasswordForm>();

  const save = useMutation({
    mutationFn: ({ old_password, new_password }: PasswordForm) => changePassword({ old_password, new_password }),
    onSuccess: async () => {
      void message.success(t('pages.account.password.saved'));
      form.resetFields();
      if (me?.must_change_password) {
        await queryClient.invalidateQueries({ queryKey: meQueryKey });
        void navigate('/', { replace: true });
      }
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <Card title={t('pages.account.password.title')} variant="borderless" style={{ maxWidth: 560 }}>
      {me?.must_change_password && (
        <Alert type="warning" showIcon title={t('pages.account.password.required')} style={{ marginBottom: 24 }} />
      )}
      <Form<PasswordForm> form={form} layout="vertical" onFinish={(values) => save.mutate(values)} disabled={save.isPending}>
        <Form.Item name="old_password" label={t('pages.account.password.old')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <PasswordFields name="new_password" label={t('common.password.new')} />
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
