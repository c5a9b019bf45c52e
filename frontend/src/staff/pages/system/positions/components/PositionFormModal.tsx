import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { SortAndStatusFields } from '../../../../components/SortAndStatusFields';
import { useSaveMutation } from '../../../../hooks/useCrudMutations';
import { lookupKeys } from '../../../../services/lookups';
import { createPosition, updatePosition, type Position, type PositionInput } from '../service';

interface PositionFormModalProps {
  position?: Position;
  onClose: () => void;
}

export function PositionFormModal({ position, onClose }: PositionFormModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PositionInput>();

  const save = useSaveMutation(
    form,
    (values: PositionInput) => (position ? updatePosition(position.id, values) : createPosition(values)),
    lookupKeys.positions,
    onClose,
  );

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
      <SortAndStatusFields sortLabel={t('pages.system.positions.sort')} />
    </FormModal>
  );
}
