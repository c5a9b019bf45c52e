import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Select, Switch, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { PasswordFields } from '../../../../components/PasswordFields';
import { useOrgUnits, usePositions } from '../../../../services/lookups';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { toTreeOptions } from '../../../../utils/orgTree';
import { createStaff, staffKeys, updateStaff, type Staff, type StaffCreateInput } from '../service';

interface StaffFormModalProps {
  /** The member of staff to edit; absent to create an account. */
  staff?: Staff;
  onClose: () => void;
}

type StaffFormValues = StaffCreateInput & { password_confirm?: string };

export function StaffFormModal({ staff, onClose }: StaffFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<StaffFormValues>();
  const { data: units = [] } = useOrgUnits();
  const { data: positions = [] } = usePositions();
  const unitOptions = useMemo(() => toTreeOptions(units), [units]);

  const save = useMutation({
    mutationFn: ({ password_confirm: _confirm, ...values }: StaffFormValues) => {
      if (!staff) return createStaff(values);
      const { name, staff_number, phone, org_unit, positions: positionIds } = values;
      // The list only shows a masked phone; an empty field keeps the number on file.
      return updateStaff(staff.id, { name, staff_number, org_unit, positions: positionIds, ...(phone ? { phone } : {}) });
    },
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: staffKeys.all });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const initialValues: Partial<StaffFormValues> = staff
    ? { name: staff.name, staff_number: staff.staff_number, org_unit: staff.org_unit, positions: staff.positions }
    : { is_active: true, positions: [] };

  return (
    <FormModal<StaffFormValues>
      title={t(staff ? 'pages.system.staff.edit' : 'pages.system.staff.create')}
      form={form}
      initialValues={initialValues}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      {!staff && (
        <Form.Item
          name="username"
          label={t('pages.system.staff.username')}
          extra={t('pages.system.staff.username.rule')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={32} autoComplete="off" />
        </Form.Item>
      )}
      <Form.Item name="name" label={t('pages.system.staff.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item name="staff_number" label={t('pages.system.staff.staffNumber')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('pages.system.staff.phone')}
        extra={staff?.phone ? t('pages.system.staff.phone.keep', { phone: staff.phone }) : undefined}
      >
        <Input maxLength={20} inputMode="tel" autoComplete="off" />
      </Form.Item>
      <Form.Item name="org_unit" label={t('pages.system.staff.orgUnit')} rules={[{ required: true }]}>
        <TreeSelect treeData={unitOptions} showSearch={{ treeNodeFilterProp: 'title' }} treeDefaultExpandAll />
      </Form.Item>
      <Form.Item name="positions" label={t('pages.system.staff.positions')}>
        <Select
          mode="multiple"
          allowClear
          optionFilterProp="label"
          options={positions.map((position) => ({ value: position.id, label: position.name, disabled: !position.is_active }))}
        />
      </Form.Item>
      {!staff && (
        <>
          <PasswordFields name="password" label={t('pages.system.staff.initialPassword')} />
          <Form.Item name="is_active" label={t('common.status')} valuePropName="checked">
            <Switch checkedChildren={t('common.status.active')} unCheckedChildren={t('common.status.inactive')} />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
