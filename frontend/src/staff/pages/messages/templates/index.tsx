import { DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, Modal, Popconfirm, Switch, Table, Tag, Typography, type ButtonProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageContainer } from '../../../components/PageContainer';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { applyFieldErrors } from '../../../utils/formErrors';
import { ChannelTag } from '../components/labels';
import { listTemplates, messageKeys, resetTemplate, saveTemplate, type MessageTemplate } from '../service';
import { fieldMapFromRows, fieldMapRows, previewText, type FieldRow } from './preview';

interface TemplateForm {
  text: string;
  template_id: string;
  enabled: boolean;
  fields: FieldRow[];
}

function TemplateModal({ template, onClose }: { template: MessageTemplate | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TemplateForm>();
  const text = Form.useWatch('text', form) ?? template?.text ?? '';
  const save = useMutation({
    mutationFn: (values: TemplateForm) =>
      saveTemplate({
        kind: template!.kind,
        channel: template!.channel,
        text: values.text ?? '',
        template_id: values.template_id ?? '',
        enabled: values.enabled,
        ...(template!.channel === 'wechat' ? { field_map: fieldMapFromRows(values.fields ?? []) } : {}),
      }),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: messageKeys.templates });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  if (!template) return null;
  const variables = Object.entries(template.variables);
  const insert = (name: string) => form.setFieldValue('text', `${form.getFieldValue('text') ?? ''}{${name}}`);
  return (
    <Modal
      open
      width={720}
      title={`${template.kind_name} · ${t(`pages.messages.channel.${template.channel}`)}`}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'template-save' } as ButtonProps}
      onOk={() => void form.validateFields().then((values) => save.mutate(values))}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<TemplateForm>
        form={form}
        layout="vertical"
        initialValues={{
          text: template.text,
          template_id: template.template_id,
          enabled: template.enabled,
          fields: fieldMapRows(template.field_map),
        }}
      >
        <Form.Item label={t('pages.messages.templates.variables')}>
          <Flex wrap gap={4}>
            {variables.map(([name, label]) => (
              <Tag key={name} style={{ cursor: 'pointer' }} onClick={() => insert(name)}>
                {`{${name}}`} {label}
              </Tag>
            ))}
          </Flex>
        </Form.Item>
        <Form.Item name="text" label={t('pages.messages.templates.text')} extra={t('pages.messages.templates.textHelp')}>
          <Input.TextArea rows={4} maxLength={500} showCount data-testid="template-text" />
        </Form.Item>
        <Form.Item label={t('pages.messages.templates.preview')}>
          <Typography.Paragraph style={{ margin: 0, padding: 8, background: 'rgba(0,0,0,0.03)', borderRadius: 6 }} data-testid="template-preview">
            {previewText(text, template.variables)}
          </Typography.Paragraph>
        </Form.Item>
        {template.channel !== 'console' && (
          <Form.Item name="template_id" label={t(`pages.messages.templates.templateId.${template.channel}`)}>
            <Input maxLength={128} data-testid="template-id" />
          </Form.Item>
        )}
        {template.channel === 'wechat' && (
          <Form.Item label={t('pages.messages.templates.fields')} extra={t('pages.messages.templates.fieldsHelp')}>
            <Form.List name="fields">
              {(rows, { add, remove }) => (
                <Flex vertical gap={8}>
                  {rows.map((row) => (
                    <Flex key={row.key} gap={8} align="baseline">
                      <Form.Item name={[row.name, 'key']} noStyle rules={[{ required: true, message: t('pages.messages.templates.fieldKeyRequired') }]}>
                        <Input placeholder="thing1" style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item name={[row.name, 'value']} noStyle rules={[{ required: true, message: t('pages.messages.templates.fieldValueRequired') }]}>
                        <Input placeholder={t('pages.messages.templates.fieldValue')} style={{ flex: 1 }} />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(row.name)} />
                    </Flex>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })}>
                    {t('pages.messages.templates.addField')}
                  </Button>
                </Flex>
              )}
            </Form.List>
          </Form.Item>
        )}
        <Form.Item name="enabled" label={t('pages.messages.templates.enabled')} valuePropName="checked" extra={t('pages.messages.templates.enabledHelp')}>
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 消息模板: the text of each kind of message on each channel, edited per clinic; the default where untouched. */
export default function MessageTemplatesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const phone = useLayoutMode() === 'phone';
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<MessageTemplate | null>(null);
  const templates = useQuery({ queryKey: messageKeys.templates, queryFn: listTemplates });
  const reset = useMutation({
    mutationFn: (id: number) => resetTemplate(id),
    onSuccess: async () => {
      void message.success(t('pages.messages.templates.resetDone'));
      await queryClient.invalidateQueries({ queryKey: messageKeys.templates });
    },
  });
  const rows = useMemo(() => (templates.data ?? []).map((row) => ({ ...row, key: `${row.kind}:${row.channel}` })), [templates.data]);

  return (
    <PageContainer title={t('menu.messages.templates')}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('pages.messages.templates.intro')}</Typography.Text>
        <Table<MessageTemplate & { key: string }>
          size="middle"
          rowKey="key"
          loading={templates.isFetching}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="templates-table"
          columns={[
            {
              title: t('pages.messages.col.kind'),
              render: (_, row) => (
                <Flex vertical>
                  <Typography.Text strong>{row.kind_name}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {row.kind} · {t(`pages.messages.purpose.${row.purpose as 'transactional' | 'marketing'}`)}
                  </Typography.Text>
                </Flex>
              ),
            },
            { title: t('pages.messages.col.channel'), render: (_, row) => <ChannelTag channel={row.channel} /> },
            {
              title: t('pages.messages.templates.text'),
              render: (_, row) => (
                <Typography.Paragraph ellipsis={{ rows: 2, tooltip: row.text }} style={{ margin: 0, maxWidth: phone ? 220 : 420 }}>
                  {row.channel === 'wechat' ? Object.entries(row.field_map ?? {}).map(([k, v]) => `${k}=${v}`).join('，') : row.text}
                </Typography.Paragraph>
              ),
            },
            { title: t('pages.messages.templates.templateIdShort'), render: (_, row) => (row.channel === 'console' ? '—' : row.template_id || <Tag color="warning">{t('pages.messages.templates.missingId')}</Tag>) },
            {
              title: t('common.status'),
              render: (_, row) => (
                <Flex gap={4} wrap>
                  {row.enabled ? <Tag color="success">{t('pages.messages.templates.on')}</Tag> : <Tag>{t('pages.messages.templates.off')}</Tag>}
                  {row.is_default ? <Tag>{t('pages.messages.templates.default')}</Tag> : <Tag color="blue">{t('pages.messages.templates.custom')}</Tag>}
                </Flex>
              ),
            },
            ...(access.canChangeMessageTemplate
              ? [
                  {
                    title: t('common.actions'),
                    fixed: 'right' as const,
                    render: (_: unknown, row: MessageTemplate) => (
                      <Flex gap={4}>
                        <Button size="small" onClick={() => setEditing(row)} data-testid={`template-edit-${row.kind}-${row.channel}`}>
                          {t('common.edit')}
                        </Button>
                        {row.id !== null && (
                          <Popconfirm title={t('pages.messages.templates.resetConfirm')} onConfirm={() => reset.mutate(row.id as number)}>
                            <Button size="small" icon={<DeleteOutlined />}>
                              {t('pages.messages.templates.reset')}
                            </Button>
                          </Popconfirm>
                        )}
                      </Flex>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Flex>
      {editing && <TemplateModal template={editing} onClose={() => setEditing(null)} />}
    </PageContainer>
  );
}
