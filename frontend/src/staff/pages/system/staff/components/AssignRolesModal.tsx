import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Flex, Form, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { lookupKeys, useAllRoles } from '../../../../services/lookups';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { assignStaffRoles, staffKeys, type Staff } from '../service';

interface AssignRolesValues {
  roles: number[];
}

export function AssignRolesModal({ staff, onClose }: { staff: Staff; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AssignRolesValues>();
  const { data: roles, isPending } = useAllRoles();

  const save = useMutation({
    mutationFn: ({ roles: roleIds }: AssignRolesValues) => assignStaffRoles(staff.id, roleIds),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      // Role lists show how many staff hold each role.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: staffKeys.all }),
        queryClient.invalidateQueries({ queryKey: lookupKeys.roles }),
      ]);
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <FormModal<AssignRolesValues>
      title={t('pages.system.staff.assignRoles.title', { name: staff.name })}
      form={form}
      initialValues={{ roles: staff.roles }}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Alert type="info" showIcon title={t('pages.system.staff.assignRoles.hint')} style={{ marginBottom: 16 }} />
      {isPending ? (
        <Spin />
      ) : (
        <Form.Item name="roles">
          <Checkbox.Group style={{ width: '100%' }}>
            <Flex vertical gap={8}>
              {roles?.map((role) => (
                <Checkbox key={role.id} value={role.id}>
                  <Flex vertical>
                    <span>
                      {role.name}
                      {role.is_separated_admin && (
                        <Tag color="gold" style={{ marginInlineStart: 8 }}>
                          {t('pages.system.roles.separatedAdmin')}
                        </Tag>
                      )}
                    </span>
                    {role.description && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {role.description}
                      </Typography.Text>
                    )}
                  </Flex>
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
      )}
    </FormModal>
  );
}
