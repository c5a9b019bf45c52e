import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Flex, Form, Input, Radio, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { useMe } from '../../../../session/useMe';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { SignaturePad } from '../../components/SignaturePad';
import { choiceItemsOf, entitlementTitle, maxQuantity } from '../../entitlements';
import { newIdempotencyKey } from '../../idempotency';
import { buildOperators, defaultSelection, type OperatorSelection } from '../../operators';
import {
  createDeduction,
  getEntitlement,
  listOperatorOptions,
  treatmentKeys,
  type Deduction,
  type Entitlement,
} from '../../service';
import { OperatorPicker } from './OperatorPicker';
import { QuantityStepper } from './QuantityStepper';

interface DeductionValues {
  item?: number;
  quantity: number;
  operators: OperatorSelection;
  signature: string | null;
  note?: string;
}

export interface DeductionOutcome {
  deduction: Deduction;
  /** The entitlement after the deduction (sessions left); null if it could not be read back. */
  entitlement: Entitlement | null;
}

interface DeductionFormProps {
  customerId: number;
  visitId: number | null;
  entitlement: Entitlement;
  onDone: (outcome: DeductionOutcome) => void;
}

/** Step three: item (N-choose-M), sessions, operators, then the customer signs and the nurse confirms. */
export function DeductionForm({ customerId, visitId, entitlement, onDone }: DeductionFormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mode = useLayoutMode();
  const me = useMe().data;
  const [form] = Form.useForm<DeductionValues>();
  // One key per opened form: a retry after a timeout replays the first answer instead of deducting twice.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const operatorOptions = useQuery({ queryKey: treatmentKeys.operatorOptions, queryFn: listOperatorOptions, staleTime: 5 * 60_000 });
  const choices = useMemo(() => choiceItemsOf(entitlement), [entitlement]);
  const chosenItem = Form.useWatch('item', form);
  const choice = choices.find((row) => row.item === chosenItem) ?? null;
  const max = maxQuantity(entitlement, choice);

  const save = useMutation({
    mutationFn: async (values: DeductionValues) => {
      const deduction = await createDeduction(
        {
          customer: customerId,
          entitlement: entitlement.id,
          item: entitlement.is_choice ? (values.item ?? null) : undefined,
          quantity: values.quantity,
          operators: buildOperators(values.operators, operatorOptions.data ?? []),
          signature: values.signature ?? '',
          visit: visitId ?? undefined,
          note: values.note?.trim() ?? '',
        },
        idempotencyKey,
      );
      const after = await getEntitlement(entitlement.id).catch(() => null);
      return { deduction, entitlement: after };
    },
    onSuccess: async (outcome) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['sales'] }),
        queryClient.invalidateQueries({ queryKey: ['customers'] }),
      ]);
      onDone(outcome);
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  // Stacked under the entitlements on an iPad or phone: bring the form into view when a card is picked.
  const frame = useRef<HTMLDivElement>(null);
  const stacked = mode !== 'desktop';
  useEffect(() => {
    if (stacked) frame.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [stacked]);

  const padHeight = mode === 'phone' ? 200 : 260;
  return (
    <div ref={frame}>
      <Card size="small" title={t('pages.treatment.deduct.formTitle', { name: entitlementTitle(entitlement) })} data-testid="deduct-form">
        <Form<DeductionValues>
          form={form}
          layout="vertical"
          size="large"
          initialValues={{ quantity: 1, operators: defaultSelection(me), signature: null }}
          onFinish={(values) => save.mutate(values)}
          scrollToFirstError
          disabled={save.isPending}
        >
          {entitlement.is_choice && (
            <Form.Item
              name="item"
              label={t('pages.treatment.deduct.item')}
              rules={[{ required: true, message: t('pages.treatment.deduct.itemRequired') }]}
            >
              <Radio.Group optionType="button" buttonStyle="solid" data-testid="deduct-item">
                {choices.map((row) => (
                  <Radio.Button key={row.item} value={row.item} style={{ minHeight: 44, lineHeight: '42px', marginBottom: 8 }}>
                    {row.name}
                    {row.cap !== null && (
                      <Typography.Text type="secondary" style={{ marginInlineStart: 4, color: 'inherit', opacity: 0.7 }}>
                        {t('pages.treatment.deduct.cap', { count: row.cap })}
                      </Typography.Text>
                    )}
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
          )}
          <Form.Item
            name="quantity"
            label={t('pages.treatment.deduct.quantity', { left: entitlement.sessions_remaining })}
            rules={[{ required: true, type: 'integer', min: 1, max, message: t('pages.treatment.deduct.quantityRange', { max }) }]}
          >
            <QuantityStepper max={max} />
          </Form.Item>
          <Form.Item
            name="operators"
            label={t('pages.treatment.deduct.operators')}
            rules={[
              {
                validator: (_, value: OperatorSelection | undefined) =>
                  Object.values(value ?? {}).some(Boolean)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('pages.treatment.deduct.operatorsRequired'))),
              },
            ]}
          >
            <OperatorPicker options={operatorOptions.data ?? []} loading={operatorOptions.isPending} />
          </Form.Item>
          <Form.Item name="note" label={t('pages.treatment.deduct.note')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="signature"
            label={t('pages.treatment.deduct.signature')}
            extra={t('pages.treatment.deduct.signatureHelp')}
            rules={[{ required: true, message: t('pages.treatment.deduct.signatureRequired') }]}
            valuePropName="data-signature"
          >
            <SignaturePad height={padHeight} onChange={() => undefined} disabled={save.isPending} />
          </Form.Item>
          <Flex justify="flex-end">
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              block={mode !== 'desktop'}
              loading={save.isPending}
              style={{ minHeight: 52, minWidth: 200 }}
              data-testid="deduct-submit"
            >
              {t('pages.treatment.deduct.submit')}
            </Button>
          </Flex>
        </Form>
      </Card>
    </div>
  );
}
