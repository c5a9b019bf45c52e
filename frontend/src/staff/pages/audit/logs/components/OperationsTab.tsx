import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Button, Flex, Form, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useAccess } from '../../../../session/useMe';
import { FIRST_PAGE, serverPagination, type PageState } from '../../../../utils/pagination';
import { clinicNow, formatDateTime, DATE_TIME_SECONDS_FORMAT } from '../../../../utils/time';
import {
  AUDIT_ACTIONS,
  AUDIT_MODULES,
  auditKeys,
  exportOperations,
  listOperations,
  OPERATION_RESULTS,
  type OperationLog,
  type OperationQuery,
} from '../service';
import { timeRangeQuery, type TimeRange } from '../timeRange';
import { saveBlob } from './download';
import { TimeRangePicker } from './TimeRangePicker';
import { useAuditLabels } from './useAuditLabels';

type Filters = Omit<OperationQuery, 'page' | 'page_size'>;

interface FilterValues {
  search?: string;
  module?: string;
  action?: string;
  result?: OperationQuery['result'];
  ip?: string;
  range?: TimeRange;
}

const RESULT_COLORS = { success: 'success', failure: 'warning', denied: 'error' } as const;

export function OperationsTab() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useAuditLabels();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<Filters>({});
  const [operator, setOperator] = useState<{ id: number; name: string } | null>(null);
  const [pageState, setPageState] = useState<PageState>(FIRST_PAGE);
  const scoped: Filters = { ...filters, operator: operator?.id };
  const query = { ...scoped, ...pageState };

  const { data, isFetching } = useQuery({
    queryKey: auditKeys.operations(query),
    queryFn: () => listOperations(query),
    placeholderData: keepPreviousData,
  });

  const download = useMutation({
    mutationFn: () => exportOperations(scoped),
    onSuccess: (blob) => saveBlob(blob, `operation-log-${clinicNow().format('YYYYMMDD-HHmmss')}.xlsx`),
  });

  const apply = () => {
    const { range, search, ip, ...rest } = form.getFieldsValue();
    setFilters({ ...rest, search: search?.trim() || undefined, ip: ip?.trim() || undefined, ...timeRangeQuery(range) });
    setPageState((previous) => ({ ...previous, page: 1 }));
  };

  const columns: TableColumnsType<OperationLog> = [
    {
      title: t('pages.audit.logs.time'),
      dataIndex: 'created_at',
      key: 'created_at',
      render: (value: string) => formatDateTime(value, DATE_TIME_SECONDS_FORMAT),
    },
    {
      title: t('pages.audit.logs.operator'),
      key: 'operator',
      render: (_, row) =>
        row.operator ? (
          <Button
            type="link"
            size="small"
            style={{ padding: 0 }}
            title={t('pages.audit.logs.operator.only')}
            onClick={() => {
              setOperator({ id: row.operator as number, name: row.operator_name });
              setPageState((previous) => ({ ...previous, page: 1 }));
            }}
          >
            {row.operator_name} {row.staff_number}
          </Button>
        ) : (
          <Typography.Text type="secondary">{row.operator_name || t('pages.audit.logs.anonymous')}</Typography.Text>
        ),
    },
    { title: t('pages.audit.logs.module'), dataIndex: 'module', key: 'module', render: labels.module },
    { title: t('pages.audit.logs.action'), dataIndex: 'action', key: 'action', render: labels.action },
    {
      title: t('pages.audit.logs.object'),
      key: 'object',
      render: (_, row) => row.object_repr || (row.object_id ? `${row.object_type} #${row.object_id}` : ''),
    },
    {
      title: t('pages.audit.logs.result'),
      dataIndex: 'result',
      key: 'result',
      render: (result: OperationLog['result']) => (
        <Tag color={RESULT_COLORS[result]}>{t(`enums.auditResult.${result}`)}</Tag>
      ),
    },
    { title: t('pages.audit.logs.ip'), dataIndex: 'ip', key: 'ip' },
    {
      title: t('pages.audit.logs.message'),
      dataIndex: 'message',
      key: 'message',
      width: 280,
      ellipsis: { showTitle: true },
    },
    {
      title: t('pages.audit.logs.request'),
      key: 'request',
      render: (_, row) => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {row.method} {row.path}
        </Typography.Text>
      ),
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
      <Form form={form} onValuesChange={(changed) => !('search' in changed || 'ip' in changed) && apply()}>
        <Flex wrap gap={8}>
          <Form.Item name="search" noStyle>
            <Input.Search allowClear placeholder={t('pages.audit.logs.search.operations')} onSearch={apply} style={{ width: 240, maxWidth: '100%' }} />
          </Form.Item>
          <Form.Item name="module" noStyle>
            <Select allowClear placeholder={t('pages.audit.logs.module')} options={labels.options(AUDIT_MODULES, labels.module)} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="action" noStyle>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('pages.audit.logs.action')}
              options={labels.options(AUDIT_ACTIONS, labels.action)}
              style={{ width: 150 }}
            />
          </Form.Item>
          <Form.Item name="result" noStyle>
            <Select
              allowClear
              placeholder={t('pages.audit.logs.result')}
              options={OPERATION_RESULTS.map((result) => ({ value: result, label: t(`enums.auditResult.${result}`) }))}
              style={{ width: 120 }}
            />
          </Form.Item>
          <Form.Item name="ip" noStyle>
            <Input.Search allowClear placeholder={t('pages.audit.logs.ip')} onSearch={apply} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="range" noStyle>
            <TimeRangePicker />
          </Form.Item>
          {access.canExportAuditLog && (
            <Button icon={<DownloadOutlined />} loading={download.isPending} onClick={() => download.mutate()} data-testid="audit-export">
              {t('pages.audit.logs.export')}
            </Button>
          )}
        </Flex>
      </Form>
      {operator && (
        <Flex>
          <Tag closable onClose={() => setOperator(null)}>
            {t('pages.audit.logs.operator.filter', { name: operator.name })}
          </Tag>
        </Flex>
      )}
      <Table<OperationLog>
        rowKey="id"
        columns={columns}
        dataSource={data?.results}
        loading={isFetching}
        pagination={serverPagination(pageState, data?.count ?? 0, setPageState, t)}
        scroll={{ x: 'max-content' }}
      />
    </Flex>
  );
}
