import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Form, Modal, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ActiveTag } from '../../../../components/ActiveTag';
import { CreateButton, RowActions } from '../../../../components/CrudButtons';
import { useDeleteMutation } from '../../../../hooks/useCrudMutations';
import { AssessmentFields } from '../../../reception/shared/assessmentForm/AssessmentFields';
import { assessmentFormKeys, deleteAssessmentForm, listAssessmentForms, type AssessmentForm } from '../service';
import { AssessmentFormEditor } from './AssessmentFormEditor';

function PreviewModal({ assessmentForm, onClose }: { assessmentForm: AssessmentForm; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <Modal open title={assessmentForm.name} footer={null} onCancel={onClose} destroyOnHidden>
      {assessmentForm.description && <Typography.Paragraph type="secondary">{assessmentForm.description}</Typography.Paragraph>}
      <Form form={form} layout="vertical" disabled>
        <AssessmentFields fields={assessmentForm.fields} />
      </Form>
      <Typography.Text type="secondary">{t('pages.customers.settings.forms.previewHint')}</Typography.Text>
    </Modal>
  );
}

/** 评估表: the forms doctors fill in for an assessment, built here field by field. */
export function AssessmentFormsTab({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<{ assessmentForm?: AssessmentForm } | null>(null);
  const [previewing, setPreviewing] = useState<AssessmentForm | null>(null);
  const { data: forms = [], isFetching } = useQuery({ queryKey: assessmentFormKeys.all, queryFn: listAssessmentForms });
  const remove = useDeleteMutation(deleteAssessmentForm, assessmentFormKeys.all);

  const columns: TableColumnsType<AssessmentForm> = [
    {
      title: t('pages.customers.settings.forms.name'),
      key: 'name',
      render: (_, item) => (
        <Flex vertical>
          <span>{item.name}</span>
          {item.description && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {item.description}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('pages.customers.settings.forms.fieldCount'),
      key: 'fields',
      render: (_, item) => item.fields.length,
    },
    { title: t('pages.customers.settings.forms.usedCount'), dataIndex: 'used_count', key: 'used_count' },
    {
      title: t('common.status'),
      dataIndex: 'is_active',
      key: 'is_active',
      render: (active: boolean) => <ActiveTag active={active} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, item) => (
        <RowActions
          onEdit={editable ? () => setEditing({ assessmentForm: item }) : undefined}
          onDelete={editable && item.used_count === 0 ? () => remove.mutate(item.id) : undefined}
          deleteConfirm={t('pages.customers.settings.forms.delete.confirm', { name: item.name })}
        >
          <Button type="link" size="small" onClick={() => setPreviewing(item)}>
            {t('pages.customers.settings.forms.tab.preview')}
          </Button>
        </RowActions>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      {editable && (
        <Flex justify="flex-end">
          <CreateButton onClick={() => setEditing({})}>{t('pages.customers.settings.forms.create')}</CreateButton>
        </Flex>
      )}
      <Table<AssessmentForm>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={forms}
        loading={isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('pages.customers.settings.forms.empty')} /> }}
        data-testid="assessment-forms-table"
      />
      {editing && <AssessmentFormEditor assessmentForm={editing.assessmentForm} onClose={() => setEditing(null)} />}
      {previewing && <PreviewModal assessmentForm={previewing} onClose={() => setPreviewing(null)} />}
    </Flex>
  );
}
