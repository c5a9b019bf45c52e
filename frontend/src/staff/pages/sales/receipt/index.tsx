import { ArrowLeftOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Divider, Result, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { formatMoney, toCents } from '../../../utils/money';
import { formatDateTime } from '../../../utils/time';
import '../components/print.css';
import { getReceipt, receiptPdfUrl, salesKeys } from '../service';

/** 收据: the payment's receipt, printable with the browser (print.css prints it alone) or as the server's PDF. */
export default function ReceiptPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id) || 0;
  const receipt = useQuery({ queryKey: salesKeys.receipt(id), queryFn: () => getReceipt(id), enabled: id > 0 });
  const data = receipt.data;

  const actions = (
    <>
      <Button className="sales-no-print" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/sales/cashier')}>
        {t('pages.sales.receipt.back')}
      </Button>
      <Button className="sales-no-print" icon={<FilePdfOutlined />} href={receiptPdfUrl(id)} target="_blank" data-testid="receipt-pdf">
        {t('pages.sales.receipt.pdf')}
      </Button>
      <Button className="sales-no-print" type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="receipt-print">
        {t('pages.sales.receipt.print')}
      </Button>
    </>
  );

  if (receipt.isError) {
    return (
      <PageContainer title={t('menu.sales.receipt')}>
        <Result status="warning" title={t('pages.sales.receipt.loadFailed')} />
      </PageContainer>
    );
  }
  return (
    <PageContainer title={t('menu.sales.receipt')} extra={actions}>
      {!data ? (
        <Skeleton active />
      ) : (
        <div className="sales-printable" data-testid="receipt">
          <Typography.Title level={4} style={{ textAlign: 'center', marginBottom: 0 }}>
            {data.hospital}
          </Typography.Title>
          <Typography.Title level={5} style={{ textAlign: 'center', marginTop: 4 }}>
            {data.title}
          </Typography.Title>
          <table>
            <tbody>
              <tr>
                <td>{t('pages.sales.receipt.number')}</td>
                <td className="num" data-testid="receipt-number">{data.number}</td>
              </tr>
              {data.order_number && (
                <tr>
                  <td>{t('pages.sales.receipt.order')}</td>
                  <td className="num">{data.order_number}</td>
                </tr>
              )}
              <tr>
                <td>{t('pages.sales.receipt.customer')}</td>
                <td className="num">
                  {data.customer_name} {data.customer_phone}
                </td>
              </tr>
              <tr>
                <td>{t('pages.sales.receipt.paidAt')}</td>
                <td className="num">{formatDateTime(data.paid_at)}</td>
              </tr>
            </tbody>
          </table>
          {data.lines.length > 0 && (
            <>
              <Divider style={{ margin: '8px 0' }} />
              <table data-testid="receipt-lines">
                <thead>
                  <tr>
                    <th>{t('pages.sales.col.line')}</th>
                    <th className="num">{t('pages.sales.order.quantity')}</th>
                    <th className="num">{t('pages.sales.receipt.unitPrice')}</th>
                    <th className="num">{t('pages.sales.col.lineTotal')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.lines.map((line, index) => (
                    <tr key={index}>
                      <td>{line.name}</td>
                      <td className="num">
                        {line.quantity}
                        {line.unit}
                      </td>
                      <td className="num">{formatMoney(line.unit_price_amount)}</td>
                      <td className="num">{formatMoney(line.total_amount)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <Divider style={{ margin: '8px 0' }} />
          <table data-testid="receipt-entries">
            <tbody>
              {data.order_total_amount && (
                <tr>
                  <td>{t('pages.sales.receipt.orderTotal')}</td>
                  <td className="num">{formatMoney(data.order_total_amount)}</td>
                </tr>
              )}
              {data.entries.map((entry, index) => (
                <tr key={index}>
                  <td>
                    {entry.mode}
                    {entry.reference && <Typography.Text type="secondary"> {entry.reference}</Typography.Text>}
                    {entry.tendered_amount && (
                      <Typography.Text type="secondary"> ({t('pages.sales.receipt.tendered', { amount: formatMoney(entry.tendered_amount) })})</Typography.Text>
                    )}
                  </td>
                  <td className="num">{formatMoney(entry.amount)}</td>
                </tr>
              ))}
              <tr>
                <td>
                  <strong>{t('pages.sales.receipt.total')}</strong>
                </td>
                <td className="num" data-testid="receipt-total">
                  <strong>{formatMoney(data.total_amount)}</strong>
                </td>
              </tr>
              {toCents(data.change_amount) !== 0 && (
                <tr>
                  <td>{t('pages.sales.pay.change')}</td>
                  <td className="num" data-testid="receipt-change">{formatMoney(data.change_amount)}</td>
                </tr>
              )}
              {data.debt_amount && toCents(data.debt_amount) !== 0 && (
                <tr>
                  <td>{t('pages.sales.col.debt')}</td>
                  <td className="num">{formatMoney(data.debt_amount)}</td>
                </tr>
              )}
            </tbody>
          </table>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
            {t('pages.sales.receipt.footer', { cashier: data.cashier, printed: formatDateTime(data.printed_at) })}
          </Typography.Paragraph>
        </div>
      )}
    </PageContainer>
  );
}
