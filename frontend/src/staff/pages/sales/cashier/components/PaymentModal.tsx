import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, type ButtonProps, Descriptions, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { useAccess } from '../../../../session/useMe';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { formatMoney, inputToAmount } from '../../../../utils/money';
import { customerKeys } from '../../../customers/shared/service';
import { AMOUNT_PATTERN, AmountInput } from '../../components/AmountInput';
import { useIdempotencyKey } from '../../components/useIdempotencyKey';
import {
  createPayment,
  getAssets,
  salesKeys,
  usePaymentModes,
  type ModeKind,
  type Payment,
  type PaymentMode,
} from '../../service';
import { remainderFor, summarizePayment } from '../paymentMath';

export type PaymentKind = 'sale' | 'repayment' | 'deposit';

interface EntryValues {
  mode?: number;
  amount?: string;
  reference?: string;
  card?: number | null;
}

interface PaymentModalProps {
  kind: PaymentKind;
  customer: { id: number; name: string };
  /** The order paid or repaid (sale, repayment). */
  order?: { id: number; number: string };
  /** What is due: the order's outstanding amount, or its debt; none for a deposit. */
  due?: string;
  onClose: () => void;
  onPaid: (payment: Payment) => void;
}

/** Which modes each kind of payment may use; the server refuses the others (`mode_not_allowed`). */
function allowed(kind: PaymentKind, mode: PaymentMode): boolean {
  if (!mode.is_active) return false;
  if (kind === 'deposit') return ['cash', 'wechat', 'alipay', 'bank_card', 'other'].includes(mode.kind);
  if (kind === 'repayment') return mode.kind !== 'debt';
  return true;
}

/**
 * 收款: several rows of modes. Cash shows the change; WeChat/Alipay/bank card ask for the transaction
 * reference; stored value picks the customer's card (principal/bonus shown); deposit shows the balance;
 * debt takes the rest. The figures are in integer cents and the server checks them again.
 */
