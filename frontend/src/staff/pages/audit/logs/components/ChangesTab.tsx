import { Form, Select, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

import { auditKeys, CHANGE_ACTIONS, listChanges, type ChangeLog, type ChangeQuery } from '../service';
import type { TimeRange } from '../timeRange';
import { ChangeDiffTable } from './ChangeDiffTable';
import { requestIdColumn, timeColumn } from './logColumns';
import { LogTable } from './LogTable';
import { useLogQuery } from './useLogQuery';

interface FilterValues {
  search?: string;
  action?: ChangeQuery['action'];
  object_type?: string;
  range?: TimeRange;
}

const ACTION_COLORS = { create: 'success', update: 'processing', delete: 'error' } as const;

export function ChangesTab() {
  const { t } = useTranslation();
  const log = useLogQuery<ChangeQuery, FilterValues, ChangeLog>({
    queryKey: auditKeys.changes,
    queryFn: listChanges,
    textFields: ['search', 'object_type'],
  });

  const columns: TableColumnsType<ChangeLog> = [
    timeColumn(t),
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
    requestIdColumn(t),
  ];

  return (
    <LogTable
      log={log}
      columns={columns}
      search={{ placeholder: t('pages.audit.logs.search.changes'), width: 240 }}
      selects={
        <Form.Item name="action" noStyle>
          <Select
            allowClear
            placeholder={t('pages.audit.logs.changeAction')}
            options={CHANGE_ACTIONS.map((action) => ({ value: action, label: t(`enums.changeAction.${action}`) }))}
            style={{ width: 130 }}
          />
        </Form.Item>
      }
      textFilter={{ name: 'object_type', placeholder: t('pages.audit.logs.objectType') }}
      expandable={{ expandedRowRender: (row) => <ChangeDiffTable before={row.before} after={row.after} /> }}
    />
  );
}
