import { Flex, Form, Input, Select, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { useAllRoles, useOrgUnits, usePositions } from '../../../../services/lookups';
import { useAccess } from '../../../../session/useMe';
import { toTreeOptions } from '../../../../utils/orgTree';
import type { StaffQuery } from '../service';

export type StaffFilterValues = Pick<StaffQuery, 'search' | 'org_unit' | 'position' | 'role' | 'is_active'>;

/** Each filter needs its own reference list, which only users allowed to read that list get. */
export function StaffFilters({ onChange }: { onChange: (filters: StaffFilterValues) => void }) {
  const { t } = useTranslation();
  const access = useAccess();
  const { data: units = [] } = useOrgUnits(access.canViewOrgUnit);
  const { data: positions = [] } = usePositions(access.canViewPosition);
  const { data: roles = [] } = useAllRoles(access.canViewRole);
  const unitOptions = useMemo(() => toTreeOptions(units), [units]);
  const [form] = Form.useForm<StaffFilterValues>();

  const emit = () => {
    const { search, ...rest } = form.getFieldsValue();
    onChange({ ...rest, search: search?.trim() || undefined });
  };
  const fieldStyle = { width: 200, maxWidth: '100%' };

  return (
    <Form form={form} onValuesChange={(changed) => !('search' in changed) && emit()}>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Form.Item name="search" noStyle>
          <Input.Search allowClear placeholder={t('pages.system.staff.search')} onSearch={emit} style={{ width: 260, maxWidth: '100%' }} />
        </Form.Item>
        {access.canViewOrgUnit && (
          <Form.Item name="org_unit" noStyle>
            <TreeSelect
              treeData={unitOptions}
              allowClear
              showSearch={{ treeNodeFilterProp: 'title' }}
              treeDefaultExpandAll
              placeholder={t('pages.system.staff.orgUnit')}
              style={fieldStyle}
            />
          </Form.Item>
        )}
        {access.canViewPosition && (
          <Form.Item name="position" noStyle>
            <Select
              allowClear
              placeholder={t('pages.system.staff.positions')}
              options={positions.map((position) => ({ value: position.id, label: position.name }))}
              style={fieldStyle}
            />
          </Form.Item>
        )}
        {access.canViewRole && (
          <Form.Item name="role" noStyle>
            <Select
              allowClear
              placeholder={t('pages.system.staff.roles')}
              options={roles.map((role) => ({ value: role.id, label: role.name }))}
              style={fieldStyle}
            />
          </Form.Item>
        )}
        <Form.Item name="is_active" noStyle>
          <Select
            allowClear
            placeholder={t('common.status')}
            options={[
              { value: true, label: t('common.status.active') },
              { value: false, label: t('common.status.inactive') },
            ]}
            style={{ width: 120 }}
          />
        </Form.Item>
      </Flex>
    </Form>
  );
}
