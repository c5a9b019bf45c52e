import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { diffRows, type DiffRow } from '../changeDiff';

const cell = (value: string, row: DiffRow) =>
  value === '' ? (
    <Typography.Text type="secondary">—</Typography.Text>
  ) : (
    <Typography.Text mark={row.changed} style={{ wordBreak: 'break-all' }}>
      {value}
    </Typography.Text>
  );

export function ChangeDiffTable({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  return (
    <Table<DiffRow>
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={diffRows(before, after)}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('pages.audit.logs.diff.field'), dataIndex: 'field', key: 'field', width: 180 },
        { title: t('pages.audit.logs.diff.before'), dataIndex: 'before', key: 'before', render: cell },
        { title: t('pages.audit.logs.diff.after'), dataIndex: 'after', key: 'after', render: cell },
      ]}
    />
  );
}
