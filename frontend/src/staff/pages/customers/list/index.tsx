import { DownloadOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Empty, Flex, Input, Pagination, Result, Skeleton, Table, Tooltip, Typography, type TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { serverPagination, totalText } from '../../../utils/pagination';
import { clinicNow } from '../../../utils/time';
import { saveBlob } from '../../audit/logs/components/download';
import { BulkCreateModal } from '../../followups/components/BulkCreateModal';
import { customerKeys, exportCustomers, listCustomers, type CustomerRow } from '../shared/service';
import { resolveColumns, visibleColumns, type ColumnSetting, type CustomerColumn } from './columns';
import { BulkTagModal, ReassignModal } from './components/BulkActions';
import { ColumnSettings } from './components/ColumnSettings';
import { sortFieldOf, useCustomerColumns } from './components/customerColumns';
import { CustomerCards } from './components/CustomerCards';
import { FilterPanel } from './components/FilterPanel';
import { SavedFilterMenu } from './components/SavedFilterMenu';
import { countActiveFilters, readListState, toQuery, writeListState, type CustomerFilters, type ListState } from './filters';
import { getColumnPreference, listPageKeys, saveColumnPreference } from './service';

type BulkDialog = 'tag' | 'reassign' | 'followup' | null;

export default function CustomerListPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mode = useLayoutMode();
  const phone = mode === 'phone';
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readListState(params), [params]);
  const { filters } = state;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [bulk, setBulk] = useState<BulkDialog>(null);
  const activeFilters = countActiveFilters(filters);

  const update = (next: Partial<ListState>) => setParams(writeListState({ ...state, ...next }));
  const applyFilters = (next: CustomerFilters) => {
    update({ filters: next, page: 1 });
    setSelected([]);
  };

  const query = toQuery(filters, { ordering: state.ordering, page: state.page, page_size: state.page_size });
  const list = useQuery({
    queryKey: customerKeys.list(query),
    queryFn: () => listCustomers(query),
    placeholderData: keepPreviousData,
  });

  const columnPreference = useQuery({ queryKey: listPageKeys.columns, queryFn: getColumnPreference, enabled: !phone });
  const columnSettings = useMemo(() => resolveColumns(columnPreference.data), [columnPreference.data]);
  const saveColumns = useMutation({
    mutationFn: saveColumnPreference,
    onMutate: (next: ColumnSetting[]) => queryClient.setQueryData(listPageKeys.columns, next),
    onError: () => void queryClient.invalidateQueries({ queryKey: listPageKeys.columns }),
  });

  const download = useMutation({
    mutationFn: () => exportCustomers(toQuery(filters, { ordering: state.ordering })),
    onSuccess: (blob) => saveBlob(blob, `customers-${clinicNow().format('YYYYMMDD-HHmmss')}.xlsx`),
  });

  const definitions = useCustomerColumns(state.ordering);
  const columns = visibleColumns(columnSettings).map((key, index) =>
    index === 0 && mode === 'desktop' ? { ...definitions[key], fixed: 'left' as const } : definitions[key],
  );
  const titles = Object.fromEntries(
    Object.entries(definitions).map(([key, column]) => [key, column.title as React.ReactNode]),
  ) as Record<CustomerColumn, React.ReactNode>;

  const canBulk = !phone && (access.canBulkTagCustomer || access.canReassignCustomer || access.canAddFollowup);
  const onTableChange: TableProps<CustomerRow>['onChange'] = (_pagination, _filters, sorter, extra) => {
    if (extra.action !== 'sort' || Array.isArray(sorter)) return;
    const field = sortFieldOf(sorter.columnKey as string | undefined);
    update({ ordering: field && sorter.order ? `${sorter.order === 'descend' ? '-' : ''}${field}` : undefined, page: 1 });
  };

  const newCustomerLink = (withSearch: boolean) =>
    access.canAddCustomer && (
      <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(withSearch && filters.search ? `/customers/new?search=${encodeURIComponent(filters.search)}` : '/customers/new')}>
        {t('menu.customers.new')}
      </Button>
    );

  const total = list.data?.count ?? 0;
  const capped = list.data?.count_capped ?? false;
  const rows = list.data?.results ?? [];
  let body: React.ReactNode;
  if (list.isPending) {
    body = <Skeleton active paragraph={{ rows: 8 }} data-testid="customer-list-loading" />;
  } else if (list.isError && !list.data) {
    body = (
      <Result
        status="error"
        title={t('pages.customers.list.loadFailed')}
        extra={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>}
      />
    );
  } else if (total === 0) {
    const filtered = activeFilters > 0 || Boolean(filters.search);
    body = (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          filtered ? (
            t('pages.customers.list.empty.filtered')
          ) : (
            <Flex vertical gap={4}>
              <span>{t('pages.customers.list.empty')}</span>
              <Typography.Text type="secondary">{t('pages.customers.list.empty.hint')}</Typography.Text>
            </Flex>
          )
        }
        data-testid="customer-list-empty"
      >
        <Flex gap={8} justify="center" wrap>
          {filtered && <Button onClick={() => applyFilters({})}>{t('pages.customers.list.filters.clear')}</Button>}
          {newCustomerLink(filtered)}
        </Flex>
      </Empty>
    );
  } else if (phone) {
    body = (
      <Flex vertical gap={12}>
        <CustomerCards rows={rows} />
        <Pagination
          align="center"
          simple
          current={state.page}
          pageSize={state.page_size}
          total={total}
          showTotal={(count) => totalText(t, count, capped)}
          onChange={(page) => update({ page })}
        />
      </Flex>
    );
  } else {
    body = (
      <Table<CustomerRow>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={list.isFetching}
        onChange={onTableChange}
        pagination={serverPagination(state, total, (next) => update(next), t, capped)}
        rowSelection={
          canBulk
            ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), preserveSelectedRowKeys: true }
            : undefined
        }
        scroll={{ x: 'max-content' }}
        data-testid="customer-table"
      />
    );
  }

  return (
    <PageContainer title={t('menu.customers.list')} extra={newCustomerLink(false)}>
      <Flex vertical gap={12}>
        <Flex gap={8} wrap align="center">
          <Input.Search
            key={filters.search ?? ''}
            defaultValue={filters.search}
            allowClear
            enterButton
            placeholder={t(phone ? 'pages.customers.list.search.short' : 'pages.customers.list.search')}
            onSearch={(value) => applyFilters({ ...filters, search: value.trim() || undefined })}
            style={{ flex: phone ? '1 1 100%' : '0 1 420px', minWidth: 0 }}
            data-testid="customer-search"
          />
          <Badge count={activeFilters} size="small">
            <Button
              icon={<FilterOutlined />}
              type={filtersOpen && !phone ? 'primary' : 'default'}
              ghost={filtersOpen && !phone}
              onClick={() => setFiltersOpen((open) => !open)}
              data-testid="customer-filters-toggle"
            >
              {t('pages.customers.list.filters')}
            </Button>
          </Badge>
          <SavedFilterMenu filters={filters} onApply={applyFilters} />
          {activeFilters > 0 && (
            <Button type="link" onClick={() => applyFilters({ search: filters.search })} style={{ paddingInline: 4 }}>
              {t('pages.customers.list.filters.clear')}
            </Button>
          )}
          <Flex gap={8} style={{ marginInlineStart: phone ? 0 : 'auto' }}>
            {!phone && (
              <ColumnSettings
                settings={columnSettings}
                titles={titles}
                saving={saveColumns.isPending}
                onChange={(next) => saveColumns.mutate(next)}
              />
            )}
            {access.canExportCustomer && (
              <Tooltip title={t('pages.customers.list.export.hint')}>
                <Button
                  icon={<DownloadOutlined />}
                  loading={download.isPending}
                  onClick={() => download.mutate()}
                  disabled={total === 0}
                  aria-label={t('pages.customers.list.export')}
                  data-testid="customer-export"
                >
                  {!phone && t('pages.customers.list.export')}
                </Button>
              </Tooltip>
            )}
          </Flex>
        </Flex>

        <FilterPanel
          variant={phone ? 'drawer' : 'inline'}
          open={filtersOpen}
          onClose={() => setFiltersOpen(false)}
          filters={filters}
          onApply={applyFilters}
        />

        {canBulk && selected.length > 0 && (
          <Alert
            type="info"
            title={
              <Flex gap={8} align="center" wrap>
                <span data-testid="customer-selected">{t('pages.customers.list.selected', { count: selected.length })}</span>
                {access.canBulkTagCustomer && (
                  <Button size="small" onClick={() => setBulk('tag')} data-testid="bulk-tag">
                    {t('pages.customers.list.bulkTag')}
                  </Button>
                )}
                {access.canReassignCustomer && (
                  <Button size="small" onClick={() => setBulk('reassign')} data-testid="bulk-reassign">
                    {t('pages.customers.list.reassign')}
                  </Button>
                )}
                {access.canAddFollowup && (
                  <Button size="small" onClick={() => setBulk('followup')} data-testid="bulk-followup">
                    {t('pages.followups.bulk')}
                  </Button>
                )}
                <Button size="small" type="link" onClick={() => setSelected([])}>
                  {t('pages.customers.list.selection.clear')}
                </Button>
              </Flex>
            }
          />
        )}

        {body}
      </Flex>
      {bulk === 'tag' && <BulkTagModal ids={selected} onClose={() => setBulk(null)} onDone={() => setSelected([])} />}
      {bulk === 'reassign' && <ReassignModal ids={selected} onClose={() => setBulk(null)} onDone={() => setSelected([])} />}
      {bulk === 'followup' && <BulkCreateModal ids={selected} onClose={() => setBulk(null)} onDone={() => setSelected([])} />}
    </PageContainer>
  );
}
