import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Flex, Result, Skeleton, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { PageContainer } from '../../components/PageContainer';
import { useLayoutMode } from '../../layouts/useLayoutMode';
import { useAccess } from '../../session/useMe';
import { formatMoney } from '../../utils/money';
import { withParams } from '../../utils/queryParams';
import { clinicNow } from '../../utils/time';
import { EntriesDrawer } from './components/EntriesDrawer';
import { getStatement, performanceKeys, type StatementRow } from './service';
import { monthToDate, previousMonth, readRange, statementTotals, writeRange, type DateRange } from './statement';

/** 业绩: sales, consumption and operation fees per member of staff over a date range (`?date_from=&date_to=`), with
 * the rows behind them. Staff without the "everyone's figures" permission see their own line only (the server decides). */
export default function PerformancePage() {
  const { t } = useTranslation();
  const access = useAccess();
  const mode = useLayoutMode();
  const today = clinicNow().format('YYYY-MM-DD');
  const [params, setParams] = useSearchParams();
  const range = useMemo(() => readRange(params, today), [params, today]);
  const setRange = (next: DateRange) => setParams((current) => withParams(current, writeRange(next, today)), { replace: true });
  const [open, setOpen] = useState<StatementRow | null>(null);
  const statement = useQuery({
    queryKey: performanceKeys.statement(range.from, range.to),
    queryFn: () => getStatement(range.from, range.to),
  });
  const rows = statement.data?.rows ?? [];
  const totals = statementTotals(rows);

  const money = (value: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoney(value)}</span>;
  const columns: TableColumnsType<StatementRow> = [
    {
      title: t('pages.performance.field.staff'),
      key: 'staff',
      render: (_, row) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(row)} data-testid={`performance-staff-${row.staff.id}`}>
          {row.staff.name}（{row.staff.staff_number}）
        </Button>
      ),
    },
    { title: t('pages.performance.kind.sales'), key: 'sales', align: 'right', render: (_, row) => money(row.sales_amount) },
    { title: t('pages.performance.kind.consumption'), key: 'consumption', align: 'right', render: (_, row) => money(row.consumption_amount) },
    { title: t('pages.performance.kind.operation_fee'), key: 'fee', align: 'right', render: (_, row) => money(row.operation_fee_amount) },
    { title: t('pages.performance.field.entries'), dataIndex: 'entries', key: 'entries', align: 'right' },
  ];

  const presets = [
    { label: t('pages.performance.range.thisMonth'), value: monthToDate(today) },
    { label: t('pages.performance.range.lastMonth'), value: previousMonth(today) },
    { label: t('pages.performance.range.today'), value: { from: today, to: today } },
  ];

  let content;
  if (statement.isPending) {
    content = <Skeleton active paragraph={{ rows: 5 }} />;
  } else if (statement.isError && !statement.data) {
    content = (
      <Result
        status="warning"
        title={t('pages.performance.loadFailed')}
        extra={<Button onClick={() => void statement.refetch()}>{t('common.retry')}</Button>}
      />
    );
  } else if (rows.length === 0) {
    content = <Empty description={t('pages.performance.empty')} data-testid="performance-empty" />;
  } else if (mode === 'phone') {
    content = (
      <Flex vertical gap={8} data-testid="performance-statement">
        {rows.map((row) => (
          <Card key={row.staff.id} size="small" hoverable onClick={() => setOpen(row)} data-testid={`performance-staff-${row.staff.id}`}>
            <Flex vertical gap={6}>
              <Typography.Text strong>
                {row.staff.name}（{row.staff.staff_number}）
              </Typography.Text>
              <Flex justify="space-between" wrap gap={8}>
                <Statistic title={t('pages.performance.kind.sales')} value={formatMoney(row.sales_amount)} styles={{ content: { fontSize: 16 } }} />
                <Statistic title={t('pages.performance.kind.consumption')} value={formatMoney(row.consumption_amount)} styles={{ content: { fontSize: 16 } }} />
                <Statistic title={t('pages.performance.kind.operation_fee')} value={formatMoney(row.operation_fee_amount)} styles={{ content: { fontSize: 16 } }} />
              </Flex>
            </Flex>
          </Card>
        ))}
      </Flex>
    );
  } else {
    content = (
      <Table<StatementRow>
        rowKey={(row) => row.staff.id}
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={statement.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="performance-statement"
        summary={() =>
          rows.length > 1 && (
            <Table.Summary fixed>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('pages.performance.total')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <strong>{money(totals.sales_amount)}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <strong>{money(totals.consumption_amount)}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  <strong>{money(totals.operation_fee_amount)}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  <strong>{totals.entries}</strong>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          )
        }
      />
    );
  }

  return (
    <PageContainer title={t('menu.performance')}>
      <Flex vertical gap={12}>
        <Flex gap={8} wrap align="center">
          <DatePicker.RangePicker
            value={[dayjs(range.from), dayjs(range.to)]}
            allowClear={false}
            presets={presets.map((preset) => ({ label: preset.label, value: [dayjs(preset.value.from), dayjs(preset.value.to)] }))}
            disabledDate={(current) => current.isAfter(clinicNow(), 'day')}
            onChange={(dates) => {
              if (dates?.[0] && dates[1]) setRange({ from: dates[0].format('YYYY-MM-DD'), to: dates[1].format('YYYY-MM-DD') });
            }}
            style={{ maxWidth: '100%' }}
            data-testid="performance-range"
          />
        </Flex>
        {!access.canViewAllPerformance && <Alert type="info" showIcon title={t('pages.performance.ownOnly')} />}
        {content}
        {rows.length > 0 && <Typography.Text type="secondary">{t('pages.performance.hint')}</Typography.Text>}
      </Flex>
      {open && <EntriesDrawer row={open} range={range} onClose={() => setOpen(null)} />}
    </PageContainer>
  );
}
