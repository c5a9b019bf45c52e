import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, type ButtonProps, Checkbox, Descriptions, Divider, Flex, Input, InputNumber, Modal, Select, Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { formatMoney, inputToAmount, sumAmounts, toCents } from '../../../../utils/money';
import { AmountInput } from '../../components/AmountInput';
import { useIdempotencyKey } from '../../components/useIdempotencyKey';
import { spreadRefund } from '../../cashier/paymentMath';
import { createRefund, getRefundable, salesKeys, usePaymentModes, type Refund } from '../../service';

interface LineChoice {
  checked: boolean;
  quantity: number;
  amount: string;
  card: number | null;
}

/**
 * 申请退款 of a settled order: which lines (and how many, or which card), and back through which modes —
 * each mode at most what it paid. The request waits for a supervisor's approval, which executes it.
 */
export function RefundRequestModal({ order, onClose, onDone }: { order: { id: number; number: string }; onClose: () => void; onDone?: (refund: Refund) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const phone = useLayoutMode() === 'phone';
  const [key] = useIdempotencyKey();
  const modes = usePaymentModes();
  const refundable = useQuery({ queryKey: salesKeys.refundable(order.id), queryFn: () => getRefundable(order.id) });
  const [choices, setChoices] = useState<Record<number, LineChoice>>({});
  const [reason, setReason] = useState('');

  const lines = useMemo(() => (refundable.data?.lines ?? []).filter((row) => row.quantity > 0 || row.cards.length > 0), [refundable.data]);
  const refundModes = useMemo(() => refundable.data?.modes ?? [], [refundable.data]);
  const total = sumAmounts(Object.values(choices).filter((c) => c.checked).map((c) => c.amount));
  // The modes follow the lines: the total spread over them in order until the user types their own.
  const [typedAmounts, setTypedAmounts] = useState<string[] | null>(null);
  const amounts = typedAmounts ?? spreadRefund(total, refundModes.map((mode) => mode.amount));
  const entered = sumAmounts(amounts);
  const modeName = (id: number) => modes.data?.find((mode) => mode.id === id)?.name ?? `#${id}`;

  const choose = (lineId: number, patch: Partial<LineChoice>, fallback: LineChoice) =>
    setChoices((current) => ({ ...current, [lineId]: { ...(current[lineId] ?? fallback), ...patch } }));

  const save = useMutation({
    mutationFn: () =>
      createRefund(
        {
          order: order.id,
          lines: Object.entries(choices)
            .filter(([, c]) => c.checked)
            .map(([line, c]) => ({ line: Number(line), quantity: c.quantity, amount: inputToAmount(c.amount), ...(c.card ? { card: c.card } : {}) })),
          entries: refundModes
            .map((mode, index) => ({ mode: mode.mode, amount: inputToAmount(amounts[index]), reference: '', ...(mode.card ? { card: mode.card } : {}) }))
            .filter((entry) => (toCents(entry.amount) ?? 0) > 0),
          reason: reason.trim(),
        },
        key,
      ),
    onSuccess: async (refund) => {
      void message.success(t('pages.sales.refund.requested', { number: refund.number }));
      await queryClient.invalidateQueries({ queryKey: ['sales'] });
      onDone?.(refund);
      onClose();
    },
  });

  const chosen = Object.values(choices).some((c) => c.checked);
  return (
    <Modal
      open
      title={t('pages.sales.refund.requestTitle', { number: order.number })}
      width={phone ? '100%' : 680}
      okText={t('pages.sales.refund.submit')}
      okButtonProps={{ disabled: !chosen || !reason.trim() || toCents(entered) !== toCents(total), 'data-testid': 'refund-submit' } as ButtonProps}
      confirmLoading={save.isPending}
      onOk={() => save.mutate()}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      data-testid="refund-modal"
    >
      {refundable.isPending ? (
        <Skeleton active />
      ) : lines.length === 0 ? (
        <Alert type="info" title={t('pages.sales.refund.nothing')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t('pages.sales.refund.paid', { amount: formatMoney(refundable.data?.paid_amount) })}
          </Typography.Paragraph>
          <Flex vertical gap={8}>
            {lines.map((row, index) => {
              const fallback: LineChoice = { checked: false, quantity: row.quantity || 1, amount: row.amount, card: null };
              const choice = choices[row.line.id] ?? fallback;
              const isCard = row.cards.length > 0;
              return (
                <div key={row.line.id} style={{ border: '1px solid rgba(5,5,5,0.06)', borderRadius: 8, padding: 8 }} data-testid={`refund-line-${index}`}>
                  <Checkbox
                    checked={choice.checked}
                    onChange={(event) =>
                      choose(row.line.id, { checked: event.target.checked, card: isCard ? (choice.card ?? row.cards[0].card) : null, amount: isCard ? row.cards[0].amount : choice.amount }, fallback)
                    }
                  >
                    {row.line.name} · {t('pages.sales.refund.max', { quantity: row.quantity, amount: formatMoney(row.amount) })}
                  </Checkbox>
                  {choice.checked && (
                    <Flex gap={8} wrap style={{ marginTop: 8 }}>
                      {isCard ? (
                        <Select
                          value={choice.card}
                          onChange={(card) => choose(row.line.id, { card, quantity: 1, amount: row.cards.find((c) => c.card === card)?.amount ?? '' }, fallback)}
                          options={row.cards.map((c) => ({ value: c.card, label: `${c.name} · ${formatMoney(c.amount)}` }))}
                          style={{ flex: '1 1 200px' }}
                        />
                      ) : (
                        <InputNumber
                          min={1}
                          max={row.quantity}
                          precision={0}
                          value={choice.quantity}
                          onChange={(quantity) => choose(row.line.id, { quantity: quantity ?? 1 }, fallback)}
                          addonBefore={t('pages.sales.refund.quantity')}
                          style={{ width: 160 }}
                        />
                      )}
                      <div style={{ flex: '1 1 140px' }}>
                        <AmountInput value={choice.amount} onChange={(amount) => choose(row.line.id, { amount }, fallback)} data-testid={`refund-line-${index}-amount`} />
                      </div>
                    </Flex>
                  )}
                </div>
              );
            })}
          </Flex>
          <Divider titlePlacement="start">{t('pages.sales.refund.modes')}</Divider>
          <Flex vertical gap={8}>
            {refundModes.map((mode, index) => (
              <Flex key={`${mode.mode}-${mode.card ?? 0}`} gap={8} align="center" wrap>
                <Typography.Text style={{ flex: '1 1 160px' }}>
                  {modeName(mode.mode)} · {t('pages.sales.refund.modeMax', { amount: formatMoney(mode.amount) })}
                </Typography.Text>
                <div style={{ flex: '1 1 140px' }}>
                  <AmountInput
                    value={amounts[index]}
                    onChange={(value) => setTypedAmounts(amounts.map((amount, at) => (at === index ? value : amount)))}
                    data-testid={`refund-mode-${index}`}
                  />
                </div>
              </Flex>
            ))}
          </Flex>
          <Descriptions size="small" column={phone ? 1 : 2} style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('pages.sales.refund.total')}>
              <span data-testid="refund-total">{formatMoney(total)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('pages.sales.refund.entered')}>{formatMoney(entered)}</Descriptions.Item>
          </Descriptions>
          {toCents(entered) !== toCents(total) && <Alert type="warning" showIcon title={t('pages.sales.refund.mismatch')} />}
          <Input.TextArea
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            maxLength={200}
            placeholder={t('pages.sales.refund.reason')}
            autoSize={{ minRows: 2 }}
            style={{ marginTop: 12 }}
            data-testid="refund-reason"
          />
        </>
      )}
    </Modal>
  );
}
