import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { PasswordFields } from '../../../../components/PasswordFields';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { resetStaffPassword, staffKeys, type Staff } from '../service';

interface ResetPasswordValues {
  new_password: string;
  new_password_confirm: string;
}

export function ResetPasswordModal({ staff, onClose }: { staff: Staff; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ResetPasswordValues>();

  const save = useMutation({
    mutationFn: ({ new_password }: ResetPasswordValues) => resetStaffPassword(staff.id, new_password),
    onSuccess: async () => {
      void message.success(t('pages.system.staff.resetPassword.done'));
      await queryClient.invalidateQueries({ queryKey: staffKeys.all });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <FormModal<ResetPasswordValues>
      title={t('pages.system.staff.resetPassword.title', { name: staff.name })}
      form={form}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Alert type="info" showIcon title={t('pages.system.staff.resetPassword.hint')} style={{ marginBottom: 16 }} />
      <PasswordFields name="new_password" label={t('common.password.new')} />
    </FormModal>
  );
}
