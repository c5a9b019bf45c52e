import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Flex, Form, Select, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useAccess } from '../../../../session/useMe';
import { clinicNow } from '../../../../utils/time';
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
import type { TimeRange } from '../timeRange';
import { saveBlob } from './download';
import { requestIdColumn, timeColumn } from './logColumns';
import { LogTable } from './LogTable';
import { useAuditLabels } from './useAuditLabels';
import { useLogQuery } from './useLogQuery';

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
  const [operator, setOperator] = useState<{ id: number; name: string } | null>(null);
  const log = useLogQuery<OperationQuery, FilterValues, OperationLog>({
    queryKey: auditKeys.operations,
    queryFn: listOperations,
    textFields: ['search', 'ip'],
    scope: { operator: operator?.id },
  });

  const download = useMutation({
    mutationFn: () => exportOperations(log.filters),
    onSuccess: (blob) => saveBlob(blob, `operation-log-${clinicNow().format('YYYYMMDD-HHmmss')}.xlsx`),
  });

  const columns: TableColumnsType<OperationLog> = [
    timeColumn(t),
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
              log.firstPage();
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
    requestIdColumn(t),
  ];

  return (
    <LogTable
      log={log}
      columns={columns}
      search={{ placeholder: t('pages.audit.logs.search.operations'), width: 240 }}
      selects={
        <>
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
        </>
      }
      textFilter={{ name: 'ip', placeholder: t('pages.audit.logs.ip') }}
      actions={
        access.canExportAuditLog && (
          <Button icon={<DownloadOutlined />} loading={download.isPending} onClick={() => download.mutate()} data-testid="audit-export">
            {t('pages.audit.logs.export')}
          </Button>
        )
      }
      banner={
        operator && (
          <Flex>
            <Tag closable onClose={() => setOperator(null)}>
              {t('pages.audit.logs.operator.filter', { name: operator.name })}
            </Tag>
          </Flex>
        )
      }
    />
  );
}
