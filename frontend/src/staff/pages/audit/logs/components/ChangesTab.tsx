import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Flex, Form, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { FIRST_PAGE, serverPagination, type PageState } from '../../../../utils/pagination';
import { DATE_TIME_SECONDS_FORMAT, formatDateTime } from '../../../../utils/time';
import { auditKeys, CHANGE_ACTIONS, listChanges, type ChangeLog, type ChangeQuery } from '../service';
import { timeRangeQuery, type TimeRange } from '../timeRange';
import { ChangeDiffTable } from './ChangeDiffTable';
import { TimeRangePicker } from './TimeRangePicker';

type Filters = Omit<ChangeQuery, 'page' | 'page_size'>;

interface FilterValues {
  search?: string;
  action?: ChangeQuery['action'];
  object_type?: string;
  range?: TimeRange;
}

const ACTION_COLORS = { create: 'success', update: 'processing', delete: 'error' } as const;

export function ChangesTab() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<Filters>({});
  const [pageState, setPageState] = useState<PageState>(FIRST_PAGE);
  const query = { ...filters, ...pageState };

  const { data, isFetching } = useQuery({
    queryKey: auditKeys.changes(query),
    queryFn: () => listChanges(query),
    placeholderData: keepPreviousData,
  });

  const apply = () => {
    const { range, search, object_type, ...rest } = form.getFieldsValue();
    setFilters({
      ...rest,
      search: search?.trim() || undefined,
      object_type: object_type?.trim() || undefined,
      ...timeRangeQuery(range),
    });
    setPageState((previous) => ({ ...previous, page: 1 }));
  };

  const columns: TableColumnsType<ChangeLog> = [
    {
      title: t('pages.audit.logs.time'),
      dataIndex: 'created_at',
      key: 'created_at',
      render: (value: string) => formatDateTime(value, DATE_TIME_SECONDS_FORMAT),
    },
    {
      title: t('pages.audit.logs.operator'),
      dataIndex: 'operator_name',
      key: 'operator_name',
      render: (name: string) => name || <Typography.Text type="secondary">{t('pages.audit.logs.system')}</Typography.Text>,
    },
    {
      title: t('pages.audit.logs.changeAction'),
      dataIndex: 'action',
      key: 'action',
      render: (action: ChangeLog['action']) => <Tag color={ACTION_COLORS[action]}>{t(`enums.changeAction.${action}`)}</Tag>,
    },
    { title: t('pages.audit.logs.objectType'), dataIndex: 'object_type', key: 'object_type' },
    {
      title: t('pages.audit.logs.object'),
      key: 'object',
      render: (_, row) => row.object_repr || `#${row.object_id}`,
    },
    {
      title: t('pages.audit.logs.requestId'),
      dataIndex: 'request_id',
      key: 'request_id',
      render: (value: string) =>
        value && (
          <Typography.Text copyable={{ text: value }} style={{ fontSize: 12 }}>
            {value.slice(0, 8)}
          </Typography.Text>
        ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Form form={form} onValuesChange={(changed) => !('search' in changed || 'object_type' in changed) && apply()}>
        <Flex wrap gap={8}>
          <Form.Item name="search" noStyle>
            <Input.Search allowClear placeholder={t('pages.audit.logs.search.changes')} onSearch={apply} style={{ width: 240, maxWidth: '100%' }} />
          </Form.Item>
          <Form.Item name="action" noStyle>
            <Select
              allowClear
              placeholder={t('pages.audit.logs.changeAction')}
              options={CHANGE_ACTIONS.map((action) => ({ value: action, label: t(`enums.changeAction.${action}`) }))}
              style={{ width: 130 }}
            />
          </Form.Item>
          <Form.Item name="object_type" noStyle>
            <Input.Search allowClear placeholder={t('pages.audit.logs.objectType')} onSearch={apply} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="range" noStyle>
            <TimeRangePicker />
          </Form.Item>
        </Flex>
      </Form>
      <Table<ChangeLog>
        rowKey="id"
        columns={columns}
        dataSource={data?.results}
        loading={isFetching}
        pagination={serverPagination(pageState, data?.count ?? 0, setPageState, t)}
        scroll={{ x: 'max-content' }}
        expandable={{ expandedRowRender: (row) => <ChangeDiffTable before={row.before} after={row.after} /> }}
      />
    </Flex>
  );
}
