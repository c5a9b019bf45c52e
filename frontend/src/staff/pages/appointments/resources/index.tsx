import { Card, Empty, Flex, Form, Input, Radio, Select, Spin, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ActiveTag } from '../../../components/ActiveTag';
import { CreateButton, RowActions } from '../../../components/CrudButtons';
import { FormModal } from '../../../components/FormModal';
import { PageContainer } from '../../../components/PageContainer';
import { useSaveMutation } from '../../../hooks/useCrudMutations';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useOrgUnits } from '../../../services/lookups';
import { useAccess } from '../../../session/useMe';
import { useAppointmentLabels } from '../components/labels';
import { appointmentKeys, createResource, updateResource, useResources, type Resource, type ResourceInput } from '../service';

/** 房间与设备: what treatments book besides a staff member (e.g. the one Thermage machine). */
export default function ResourcesPage() {
  const { t } = useTranslation();
  const labels = useAppointmentLabels();
  const access = useAccess();
  const phone = useLayoutMode() === 'phone';
  const resources = useResources();
  const orgUnits = useOrgUnits(access.canViewOrgUnit);
  const [editing, setEditing] = useState<Resource | 'new' | null>(null);
  const unitName = (id: number | null | undefined) => (id ? (orgUnits.data?.find((unit) => unit.id === id)?.name ?? `#${id}`) : '—');
  const rows = resources.data ?? [];

  const columns: TableColumnsType<Resource> = [
    { title: t('pages.appointments.resource.name'), dataIndex: 'name', key: 'name' },
    { title: t('pages.appointments.resource.kind'), key: 'kind', render: (_, row) => <Tag color={row.kind === 'device' ? 'purple' : 'blue'}>{labels.resourceKind(row.kind)}</Tag> },
    { title: t('pages.appointments.resource.orgUnit'), key: 'org_unit', render: (_, row) => unitName(row.org_unit) },
    { title: t('common.status'), key: 'active', render: (_, row) => <ActiveTag active={row.is_active} /> },
    { title: t('pages.appointments.resource.note'), dataIndex: 'note', key: 'note', render: (note: string) => note || '—' },
    { title: t('common.actions'), key: 'actions', render: (_, row) => <RowActions onEdit={() => setEditing(row)} /> },
  ];

  return (
    <PageContainer title={t('menu.appointments.resources')} extra={<CreateButton onClick={() => setEditing('new')}>{t('pages.appointments.resource.new')}</CreateButton>}>
      {phone ? (
        <Spin spinning={resources.isFetching}>
          <Flex vertical gap={8}>
            {rows.length === 0 && !resources.isFetching && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
            {rows.map((row) => (
              <Card key={row.id} size="small" hoverable onClick={() => setEditing(row)}>
                <Flex justify="space-between" gap={8}>
                  <Typography.Text strong>{row.name}</Typography.Text>
                  <span>
                    <Tag color={row.kind === 'device' ? 'purple' : 'blue'}>{labels.resourceKind(row.kind)}</Tag>
                    <ActiveTag active={row.is_active} />
                  </span>
                </Flex>
                <Typography.Text type="secondary">{[unitName(row.org_unit), row.note].filter(Boolean).join(' · ')}</Typography.Text>
              </Card>
            ))}
          </Flex>
        </Spin>
      ) : (
        <Table<Resource> rowKey="id" loading={resources.isFetching} columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} data-testid="resource-table" />
      )}
      {editing && (
        <ResourceModal
          resource={editing === 'new' ? null : editing}
          orgUnits={(orgUnits.data ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
          onClose={() => setEditing(null)}
        />
      )}
    </PageContainer>
  );
}

function ResourceModal({ resource, orgUnits, onClose }: { resource: Resource | null; orgUnits: { value: number; label: string }[]; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useAppointmentLabels();
  const [form] = Form.useForm<ResourceInput>();
  const save = useSaveMutation(
    form,
    (values: ResourceInput) => {
      const body = { ...values, name: values.name.trim(), note: values.note?.trim() ?? '', org_unit: values.org_unit ?? null };
      return resource ? updateResource(resource.id, body) : createResource(body);
    },
    appointmentKeys.all,
    onClose,
  );
  return (
    <FormModal<ResourceInput>
      title={resource ? t('pages.appointments.resource.edit') : t('pages.appointments.resource.new')}
      form={form}
      initialValues={resource ?? { kind: 'room', is_active: true, note: '' }}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Form.Item name="kind" label={t('pages.appointments.resource.kind')} rules={[{ required: true }]}>
        <Radio.Group optionType="button" options={(['room', 'device'] as const).map((kind) => ({ value: kind, label: labels.resourceKind(kind) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('pages.appointments.resource.name')} rules={[{ required: true, whitespace: true, message: t('pages.appointments.resource.nameRequired') }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="org_unit" label={t('pages.appointments.resource.orgUnit')}>
        <Select allowClear options={orgUnits} placeholder={t('pages.appointments.resource.orgUnitPlaceholder')} />
      </Form.Item>
      <Form.Item name="is_active" label={t('common.status.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="note" label={t('pages.appointments.resource.note')}>
        <Input.TextArea rows={2} maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}
