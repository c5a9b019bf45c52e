/** Words and colours for the sales codes in the console's language. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import type { OrderStatus } from '../service';

const ORDER_COLORS: Record<OrderStatus, string> = {
  pending: 'orange',
  partially_paid: 'gold',
  paid: 'green',
  partially_refunded: 'purple',
  refunded: 'default',
  void: 'default',
};

const REFUND_COLORS: Record<string, string> = { pending: 'orange', done: 'green', rejected: 'default' };
const APPROVAL_COLORS: Record<string, string> = { none: 'default', pending: 'orange', approved: 'green', rejected: 'red' };

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return <Tag color={ORDER_COLORS[status]}>{t(`pages.sales.orderStatus.${status}`)}</Tag>;
}

export function RefundStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = status === 'pending' || status === 'done' || status === 'rejected';
  return <Tag color={REFUND_COLORS[status]}>{known ? t(`pages.sales.refundStatus.${status}`) : status}</Tag>;
}

export function DiscountStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  if (status === 'none') return null;
  const known = status === 'pending' || status === 'approved' || status === 'rejected';
  return <Tag color={APPROVAL_COLORS[status]}>{known ? t(`pages.sales.discountStatus.${status}`) : status}</Tag>;
}

/** The kind of an order line: 项目 / 商品 / 卡项. */
export function useLineKindLabel() {
  const { t } = useTranslation();
  return (kind: string) =>
    kind === 'item' || kind === 'product' || kind === 'card' ? t(`pages.sales.lineKind.${kind}`) : kind;
}

/** A rate as the Chinese 折 (0.85 → 8.5折) or a percentage in English (85%). */
export function useRateLabel() {
  const { t, i18n } = useTranslation();
  return (rate: string | null | undefined) => {
    if (rate === null || rate === undefined || rate === '') return '—';
    // Display only: ten-thousandths as integers, trailing zeros dropped.
    const units = Math.round(Number(rate) * 10000);
    const zh = i18n.language.startsWith('zh');
    const value = zh ? units / 1000 : units / 100;
    return t('pages.sales.rate', { value: Number(value.toFixed(2)) });
  };
}
