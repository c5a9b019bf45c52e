/** Yuan amounts: strings from the API ("1280.00"), numbers in form inputs, one way to show them. */

/** ¥1,280.00 — or ¥1,280 with `compact` when there are no cents (the handbook's price tags). */
export function formatYuan(amount: string | number | null | undefined, { compact = false } = {}): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const value = Number(amount);
  if (!Number.isFinite(value)) return '—';
  const cents = Math.round(value * 100) % 100 !== 0;
  const digits = compact && !cents ? 0 : 2;
  return `¥${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** A form's number as the API's amount string ("1280.00"); empty stays empty so the server names the field. */
export function toAmount(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const number = Number(value);
  return Number.isFinite(number) ? number.toFixed(2) : String(value);
}

/** An API amount or quantity as a form number (undefined when absent). */
export function toNumber(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** A tier's discount rate as the Chinese 折 (0.95 → 9.5折) or a percentage in English (95%). */
export function discountLabel(rate: string | number, language: string): string {
  const value = Number(rate);
  if (!Number.isFinite(value) || value >= 1) return '';
  if (language.startsWith('zh')) return `${Number((value * 10).toFixed(2))}折`;
  return `${Number((value * 100).toFixed(1))}%`;
}
