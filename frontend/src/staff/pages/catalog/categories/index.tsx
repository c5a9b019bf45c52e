import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Form, Input, InputNumber, Select, Skeleton, Switch, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { CreateButton, RowActions } from '../../../components/CrudButtons';
import { FormModal } from '../../../components/FormModal';
import { PageContainer } from '../../../components/PageContainer';
import { useDeleteMutation, useSaveMutation } from '../../../hooks/useCrudMutations';
import { useAccess } from '../../../session/useMe';
import { buildCategoryTree, type CategoryNode } from '../shared/categoryTree';
import { CategoryTreeSelect } from '../shared/CategoryTreeSelect';
import { ITEM_KIND_COLORS, useCatalogLabels } from '../shared/labels';
import { LoadError } from '../shared/LoadError';
import {
  catalogKeys,
  createCategory,
  deleteCategory,
  ITEM_KINDS,
  listCategories,
  updateCategory,
  type Category,
  type CategoryInput,
} from '../service';

type Editing = { category?: Category; parent?: number | null } | null;

function CategoryFormModal({ category, parent, onClose }: { category?: Category; parent?: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useCatalogLabels();
  const [form] = Form.useForm<CategoryInput>();
  const chosenParent = Form.useWatch('parent', form);
  const save = useSaveMutation(
    form,
    (values: CategoryInput) => (category ? updateCategory(category.id, values) : createCategory(values)),
    catalogKeys.all,
    onClose,
  );
  return (
    <FormModal<CategoryInput>
      title={t(category ? 'pages.catalog.categories.edit' : 'pages.catalog.categories.create')}
      form={form}
      initialValues={
        category
          ? { name: category.name, parent: category.parent ?? null, kind: category.kind, sort: category.sort, is_active: category.is_active }
          : { parent: parent ?? null, kind: 'other', sort: 0, is_active: true }
      }
      saving={save.isPending}
      onSubmit={(values) => save.mutate({ ...values, parent: values.parent ?? null })}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('pages.catalog.categories.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={32} data-testid="category-name" />
      </Form.Item>
      <Form.Item name="parent" label={t('pages.catalog.categories.parent')} extra={t('pages.catalog.categories.parentHint')}>
        <CategoryTreeSelect allowClear excludeSubtreeOf={category?.id} placeholder={t('pages.catalog.categories.root')} />
      </Form.Item>
      {!chosenParent && (
        <Form.Item name="kind" label={t('pages.catalog.categories.kind')} rules={[{ required: true }]}>
          <Select options={ITEM_KINDS.map((kind) => ({ value: kind, label: labels.itemKind(kind) }))} />
        </Form.Item>
      )}
      <Flex gap={16}>
        <Form.Item name="sort" label={t('pages.catalog.sort')} style={{ flex: 1 }}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="is_active" label={t('common.status')} valuePropName="checked" style={{ flex: 1 }}>
          <Switch checkedChildren={t('common.status.active')} unCheckedChildren={t('common.status.inactive')} />
        </Form.Item>
      </Flex>
    </FormModal>
  );
}

/** 项目分类: the category tree, edited in place. */
export default function CatalogCategoriesPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useCatalogLabels();
  const editable = access.canManageCatalogItem;
  const [editing, setEditing] = useState<Editing>(null);
  const categories = useQuery({ queryKey: catalogKeys.categories, queryFn: listCategories });
  const remove = useDeleteMutation(deleteCategory, catalogKeys.all);
  const tree = useMemo(() => buildCategoryTree(categories.data ?? []), [categories.data]);

  const title = (node: CategoryNode<Category>) => {
    const row = node.row;
    return (
      <Flex justify="space-between" align="center" gap={8} wrap style={{ padding: '4px 0' }} data-testid={`category-${row.name}`}>
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong={row.parent == null}>{row.name}</Typography.Text>
          {row.parent == null && <Tag color={ITEM_KIND_COLORS[row.kind]}>{labels.itemKind(row.kind)}</Tag>}
          <Typography.Text type="secondary">{t('pages.catalog.categories.itemCount', { count: row.item_count })}</Typography.Text>
          {!row.is_active && <Tag>{t('common.status.inactive')}</Tag>}
        </Flex>
        {editable && (
          <RowActions
            onEdit={() => setEditing({ category: row })}
            onDelete={() => remove.mutate(row.id)}
            deleteConfirm={t('pages.catalog.categories.delete.confirm', { name: row.name })}
            deleteHint={t('pages.catalog.categories.delete.hint')}
          >
            <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setEditing({ parent: row.id })}>
              {t('pages.catalog.categories.addChild')}
            </Button>
          </RowActions>
        )}
      </Flex>
    );
  };

  return (
    <PageContainer
      title={t('menu.catalog.categories')}
      extra={editable && <CreateButton onClick={() => setEditing({ parent: null })}>{t('pages.catalog.categories.create')}</CreateButton>}
    >
      {categories.error ? (
        <LoadError error={categories.error} onRetry={() => void categories.refetch()} />
      ) : categories.isLoading ? (
        <Skeleton active />
      ) : tree.length === 0 ? (
        <Empty description={t('pages.catalog.categories.empty')} />
      ) : (
        <Tree<CategoryNode<Category>>
          blockNode
          defaultExpandAll
          selectable={false}
          treeData={tree}
          titleRender={title}
          data-testid="categories-tree"
        />
      )}
      {editing && <CategoryFormModal category={editing.category} parent={editing.parent} onClose={() => setEditing(null)} />}
    </PageContainer>
  );
}
