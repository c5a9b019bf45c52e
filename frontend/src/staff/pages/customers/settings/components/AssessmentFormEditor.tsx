import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
  Tabs,
} from 'antd';
import { useTranslation } from 'react-i18next';

import { ApiError } from '@/api/errors';
import { reportError } from '@/api/reporting';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { AssessmentFields } from '../../../reception/shared/assessmentForm/AssessmentFields';
import {
  CHOICE_TYPES,
  FIELD_TYPES,
  nextFieldKey,
  toFieldDefinitions,
  toFormFieldErrors,
  type EditedField,
} from '../../../reception/shared/assessmentForm/assessmentForm';
import {
  assessmentFormKeys,
  createAssessmentForm,
  updateAssessmentForm,
  type AssessmentForm,
} from '../service';

interface EditorValues {
  name: string;
  description?: string;
  sort?: number;
  is_active?: boolean;
  fields?: EditedField[];
}

/** One field of the form being built: its key, label, type, options, whether required, and a help line. */
function FieldCard({
  index,
  count,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<EditorValues>();
  const type = Form.useWatch(['fields', index, 'type'], form);
  return (
    <Card
      size="small"
      title={t('pages.customers.settings.forms.fieldNo', { n: index + 1 })}
      extra={
        <Flex gap={0}>
          <Button
            type="text"
            size="small"
            icon={<ArrowUpOutlined />}
            disabled={index === 0}
            aria-label={t('pages.customers.settings.forms.moveUp')}
            onClick={() => onMove(index, index - 1)}
          />
          <Button
            type="text"
            size="small"
            icon={<ArrowDownOutlined />}
            disabled={index === count - 1}
            aria-label={t('pages.customers.settings.forms.moveDown')}
            onClick={() => onMove(index, index + 1)}
          />
          <Button
            type="text"
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('pages.customers.settings.forms.removeField')}
            onClick={onRemove}
          />
        </Flex>
      }
      data-testid={`form-field-${index}`}
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item
            name={[index, 'label']}
            label={t('pages.customers.settings.forms.field.label')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name={[index, 'key']}
            label={t('pages.customers.settings.forms.field.key')}
            tooltip={t('pages.customers.settings.forms.field.key.help')}
            rules={[
              { required: true, whitespace: true },
              { pattern: /^[a-z0-9_]{1,32}$/, message: t('pages.customers.settings.forms.field.key.rule') },
            ]}
          >
            <Input maxLength={32} autoCapitalize="off" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={16} sm={12}>
          <Form.Item name={[index, 'type']} label={t('pages.customers.settings.forms.field.type')} rules={[{ required: true }]}>
            <Select options={FIELD_TYPES.map((value) => ({ value, label: t(`pages.customers.settings.forms.type.${value}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={8} sm={12}>
          <Form.Item name={[index, 'required']} label={t('pages.customers.settings.forms.field.required')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        {type && CHOICE_TYPES.includes(type) && (
          <Col span={24}>
            <Form.Item
              name={[index, 'options']}
              label={t('pages.customers.settings.forms.field.options')}
              extra={t('pages.customers.settings.forms.field.options.help')}
              rules={[{ required: true, type: 'array', min: 1, message: t('pages.customers.settings.forms.field.options.required') }]}
            >
              <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} suffixIcon={null} />
            </Form.Item>
          </Col>
        )}
        <Col span={24}>
          <Form.Item name={[index, 'help']} label={t('pages.customers.settings.forms.field.help')} style={{ marginBottom: 0 }}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

function Preview() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<EditorValues>();
  const edited = Form.useWatch('fields', form);
  const fields = toFieldDefinitions(edited).filter((field) => field.key && field.label);
  const [preview] = Form.useForm();
  if (fields.length === 0) return <Empty description={t('pages.customers.settings.forms.noFields')} />;
  return (
    <Form form={preview} layout="vertical" component={false}>
      <AssessmentFields fields={fields} />
    </Form>
  );
}

interface AssessmentFormEditorProps {
  assessmentForm?: AssessmentForm;
  onClose: () => void;
}

/** The form builder: the form's name and its fields, which can be reordered, and a preview as doctors see it. */
export function AssessmentFormEditor({ assessmentForm, onClose }: AssessmentFormEditorProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mode = useLayoutMode();
  const [form] = Form.useForm<EditorValues>();
  const save = useMutation({
    mutationFn: (values: EditorValues) => {
      const body = {
        name: values.name.trim(),
        description: values.description?.trim() ?? '',
        sort: values.sort ?? 0,
        is_active: values.is_active ?? true,
        fields: toFieldDefinitions(values.fields),
      };
      return assessmentForm ? updateAssessmentForm(assessmentForm.id, body) : createAssessmentForm(body);
    },
    // Errors of single fields come as `fields.2.options`: they go under that field of that card.
    meta: { inlineError: true },
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: assessmentFormKeys.all });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setFields(toFormFieldErrors(error.fields) as Parameters<typeof form.setFields>[0]);
      reportError(error);
    },
  });

  const initialValues: EditorValues = assessmentForm
    ? { ...assessmentForm, fields: assessmentForm.fields.map((field) => ({ ...field })) }
    : { name: '', sort: 0, is_active: true, fields: [{ key: 'f1', type: 'text', required: false }] };

  const editTab = (
    <>
      {assessmentForm && assessmentForm.used_count > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('pages.customers.settings.forms.inUse', { count: assessmentForm.used_count })}
        />
      )}
      <Form.Item name="name" label={t('pages.customers.settings.forms.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="description" label={t('pages.customers.settings.forms.description')}>
        <Input maxLength={200} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="sort" label={t('pages.customers.settings.sort')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="is_active" label={t('common.status')} valuePropName="checked">
            <Switch checkedChildren={t('common.status.active')} unCheckedChildren={t('common.status.inactive')} />
          </Form.Item>
        </Col>
      </Row>
      <Form.List
        name="fields"
        rules={[
          {
            validator: async (_, fields?: EditedField[]) => {
              if (!fields || fields.length === 0) throw new Error(t('pages.customers.settings.forms.noFields'));
            },
          },
        ]}
      >
        {(items, { add, remove, move }, { errors }) => (
          <Flex vertical gap={12}>
            {items.map((item, index) => (
              <FieldCard key={item.key} index={index} count={items.length} onMove={move} onRemove={() => remove(index)} />
            ))}
            <Form.ErrorList errors={errors} />
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              block
              onClick={() => {
                const keys = (form.getFieldValue('fields') as EditedField[] | undefined)?.map((field) => field.key) ?? [];
                add({ key: nextFieldKey(keys), type: 'text', required: false });
              }}
              data-testid="form-field-add"
            >
              {t('pages.customers.settings.forms.addField')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </>
  );

  return (
    <Drawer
      open
      title={t(assessmentForm ? 'pages.customers.settings.forms.edit' : 'pages.customers.settings.forms.create')}
      size={mode === 'phone' ? '100%' : 640}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="form-save">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form<EditorValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => save.mutate(values)}
        scrollToFirstError
      >
        <Tabs
          items={[
            { key: 'edit', label: t('pages.customers.settings.forms.tab.edit'), children: editTab, forceRender: true },
            { key: 'preview', label: t('pages.customers.settings.forms.tab.preview'), children: <Preview /> },
          ]}
        />
      </Form>
    </Drawer>
  );
}
