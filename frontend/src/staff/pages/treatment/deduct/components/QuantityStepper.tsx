import { MinusOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';

interface QuantityStepperProps {
  max: number;
  value?: number;
  onChange?: (value: number) => void;
}

/** Sessions to deduct, with buttons big enough for a finger. */
export function QuantityStepper({ max, value = 1, onChange }: QuantityStepperProps) {
  const { t } = useTranslation();
  const set = (next: number) => onChange?.(Math.min(Math.max(1, next), Math.max(1, max)));
  return (
    <Flex gap={8} align="center">
      <Button size="large" icon={<MinusOutlined />} disabled={value <= 1} onClick={() => set(value - 1)} aria-label={t('pages.treatment.deduct.less')} />
      <InputNumber
        size="large"
        min={1}
        max={Math.max(1, max)}
        precision={0}
        controls={false}
        value={value}
        onChange={(next) => set(Number(next ?? 1))}
        style={{ width: 72, textAlign: 'center' }}
        data-testid="deduct-quantity"
      />
      <Button size="large" icon={<PlusOutlined />} disabled={value >= max} onClick={() => set(value + 1)} aria-label={t('pages.treatment.deduct.more')} />
    </Flex>
  );
}
