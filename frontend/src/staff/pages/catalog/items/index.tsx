import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Card,
  Empty,
  Flex,
  Input,
  List,
  Pagination,
  Segmented,
  Skeleton,
  Switch,
  Table,
  Tag,
  Tree,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { CreateButton, RowActions } from '../../../components/CrudButtons';
import { PageContainer } from '../../../components/PageContainer';
import { useDeleteMutation } from '../../../hooks/useCrudMutations';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { FIRST_PAGE, serverPagination, totalText, type PageState } from '../../../utils/pagination';
import { buildCategoryTree } from '../shared/categoryTree';
import { CategoryTreeSelect } from '../shared/CategoryTreeSelect';
import { ITEM_KIND_COLORS, useCatalogLabels } from '../shared/labels';
import { LoadError } from '../shared/LoadError';
import { formatYuan } from '../shared/money';
import { catalogKeys, deleteItem, listCategories, listItems, updateItem, type ItemQuery, type ItemRow } from '../service';
import { ItemEditorDrawer } from './components/ItemEditorDrawer';

type ActiveFilter = 'all' | 'active' | 'inactive';
const ALL = 0;

/** 服务项目: the department's items by category, with search and an active switch; each opens its editor. */
export default function CatalogItemsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const labels = useCatalogLabels();
  const queryClient = useQueryClient();
  const mode = useLayoutMode();
  const phone = mode === 'phone';
  const editable = access.canManageCatalogItem;
  const [category, setCategory] = useState<number>(ALL);
  const [search, setSearch] = useState('');
  const [active, setActive] = useState<ActiveFilter>('all');
  const [page, setPage] = useState<PageState>(FIRST_PAGE);
  const [editing, setEditing] = useState<{ id?: number } | null>(null);

  const categories = useQuery({ queryKey: catalogKeys.categories, queryFn: listCategories });
  const query: ItemQuery = {
    ...page,
    search: search || undefined,
    category: category || undefined,
    is_active: active === 'all' ? undefined : active === 'active',
  };
  const items = useQuery({ queryKey: catalogKeys.items(query), queryFn: () => listItems(query), placeholderData: keepPreviousData });
  const remove = useDeleteMutation(deleteItem, catalogKeys.all);
  const toggle = useMutation({
    mutationFn: ({ id, isActive }: { id: number; isActive: boolean }) => updateItem(id, { is_active: isActive }),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: catalogKeys.all });
    },
  });

  const tree = useMemo(
    () => [{ key: ALL, title: t('pages.catalog.items.allCategories'), children: buildCategoryTree(categories.data ?? []) }],
    [categories.data, t],
  );
  const filter = (next: () => void) => {
    next();
    setPage(FIRST_PAGE);
  };

  const columns: TableColumnsType<ItemRow> = [
    { title: t('pages.catalog.items.code'), dataIndex: 'code', key: 'code', width: 110 },
    {
      title: t('pages.catalog.items.name'),
      key: 'name',
      render: (_, row) => (
        <Flex vertical gap={2}>
          <Typography.Link onClick={() => setEditing({ id: row.id })} data-testid={`item-link-${row.code}`}>
            {row.name}
          </Typography.Link>
          {row.requires_doctor && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('pages.catalog.items.requiresDoctor')}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('pages.catalog.items.category'),
      key: 'category',
      render: (_, row) => (
        <Tag color={ITEM_KIND_COLORS[row.kind as keyof typeof ITEM_KIND_COLORS]} title={labels.itemKind(row.kind)}>
          {row.category_path.join(' › ')}
        </Tag>
      ),
    },
    {
      title: t('pages.catalog.items.price'),
      dataIndex: 'price_amount',
      key: 'price',
      align: 'right',
      render: (amount: string, row) => `${formatYuan(amount)} / ${row.session_unit}`,
    },
    {
      title: t('pages.catalog.items.duration'),
      dataIndex: 'duration_minutes',
      key: 'duration',
      align: 'right',
      render: (minutes: number) => t('pages.catalog.items.minutes', { count: minutes }),
    },
    ...(mode === 'desktop'
      ? [
          {
            title: t('pages.catalog.items.knowledge'),
            key: 'knowledge',
            render: (_: unknown, row: ItemRow) =>
              t('pages.catalog.items.knowledgeCounts', { articles: row.article_count, cases: row.case_count }),
          },
        ]
      : []),
    {
      title: t('common.status'),
      dataIndex: 'is_active',
      key: 'is_active',
      render: (isActive: boolean, row) => (
        <Switch
          size="small"
          checked={isActive}
          disabled={!editable}
          loading={toggle.isPending && toggle.variables?.id === row.id}
          onChange={(checked) => toggle.mutate({ id: row.id, isActive: checked })}
          checkedChildren={t('common.status.active')}
          unCheckedChildren={t('common.status.inactive')}
          aria-label={t('common.status')}
        />
      ),
    },
  ];
  if (editable) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <RowActions
          onEdit={() => setEditing({ id: row.id })}
          onDelete={() => remove.mutate(row.id)}
          deleteConfirm={t('pages.catalog.items.delete.confirm', { name: row.name })}
          deleteHint={t('pages.catalog.deleteHint')}
        />
      ),
    });
  }

  const results = items.data?.results ?? [];
  const empty = (
    <Empty description={search || category || active !== 'all' ? t('pages.catalog.items.noMatch') : t('pages.catalog.items.empty')} />
  );
  const filters = (
    <Flex gap={8} wrap align="center">
      {phone && (
        <CategoryTreeSelect
          value={category || null}
          onChange={(value) => filter(() => setCategory(value ?? ALL))}
          allowClear
          placeholder={t('pages.catalog.items.allCategories')}
          style={{ width: '100%' }}
        />
      )}
      <Input.Search
        allowClear
        placeholder={t('pages.catalog.items.search')}
        onSearch={(value) => filter(() => setSearch(value.trim()))}
        style={{ width: phone ? '100%' : 280 }}
        data-testid="item-search"
      />
      <Segmented<ActiveFilter>
        value={active}
        onChange={(value) => filter(() => setActive(value))}
        options={[
          { value: 'all', label: t('pages.catalog.filter.all') },
          { value: 'active', label: t('common.status.active') },
          { value: 'inactive', label: t('common.status.inactive') },
        ]}
      />
    </Flex>
  );

  const content = items.error ? (
    <LoadError error={items.error} onRetry={() => void items.refetch()} />
  ) : phone ? (
    <>
      <List<ItemRow>
        loading={items.isLoading}
        dataSource={results}
        locale={{ emptyText: empty }}
        renderItem={(row) => (
          <List.Item onClick={() => setEditing({ id: row.id })} style={{ cursor: 'pointer' }}>
            <List.Item.Meta
              title={
                <Flex justify="space-between" gap={8}>
                  <span>{row.name}</span>
                  <span>{formatYuan(row.price_amount)}</span>
                </Flex>
              }
              description={
                <Flex justify="space-between" gap={8}>
                  <span>{row.category_path.join(' › ')}</span>
                  {!row.is_active && <Tag>{t('common.status.inactive')}</Tag>}
                </Flex>
              }
            />
          </List.Item>
        )}
      />
      {(items.data?.count ?? 0) > page.page_size && (
        <Pagination
          size="small"
          current={page.page}
          pageSize={page.page_size}
          total={items.data?.count ?? 0}
          onChange={(next) => setPage({ ...page, page: next })}
          showTotal={(count) => totalText(t, count, items.data?.count_capped)}
          style={{ marginTop: 12, textAlign: 'center' }}
        />
      )}
    </>
  ) : (
    <Table<ItemRow>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={results}
      loading={items.isFetching}
      locale={{ emptyText: empty }}
      scroll={{ x: 'max-content' }}
      pagination={serverPagination(page, items.data?.count ?? 0, setPage, t, items.data?.count_capped)}
      data-testid="items-table"
    />
  );

  return (
    <PageContainer
      title={t('menu.catalog.items')}
      extra={editable && <CreateButton onClick={() => setEditing({})}>{t('pages.catalog.items.create')}</CreateButton>}
    >
      <Flex gap={16} align="start">
        {!phone && (
          <Card size="small" title={t('pages.catalog.items.category')} style={{ width: mode === 'desktop' ? 240 : 200, flexShrink: 0 }}>
            {categories.error ? (
              <LoadError error={categories.error} onRetry={() => void categories.refetch()} />
            ) : !categories.data ? (
              <Skeleton active paragraph={{ rows: 6 }} />
            ) : (
              <Tree
                blockNode
                defaultExpandAll
                selectedKeys={[category]}
                treeData={tree}
                onSelect={(keys) => filter(() => setCategory(keys.length ? Number(keys[0]) : ALL))}
                data-testid="category-tree"
              />
            )}
          </Card>
        )}
        <Flex vertical gap={12} style={{ flex: 1, minWidth: 0 }}>
          {filters}
          {content}
        </Flex>
      </Flex>
      {editing && <ItemEditorDrawer itemId={editing.id} editable={editable} onClose={() => setEditing(null)} />}
    </PageContainer>
  );
}
