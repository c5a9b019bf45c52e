import { Input } from 'antd';
import type { ReactNode } from 'react';

interface AmountInputProps {
  value?: string;
  onChange?: (value: string) => void;
  placeholder?: string;
  suffix?: ReactNode;
  id?: string;
  'data-testid'?: string;
}

/** A yuan amount typed as text (kept as a string, never a float); the decimal keypad on phones. */
export function AmountInput({ value, onChange, placeholder, suffix, id, ...rest }: AmountInputProps) {
  return (
    <Input
      id={id}
      prefix="¥"
      inputMode="decimal"
      value={value ?? ''}
      placeholder={placeholder}
      suffix={suffix}
      onChange={(event) => onChange?.(event.target.value.replace(/[^\d.]/g, ''))}
      data-testid={rest['data-testid']}
    />
  );
}

/** A form rule: a positive amount with at most two decimals. */
export const AMOUNT_PATTERN = /^\d+(\.\d{1,2})?$/;
