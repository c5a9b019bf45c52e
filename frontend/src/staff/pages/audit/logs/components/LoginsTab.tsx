import { Form, Select, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

import { auditKeys, listLogins, LOGIN_EVENTS, type LoginLog, type LoginQuery } from '../service';
import type { TimeRange } from '../timeRange';
import { timeColumn } from './logColumns';
import { LogTable } from './LogTable';
import { useLogQuery } from './useLogQuery';

interface FilterValues {
  search?: string;
  event?: LoginQuery['event'];
  ip?: string;
  range?: TimeRange;
}

const EVENT_COLORS = {
  login: 'success',
  logout: 'default',
  failure: 'warning',
  locked: 'error',
  timeout: 'default',
  unlock: 'processing',
} as const;

export function LoginsTab() {
  const { t } = useTranslation();
  const log = useLogQuery<LoginQuery, FilterValues, LoginLog>({
    queryKey: auditKeys.logins,
    queryFn: listLogins,
    textFields: ['search', 'ip'],
  });

  const columns: TableColumnsType<LoginLog> = [
    timeColumn(t),
    { title: t('pages.audit.logs.username'), dataIndex: 'username', key: 'username' },
    {
      title: t('pages.audit.logs.event'),
      dataIndex: 'event',
      key: 'event',
      render: (event: LoginLog['event']) => <Tag color={EVENT_COLORS[event]}>{t(`enums.loginEvent.${event}`)}</Tag>,
    },
    { title: t('pages.audit.logs.ip'), dataIndex: 'ip', key: 'ip' },
    { title: t('pages.audit.logs.reason'), dataIndex: 'reason', key: 'reason' },
    {
      title: t('pages.audit.logs.userAgent'),
      dataIndex: 'user_agent',
      key: 'user_agent',
      width: 320,
      ellipsis: { showTitle: true },
    },
  ];

  return (
    <LogTable
      log={log}
      columns={columns}
      search={{ placeholder: t('pages.audit.logs.search.logins'), width: 200 }}
      selects={
        <Form.Item name="event" noStyle>
          <Select
            allowClear
            placeholder={t('pages.audit.logs.event')}
            options={LOGIN_EVENTS.map((event) => ({ value: event, label: t(`enums.loginEvent.${event}`) }))}
            style={{ width: 130 }}
          />
        </Form.Item>
      }
      textFilter={{ name: 'ip', placeholder: t('pages.audit.logs.ip') }}
    />
  );
}
