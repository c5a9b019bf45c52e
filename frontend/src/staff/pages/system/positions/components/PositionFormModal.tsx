import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Switch } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { lookupKeys } from '../../../../services/lookups';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { createPosition, updatePosition, type Position, type PositionInput } from '../service';

interface PositionFormModalProps {
  position?: Position;
  onClose: () => void;
}

export function PositionFormModal({ position, onClose }: PositionFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PositionInput>();

  const save = useMutation({
    mutationFn: (values: PositionInput) => (position ? updatePosition(position.id, values) : createPosition(values)),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: lookupKeys.positions });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <FormModal<PositionInput>
      title={t(position ? 'pages.system.positions.edit' : 'pages.system.positions.create')}
      form={form}
      initialValues={position ?? { sort: 0, is_active: true }}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('pages.system.positions.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item name="code" label={t('pages.system.positions.code')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item name="sort" label={t('pages.system.positions.sort')}>
        <InputNumber min={0} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="is_active" label={t('common.status')} valuePropName="checked">
        <Switch checkedChildren={t('common.status.active')} unCheckedChildren={t('common.status.inactive')} />
      </Form.Item>
    </FormModal>
  );
}
