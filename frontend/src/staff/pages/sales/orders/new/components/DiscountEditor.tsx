import { Flex, Input, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';

import type { DiscountDraft, DiscountMode } from '../orderDraft';

interface DiscountEditorProps {
  value: DiscountDraft;
  onChange: (next: DiscountDraft) => void;
  testId?: string;
}

/** A manual discount: none, a rate (typed as 0.85, 8.5 折 or 85 %) or an amount off, with its reason. */
export function DiscountEditor({ value, onChange, testId }: DiscountEditorProps) {
  const { t } = useTranslation();
  const modes: { value: DiscountMode; label: string }[] = [
    { value: 'none', label: t('pages.sales.order.discount.none') },
    { value: 'rate', label: t('pages.sales.order.discount.rate') },
    { value: 'amount', label: t('pages.sales.order.discount.amount') },
  ];
  return (
    <Flex gap={8} wrap align="center" data-testid={testId}>
      <Segmented<DiscountMode>
        size="small"
        options={modes}
        value={value.mode}
        onChange={(mode) => onChange({ ...value, mode, value: mode === value.mode ? value.value : '' })}
      />
      {value.mode !== 'none' && (
        <>
          <Input
            size="small"
            inputMode="decimal"
            value={value.value}
            onChange={(event) => onChange({ ...value, value: event.target.value })}
            placeholder={t(value.mode === 'rate' ? 'pages.sales.order.discount.rate.placeholder' : 'pages.sales.order.discount.amount.placeholder')}
            prefix={value.mode === 'amount' ? '¥' : undefined}
            style={{ width: 120 }}
            data-testid={testId ? `${testId}-value` : undefined}
          />
          <Input
            size="small"
            value={value.reason}
            maxLength={200}
            onChange={(event) => onChange({ ...value, reason: event.target.value })}
            placeholder={t('pages.sales.order.discount.reason')}
            style={{ flex: '1 1 140px', minWidth: 120 }}
          />
        </>
      )}
    </Flex>
  );
}
