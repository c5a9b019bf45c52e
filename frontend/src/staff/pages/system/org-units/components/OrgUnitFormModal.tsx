import { Form, Input, Select, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { SortAndStatusFields } from '../../../../components/SortAndStatusFields';
import { useSaveMutation } from '../../../../hooks/useCrudMutations';
import { lookupKeys } from '../../../../services/lookups';
import { selfAndDescendants, toTreeOptions } from '../../../../utils/orgTree';
import { createOrgUnit, ORG_UNIT_KINDS, updateOrgUnit, type OrgUnit, type OrgUnitInput } from '../service';

interface OrgUnitFormModalProps {
  units: OrgUnit[];
  /** The unit to edit; absent to create one. */
  unit?: OrgUnit;
  /** Pre-selected parent when adding a unit under another. */
  parentId?: number | null;
  onClose: () => void;
}

export function OrgUnitFormModal({ units, unit, parentId = null, onClose }: OrgUnitFormModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OrgUnitInput>();

  // A unit cannot move under itself or under one of its own descendants.
  const parentOptions = useMemo(
    () => toTreeOptions(units, unit ? selfAndDescendants(units, unit.id) : new Set()),
    [units, unit],
  );

  const save = useSaveMutation(
    form,
    (values: OrgUnitInput) => (unit ? updateOrgUnit(unit.id, values) : createOrgUnit(values)),
    lookupKeys.orgUnits,
    onClose,
  );

  const initialValues: Partial<OrgUnitInput> = unit
    ? { name: unit.name, code: unit.code, kind: unit.kind, parent: unit.parent ?? null, sort: unit.sort, is_active: unit.is_active }
    : { kind: 'department', parent: parentId, sort: 0, is_active: true };

  return (
    <FormModal<OrgUnitInput>
      title={t(unit ? 'pages.system.orgUnits.edit' : 'pages.system.orgUnits.create')}
      form={form}
      initialValues={initialValues}
      saving={save.isPending}
      onSubmit={(values) => save.mutate({ ...values, parent: values.parent ?? null })}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('pages.system.orgUnits.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="code" label={t('pages.system.orgUnits.code')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item name="kind" label={t('pages.system.orgUnits.kind')} rules={[{ required: true }]}>
        <Select options={ORG_UNIT_KINDS.map((kind) => ({ value: kind, label: t(`enums.orgUnitKind.${kind}`) }))} />
      </Form.Item>
      <Form.Item name="parent" label={t('pages.system.orgUnits.parent')}>
        <TreeSelect
          treeData={parentOptions}
          allowClear
          showSearch={{ treeNodeFilterProp: 'title' }}
          treeDefaultExpandAll
          placeholder={t('pages.system.orgUnits.parent.none')}
        />
      </Form.Item>
      <SortAndStatusFields sortLabel={t('pages.system.orgUnits.sort')} />
    </FormModal>
  );
}
