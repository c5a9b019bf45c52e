import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Empty, Flex, Pagination, Row, Segmented, Table, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { usePageState } from '../../../hooks/usePageState';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess, useMe } from '../../../session/useMe';
import { serverPagination } from '../../../utils/pagination';
import { withParams } from '../../../utils/queryParams';
import { clinicNow, formatDateTime } from '../../../utils/time';
import { DeductionStatusTag, OperatorList, SignatureImage } from '../components/DeductionParts';
import { ReverseDeductionModal } from '../components/ReverseDeductionModal';
import { listDeductions, treatmentKeys, type Deduction, type DeductionQuery } from '../service';
import { readDeductionsView, writeDeductionsView, type DeductionsView, type Whose } from './viewState';

/**
 * 今日划扣: the day's deductions (another day on request, `?date=`), with the signature and, for those allowed,
 * reversal.
 */
export default function TodayDeductionsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const me = useMe().data;
  const mode = useLayoutMode();
  const [params, setParams] = useSearchParams();
  const today = clinicNow().format('YYYY-MM-DD');
  const view = useMemo(() => readDeductionsView(params, today), [params, today]);
  const { date, whose } = view;
  const [page, setPage] = usePageState(`${date}/${whose}`);
  const [reversing, setReversing] = useState<Deduction | null>(null);
  const show = (next: Partial<DeductionsView>) =>
    setParams((current) => withParams(current, writeDeductionsView({ ...view, ...next }, today)), { replace: true });
  const query: DeductionQuery = {
    performed_from: date,
    performed_to: date,
    operator: whose === 'mine' && me ? me.id : undefined,
    page: page.page,
    page_size: page.page_size,
  };
  const list = useQuery({
    queryKey: treatmentKeys.deductionList(query),
    queryFn: () => listDeductions(query),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.results ?? [];
  const count = list.data?.count ?? 0;

  const customerLink = (deduction: Deduction) =>
    access.canViewCustomer ? (
      <Link to={`/customers/${deduction.customer.id}?tab=deductions`}>{deduction.customer.name}</Link>
    ) : (
      deduction.customer.name
    );
  const reverseButton = (deduction: Deduction, block = false) =>
    access.canReverseDeduction &&
    deduction.status === 'done' && (
      <Button danger size={block ? 'middle' : 'small'} type={block ? 'default' : 'link'} onClick={() => setReversing(deduction)} data-testid={`reverse-${deduction.id}`}>
        {t('pages.treatment.reverse.action')}
      </Button>
    );

  const columns: TableColumnsType<Deduction> = [
    { title: t('pages.treatment.field.performedAt'), key: 'performed_at', render: (_, row) => formatDateTime(row.performed_at, 'HH:mm') },
    { title: t('pages.treatment.field.number'), dataIndex: 'number', key: 'number' },
    { title: t('pages.treatment.field.customer'), key: 'customer', render: (_, row) => customerLink(row) },
    {
      title: t('pages.treatment.field.item'),
      key: 'item',
      render: (_, row) => (
        <Flex vertical>
          <span>{row.item_name}</span>
          {row.card_name && <Typography.Text type="secondary">{row.card_name}</Typography.Text>}
        </Flex>
      ),
    },
    { title: t('pages.treatment.field.quantity'), dataIndex: 'quantity', key: 'quantity', align: 'right' },
    { title: t('pages.treatment.field.operators'), key: 'operators', render: (_, row) => <OperatorList operators={row.operators} /> },
    { title: t('pages.treatment.field.signature'), key: 'signature', render: (_, row) => <SignatureImage deduction={row} height={36} /> },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, row) => (
        <Flex vertical gap={2}>
          <span>
            <DeductionStatusTag deduction={row} />
          </span>
          {row.status === 'reversed' && <Typography.Text type="secondary">{row.reversal_reason}</Typography.Text>}
        </Flex>
      ),
    },
    { title: t('common.actions'), key: 'actions', render: (_, row) => reverseButton(row) },
  ];

  const cards = (
    <Flex vertical gap={8} data-testid="deductions-today">
      {rows.length === 0 && !list.isPending && <Empty description={t('pages.treatment.today.empty')} />}
      <Row gutter={[8, 8]}>
        {rows.map((row) => (
          <Col key={row.id} xs={24} md={12}>
            <Card size="small" style={{ height: '100%' }} data-testid={`deduction-card-${row.id}`}>
              <Flex justify="space-between" gap={12}>
                <Flex vertical gap={4} style={{ minWidth: 0 }}>
                  <Flex gap={8} align="center" wrap>
                    <Typography.Text strong>{customerLink(row)}</Typography.Text>
                    <DeductionStatusTag deduction={row} />
                    <Typography.Text type="secondary">{formatDateTime(row.performed_at, 'HH:mm')}</Typography.Text>
                  </Flex>
                  <span>
                    {row.item_name} × {row.quantity}
                    {row.card_name && <Typography.Text type="secondary"> · {row.card_name}</Typography.Text>}
                  </span>
                  <OperatorList operators={row.operators} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {row.number}
                    {row.status === 'reversed' && ` · ${row.reversal_reason}`}
                  </Typography.Text>
                  {reverseButton(row, true) && <div>{reverseButton(row, true)}</div>}
                </Flex>
                <SignatureImage deduction={row} height={mode === 'phone' ? 40 : 56} />
              </Flex>
            </Card>
          </Col>
        ))}
      </Row>
      {count > page.page_size && (
        <Pagination align="center" simple current={page.page} pageSize={page.page_size} total={count} onChange={(next) => setPage({ ...page, page: next })} />
      )}
    </Flex>
  );

  return (
    <PageContainer
      title={t('menu.treatment.today')}
      extra={
        access.canAddDeduction && (
          <Link to="/treatment/deduct">
            <Button type="primary" size={mode === 'phone' ? 'middle' : 'large'}>
              {t('menu.treatment.deduct')}
            </Button>
          </Link>
        )
      }
    >
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Flex gap={8} wrap align="center">
            <DatePicker
              value={dayjs(date)}
              allowClear={false}
              onChange={(next) => {
                if (next) show({ date: next.format('YYYY-MM-DD') });
              }}
              disabledDate={(current) => current.isAfter(clinicNow(), 'day')}
              data-testid="deductions-date"
            />
            <Segmented<Whose>
              value={whose}
              onChange={(next) => show({ whose: next })}
              options={[
                { value: 'all', label: t('pages.treatment.today.all') },
                { value: 'mine', label: t('pages.treatment.today.mine') },
              ]}
            />
          </Flex>
          <Button type="text" icon={<ReloadOutlined spin={list.isFetching} />} aria-label={t('common.retry')} onClick={() => void list.refetch()} />
        </Flex>
        {mode === 'desktop' ? (
          <Table<Deduction>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('pages.treatment.today.empty')} /> }}
            pagination={serverPagination(page, count, setPage, t)}
            data-testid="deductions-today"
          />
        ) : (
          cards
        )}
      </Flex>
      {reversing && <ReverseDeductionModal deduction={reversing} onClose={() => setReversing(null)} />}
    </PageContainer>
  );
}
