import { Form, Input, InputNumber, Select, Tag as ColorTag } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { SortAndStatusFields } from '../../../../components/SortAndStatusFields';
import { useSaveMutation } from '../../../../hooks/useCrudMutations';
import {
  createTag,
  createTagCategory,
  settingsKeys,
  updateTag,
  updateTagCategory,
  type Tag,
  type TagCategory,
  type TagCategoryInput,
  type TagInput,
} from '../service';
import { TAG_COLORS } from './tagColors';

export function TagCategoryFormModal({ category, onClose }: { category?: TagCategory; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TagCategoryInput>();
  const save = useSaveMutation(
    form,
    (values: TagCategoryInput) => (category ? updateTagCategory(category.id, values) : createTagCategory(values)),
    settingsKeys.tagCategories,
    onClose,
  );
  return (
    <FormModal<TagCategoryInput>
      title={t(category ? 'pages.customers.settings.tags.editCategory' : 'pages.customers.settings.tags.createCategory')}
      form={form}
      initialValues={category ?? { sort: 0 }}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Form.Item
        name="name"
        label={t('pages.customers.settings.tags.categoryName')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item name="sort" label={t('pages.customers.settings.sort')}>
        <InputNumber min={0} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}

interface TagFormModalProps {
  tag?: Tag;
  /** The category a new tag goes in. */
  categoryId?: number;
  categories: TagCategory[];
  onClose: () => void;
}

export function TagFormModal({ tag, categoryId, categories, onClose }: TagFormModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TagInput>();
  const save = useSaveMutation(
    form,
    (values: TagInput) => {
      const body = { ...values, color: values.color ?? '' };
      return tag ? updateTag(tag.id, body) : createTag(body);
    },
    settingsKeys.tags,
    onClose,
  );
  const colorOptions = [
    { value: '', label: <ColorTag>{t('pages.customers.settings.color.default')}</ColorTag> },
    ...TAG_COLORS.map((color) => ({
      value: color,
      label: <ColorTag color={color}>{t(`pages.customers.settings.color.${color}`)}</ColorTag>,
    })),
  ];
  return (
    <FormModal<TagInput>
      title={t(tag ? 'pages.customers.settings.tags.edit' : 'pages.customers.settings.tags.create')}
      form={form}
      initialValues={tag ?? { category: categoryId, color: '', sort: 0, is_active: true }}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Form.Item name="category" label={t('pages.customers.settings.tags.category')} rules={[{ required: true }]}>
        <Select options={categories.map((category) => ({ value: category.id, label: category.name }))} />
      </Form.Item>
      <Form.Item name="name" label={t('pages.customers.settings.tags.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item name="color" label={t('pages.customers.settings.tags.color')}>
        <Select options={colorOptions} />
      </Form.Item>
      <SortAndStatusFields sortLabel={t('pages.customers.settings.sort')} />
    </FormModal>
  );
}
