import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Flex, Skeleton, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { formatMoney } from '../../../utils/money';
import { withParams } from '../../../utils/queryParams';
import { clinicNow, formatDateTime } from '../../../utils/time';
import { StaffSelect } from '../../customers/shared/StaffSelect';
import '../components/print.css';
import { getDayEnd, salesKeys } from '../service';
import { readDayEndView, writeDayEndView, type DayEndView } from './viewState';

/** 日结: a day's takings by payment mode, for one cashier or the whole desk (`?date=`, `?cashier=`); printable. */
export default function DayEndPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const today = clinicNow().format('YYYY-MM-DD');
  const view = useMemo(() => readDayEndView(params, today), [params, today]);
  const { date, cashier } = view;
  const show = (next: Partial<DayEndView>) =>
    setParams((current) => withParams(current, writeDayEndView({ ...view, ...next }, today)), { replace: true });
  const report = useQuery({ queryKey: salesKeys.dayEnd(date, cashier), queryFn: () => getDayEnd(date, cashier) });
  const data = report.data;

  return (
    <PageContainer
      title={t('menu.sales.dayEnd')}
      extra={
        <Button className="sales-no-print" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="dayend-print">
          {t('pages.sales.receipt.print')}
        </Button>
      }
    >
      <Flex gap={8} wrap className="sales-no-print" style={{ marginBottom: 16 }}>
        <DatePicker
          value={dayjs(date)}
          onChange={(value) => show({ date: value ? value.format('YYYY-MM-DD') : today })}
          allowClear={false}
          inputReadOnly
          disabledDate={(value) => value.isAfter(clinicNow(), 'day')}
          data-testid="dayend-date"
        />
        <div style={{ flex: '0 1 260px', minWidth: 200 }}>
          <StaffSelect position="" value={cashier} onChange={(value) => show({ cashier: (value as number | null) ?? null })} placeholder={t('pages.sales.dayEnd.allCashiers')} />
        </div>
      </Flex>
      {!data ? (
        <Skeleton active />
      ) : (
        <div className="sales-printable" style={{ maxWidth: 720 }} data-testid="dayend">
          <Typography.Title level={5} style={{ textAlign: 'center' }}>
            {t('pages.sales.dayEnd.heading', { date: dayjs(data.date).format('YYYY-MM-DD') })}
          </Typography.Title>
          <table data-testid="dayend-modes">
            <thead>
              <tr>
                <th>{t('pages.sales.pay.mode')}</th>
                <th className="num">{t('pages.sales.dayEnd.received')}</th>
                <th className="num">{t('pages.sales.dayEnd.refunded')}</th>
                <th className="num">{t('pages.sales.dayEnd.net')}</th>
                <th className="num sales-narrow-hide">{t('pages.sales.dayEnd.count')}</th>
              </tr>
            </thead>
            <tbody>
              {data.modes.map((mode) => (
                <tr key={mode.mode_id} data-testid={`dayend-mode-${mode.mode_kind}`}>
                  <td>{mode.mode_name}</td>
                  <td className="num">{formatMoney(mode.received_amount)}</td>
                  <td className="num">{formatMoney(mode.refunded_amount)}</td>
                  <td className="num">{formatMoney(mode.net_amount)}</td>
                  <td className="num sales-narrow-hide">
                    {mode.received_count} / {mode.refunded_count}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table style={{ marginTop: 12 }}>
            <tbody>
              <tr>
                <td>{t('pages.sales.dayEnd.receivedTotal')}</td>
                <td className="num" data-testid="dayend-received">{formatMoney(data.received_amount)}</td>
              </tr>
              <tr>
                <td>{t('pages.sales.dayEnd.refundedTotal')}</td>
                <td className="num" data-testid="dayend-refunded">{formatMoney(data.refunded_amount)}</td>
              </tr>
              <tr>
                <td>
                  <strong>{t('pages.sales.dayEnd.netTotal')}</strong>
                </td>
                <td className="num" data-testid="dayend-net">
                  <strong>{formatMoney(data.net_amount)}</strong>
                </td>
              </tr>
              <tr>
                <td>{t('pages.sales.dayEnd.cash')}</td>
                <td className="num" data-testid="dayend-cash">{formatMoney(data.cash_expected_amount)}</td>
              </tr>
              <tr>
                <td>{t('pages.sales.dayEnd.change')}</td>
                <td className="num">{formatMoney(data.change_amount)}</td>
              </tr>
              <tr>
                <td>{t('pages.sales.dayEnd.counts')}</td>
                <td className="num">{t('pages.sales.dayEnd.countsValue', { payments: data.payment_count, refunds: data.refund_count })}</td>
              </tr>
            </tbody>
          </table>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
            {t('pages.sales.dayEnd.note')} · {formatDateTime(new Date().toISOString())}
          </Typography.Paragraph>
        </div>
      )}
    </PageContainer>
  );
}
