import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Dropdown, Empty, Flex, Popconfirm, Skeleton, Tag as ColorTag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { CreateButton } from '../../../../components/CrudButtons';
import { useDeleteMutation } from '../../../../hooks/useCrudMutations';
import {
  deleteTag,
  deleteTagCategory,
  listTagCategories,
  listTags,
  settingsKeys,
  type Tag,
  type TagCategory,
} from '../service';
import { TagCategoryFormModal, TagFormModal } from './TagFormModals';

type Dialog =
  | { kind: 'category'; category?: TagCategory }
  | { kind: 'tag'; tag?: Tag; categoryId?: number }
  | null;

const bySort = <T extends { sort?: number; id: number }>(a: T, b: T) => (a.sort ?? 0) - (b.sort ?? 0) || a.id - b.id;

/** 标签, grouped by category: each category a card of its tags, which open a menu to edit or delete. */
export function TagsTab({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const categoriesQuery = useQuery({ queryKey: settingsKeys.tagCategories, queryFn: listTagCategories });
  const tagsQuery = useQuery({ queryKey: settingsKeys.tags, queryFn: listTags });
  const removeCategory = useDeleteMutation(deleteTagCategory, settingsKeys.tagCategories);
  const removeTag = useDeleteMutation(deleteTag, settingsKeys.tags);

  const categories = useMemo(() => [...(categoriesQuery.data ?? [])].sort(bySort), [categoriesQuery.data]);
  const tagsByCategory = useMemo(() => {
    const groups = new Map<number, Tag[]>();
    for (const tag of [...(tagsQuery.data ?? [])].sort(bySort)) {
      groups.set(tag.category, [...(groups.get(tag.category) ?? []), tag]);
    }
    return groups;
  }, [tagsQuery.data]);

  if (categoriesQuery.isPending || tagsQuery.isPending) return <Skeleton active />;

  const confirmDeleteTag = (tag: Tag) =>
    modal.confirm({
      title: t('pages.customers.settings.tags.delete.confirm', { name: tag.name }),
      content: t('pages.customers.settings.tags.delete.hint'),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => removeTag.mutateAsync(tag.id),
    });

  const chip = (tag: Tag) => {
    const label = (
      <ColorTag
        key={tag.id}
        color={tag.color || undefined}
        style={{
          margin: 0,
          padding: '2px 10px',
          fontSize: 14,
          cursor: editable ? 'pointer' : undefined,
          ...(tag.is_active === false ? { opacity: 0.5, textDecoration: 'line-through' } : {}),
        }}
        data-testid={`tag-${tag.id}`}
      >
        {tag.name}
      </ColorTag>
    );
    if (!editable) return label;
    return (
      <Dropdown
        key={tag.id}
        trigger={['click']}
        menu={{
          items: [
            { key: 'edit', label: t('common.edit') },
            { key: 'delete', label: t('common.delete'), danger: true },
          ],
          onClick: ({ key }) => (key === 'edit' ? setDialog({ kind: 'tag', tag }) : confirmDeleteTag(tag)),
        }}
      >
        {label}
      </Dropdown>
    );
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t('pages.customers.settings.tags.inactiveHint')}</Typography.Text>
        {editable && (
          <CreateButton onClick={() => setDialog({ kind: 'category' })}>
            {t('pages.customers.settings.tags.createCategory')}
          </CreateButton>
        )}
      </Flex>
      {categories.length === 0 && <Empty description={t('pages.customers.settings.tags.empty')} />}
      {categories.map((category) => {
        const tags = tagsByCategory.get(category.id) ?? [];
        return (
          <Card
            key={category.id}
            size="small"
            data-testid={`tag-category-${category.id}`}
            title={
              <Flex gap={8} align="baseline" wrap>
                <span>{category.name}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                  {t('pages.customers.settings.tags.count', { count: tags.length })}
                </Typography.Text>
              </Flex>
            }
            extra={
              editable && (
                <Flex gap={0}>
                  <Button
                    type="link"
                    size="small"
                    icon={<EditOutlined />}
                    aria-label={t('pages.customers.settings.tags.editCategory')}
                    onClick={() => setDialog({ kind: 'category', category })}
                  />
                  <Popconfirm
                    title={t('pages.customers.settings.tags.deleteCategory.confirm', { name: category.name })}
                    description={t('pages.customers.settings.tags.deleteCategory.hint')}
                    okText={t('common.delete')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('common.cancel')}
                    onConfirm={() => removeCategory.mutate(category.id)}
                  >
                    <Button type="link" size="small" danger>
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                </Flex>
              )
            }
          >
            <Flex wrap gap={8} align="center">
              {tags.map(chip)}
              {tags.length === 0 && !editable && (
                <Typography.Text type="secondary">{t('pages.customers.settings.tags.emptyCategory')}</Typography.Text>
              )}
              {editable && (
                <Button
                  size="small"
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => setDialog({ kind: 'tag', categoryId: category.id })}
                >
                  {t('pages.customers.settings.tags.create')}
                </Button>
              )}
            </Flex>
          </Card>
        );
      })}
      {dialog?.kind === 'category' && <TagCategoryFormModal category={dialog.category} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'tag' && (
        <TagFormModal
          tag={dialog.tag}
          categoryId={dialog.categoryId}
          categories={categories}
          onClose={() => setDialog(null)}
        />
      )}
    </Flex>
  );
}
