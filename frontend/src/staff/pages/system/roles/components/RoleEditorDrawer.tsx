import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Drawer, Flex, Form, Input, Spin } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { useOrgUnits } from '../../../../services/lookups';
import { useAccess } from '../../../../session/useMe';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { toTreeOptions } from '../../../../utils/orgTree';
import { createRole, fetchPermissionCatalog, roleKeys, updateRole, type Role, type RoleInput } from '../service';
import { DataScopeField } from './DataScopeField';
import { PermissionTreeField } from './PermissionTreeField';

interface RoleEditorDrawerProps {
  /** The role to show or edit; absent to create one. */
  role?: Role;
  onClose: () => void;
}

export function RoleEditorDrawer({ role, onClose }: RoleEditorDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const mode = useLayoutMode();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RoleInput>();
  const editable = role ? access.canChangeRole : access.canAddRole;

  const catalog = useQuery({ queryKey: roleKeys.catalog, queryFn: fetchPermissionCatalog, staleTime: Infinity });
  const { data: units = [] } = useOrgUnits(access.canViewOrgUnit);
  const unitOptions = useMemo(() => toTreeOptions(units), [units]);

  const save = useMutation({
    mutationFn: (values: RoleInput) => (role ? updateRole(role.id, values) : createRole(values)),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: roleKeys.all });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const title = role
    ? t(editable ? 'pages.system.roles.edit' : 'pages.system.roles.view', { name: role.name })
    : t('pages.system.roles.create');

  return (
    <Drawer
      open
      title={title}
      size={mode === 'phone' ? '100%' : 720}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: !editable }}
      footer={
        editable && (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
              {t('common.save')}
            </Button>
          </Flex>
        )
      }
    >
      {catalog.data ? (
        <Form<RoleInput>
          form={form}
          layout="vertical"
          disabled={!editable}
          initialValues={{
            name: role?.name ?? '',
            code: role?.code ?? '',
            description: role?.description ?? '',
            permissions: role?.permissions ?? [],
            data_scopes: role?.data_scopes ?? [],
          }}
          onFinish={(values) => save.mutate(values)}
          scrollToFirstError
        >
          <Form.Item name="name" label={t('pages.system.roles.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={32} />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('pages.system.roles.code')}
            extra={t('pages.system.roles.code.rule')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={32} disabled={role?.is_builtin} />
          </Form.Item>
          <Form.Item name="description" label={t('pages.system.roles.description')}>
            <Input.TextArea rows={2} maxLength={200} showCount />
          </Form.Item>
          <Divider titlePlacement="start">{t('pages.system.roles.permissions')}</Divider>
          <Form.Item name="permissions">
            <PermissionTreeField tree={catalog.data.tree} disabled={!editable} />
          </Form.Item>
          <Divider titlePlacement="start">{t('pages.system.roles.dataScopes')}</Divider>
          <Form.Item name="data_scopes" extra={t('pages.system.roles.dataScopes.hint')}>
            <DataScopeField
              modules={catalog.data.modules}
              scopes={catalog.data.scopes}
              unitOptions={unitOptions}
              disabled={!editable}
            />
          </Form.Item>
        </Form>
      ) : (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      )}
    </Drawer>
  );
}