export function PaymentModal({ kind, customer, order, due, onClose, onPaid }: PaymentModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const queryClient = useQueryClient();
  const phone = useLayoutMode() === 'phone';
  const [form] = Form.useForm<{ entries: EntryValues[]; note?: string }>();
  const [key] = useIdempotencyKey();
  const modes = usePaymentModes();
  const assets = useQuery({
    queryKey: salesKeys.assets(customer.id),
    queryFn: () => getAssets(customer.id),
    enabled: access.canViewAsset && kind !== 'deposit',
  });
  const usable = (modes.data ?? []).filter((mode) => allowed(kind, mode));
  const modeById = new Map(usable.map((mode) => [mode.id, mode]));
  const kindOf = (id: number | undefined): ModeKind | undefined => (id ? (modeById.get(id)?.kind as ModeKind) : undefined);
  const cards = (assets.data?.cards ?? []).filter((card) => card.kind === 'stored_value' && card.status === 'active');
  const entries = Form.useWatch('entries', form) ?? [];
  const drafts = entries.map((entry) => ({ kind: kindOf(entry?.mode), amount: entry?.amount }));
  const summary = due ? summarizePayment(due, drafts) : null;
  const cashMode = usable.find((mode) => mode.kind === 'cash');

  const pay = useMutation({
    mutationFn: (values: { entries: EntryValues[]; note?: string }) =>
      createPayment(
        {
          kind,
          ...(kind === 'deposit' ? { customer: customer.id } : { order: order?.id }),
          entries: values.entries.map((entry) => ({
            mode: entry.mode as number,
            amount: inputToAmount(entry.amount),
            reference: entry.reference?.trim() ?? '',
            ...(entry.card ? { card: entry.card } : {}),
          })),
          note: values.note?.trim() ?? '',
        },
        key,
      ),
    onSuccess: async (payment) => {
      void message.success(t('pages.sales.pay.done', { number: payment.number }));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['sales'] }),
        queryClient.invalidateQueries({ queryKey: customerKeys.overview(customer.id) }),
      ]);
      onPaid(payment);
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const fillRest = (index: number) => {
    if (!due) return;
    const others = entries.filter((_, at) => at !== index).map((entry) => ({ kind: kindOf(entry?.mode), amount: entry?.amount }));
    form.setFieldValue(['entries', index, 'amount'], remainderFor(due, others));
  };

  const title =
    kind === 'deposit'
      ? t('pages.sales.pay.depositTitle', { name: customer.name })
      : kind === 'repayment'
        ? t('pages.sales.pay.repayTitle', { number: order?.number ?? '' })
        : t('pages.sales.pay.title', { number: order?.number ?? '' });

  return (
    <Modal
      open
      title={title}
      width={phone ? '100%' : 640}
      okText={t('pages.sales.pay.submit')}
      okButtonProps={{ disabled: summary ? !summary.complete : false, 'data-testid': 'pay-submit' } as ButtonProps}
      confirmLoading={pay.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      data-testid="payment-modal"
    >
      {due && (
        <Descriptions size="small" column={phone ? 1 : 2} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('pages.sales.pay.customer')}>{customer.name}</Descriptions.Item>
          <Descriptions.Item label={t(kind === 'repayment' ? 'pages.sales.pay.debtDue' : 'pages.sales.pay.due')}>
            <Typography.Text strong style={{ fontSize: 18 }} data-testid="pay-due">
              {formatMoney(due)}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
      {modes.data && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ entries: [{ mode: cashMode?.id ?? usable[0]?.id, amount: due ?? '' }] }}
          onFinish={(values) => pay.mutate(values)}
        >
          <Form.List name="entries">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field, index) => {
                  const modeKind = kindOf(entries[index]?.mode);
                  const mode = entries[index]?.mode ? modeById.get(entries[index].mode as number) : undefined;
                  const card = cards.find((c) => c.id === entries[index]?.card);
                  return (
                    <div key={field.key} data-testid={`pay-row-${index}`} style={{ border: '1px solid rgba(5,5,5,0.06)', borderRadius: 8, padding: 8 }}>
                      <Flex gap={8} wrap align="start">
                        <Form.Item name={[field.name, 'mode']} rules={[{ required: true }]} style={{ flex: '1 1 140px', marginBottom: 0 }}>
                          <Select
                            options={usable.map((m) => ({ value: m.id, label: m.name }))}
                            placeholder={t('pages.sales.pay.mode')}
                            data-testid={`pay-row-${index}-mode`}
                          />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'amount']}
                          rules={[{ required: true, pattern: AMOUNT_PATTERN, message: t('pages.sales.pay.amountInvalid') }]}
                          style={{ flex: '1 1 140px', marginBottom: 0 }}
                        >
                          <AmountInput
                            placeholder={t(modeKind === 'cash' ? 'pages.sales.pay.tendered' : 'pages.sales.pay.amount')}
                            data-testid={`pay-row-${index}-amount`}
                          />
                        </Form.Item>
                        {due && (
                          <Button onClick={() => fillRest(index)} data-testid={`pay-row-${index}-rest`}>
                            {t('pages.sales.pay.rest')}
                          </Button>
                        )}
                        {fields.length > 1 && (
                          <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(field.name)} />
                        )}
                      </Flex>
                      {mode?.needs_reference && (
                        <Form.Item
                          name={[field.name, 'reference']}
                          rules={[{ required: true, whitespace: true, message: t('pages.sales.pay.referenceRequired') }]}
                          style={{ marginTop: 8, marginBottom: 0 }}
                        >
                          <Input maxLength={64} placeholder={t('pages.sales.pay.reference')} data-testid={`pay-row-${index}-reference`} />
                        </Form.Item>
                      )}
                      {modeKind === 'stored_value' && (
                        <Form.Item name={[field.name, 'card']} rules={[{ required: true, message: t('pages.sales.pay.cardRequired') }]} style={{ marginTop: 8, marginBottom: 0 }}>
                          <Select
                            placeholder={t('pages.sales.pay.card')}
                            notFoundContent={t('pages.sales.pay.noCards')}
                            options={cards.map((c) => ({
                              value: c.id,
                              label: `${c.name} · ${formatMoney(c.balance_amount)}${c.is_expired ? ` (${t('pages.sales.pay.expired')})` : ''}`,
                              disabled: c.is_expired,
                            }))}
                          />
                        </Form.Item>
                      )}
                      {modeKind === 'stored_value' && card && (
                        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
                          {t('pages.sales.pay.cardBalance', {
                            principal: formatMoney(card.principal_balance_amount),
                            bonus: formatMoney(card.bonus_balance_amount),
                          })}
                        </Typography.Text>
                      )}
                      {modeKind === 'deposit' && (
                        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }} data-testid="pay-deposit-balance">
                          {t('pages.sales.pay.depositBalance', { amount: formatMoney(assets.data?.deposit_amount ?? '0') })}
                        </Typography.Text>
                      )}
                      {modeKind === 'debt' && (
                        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
                          {t('pages.sales.pay.debtHint')}
                        </Typography.Text>
                      )}
                    </div>
                  );
                })}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => {
                    const rest = due ? remainderFor(due, drafts) : '';
                    add({ amount: rest === '0.00' ? '' : rest });
                  }}
                  data-testid="pay-add-row"
                >
                  {t('pages.sales.pay.addRow')}
                </Button>
              </Flex>
            )}
          </Form.List>
          <Form.Item name="note" label={t('pages.sales.pay.note')} style={{ marginTop: 12 }}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      )}
      {summary && (
        <Descriptions size="small" column={phone ? 1 : 3} bordered data-testid="pay-summary">
          <Descriptions.Item label={t('pages.sales.pay.entered')}>{formatMoney(summary.entered)}</Descriptions.Item>
          <Descriptions.Item label={t('pages.sales.pay.remainder')}>
            <span data-testid="pay-remainder">{formatMoney(summary.remainder)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('pages.sales.pay.change')}>
            <Typography.Text strong type={summary.change !== '0.00' ? 'warning' : undefined} data-testid="pay-change">
              {formatMoney(summary.change)}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
      {summary?.overpaid && <Alert type="error" showIcon title={t('pages.sales.pay.overpaid')} style={{ marginTop: 8 }} />}
    </Modal>
  );
}
