/**
 * Money on the client: the API sends yuan as strings ("1280.00"). Never do arithmetic on floats — parse
 * to integer cents, add and subtract integers, and turn them back into the API's string.
 */

/** Integer cents of a yuan amount ("1280.5" → 128050); null when the text is not an amount. */
export function toCents(amount: string | number | null | undefined): number | null {
  if (amount === null || amount === undefined) return null;
  const text = String(amount).trim().replace(/,/g, '');
  const match = /^(-)?(\d+)(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return null;
  const [, minus, whole, fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return null;
  return minus && cents !== 0 ? -cents : cents;
}

/** The API's amount string of integer cents (128050 → "1280.50"). */
export function centsToAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(Math.trunc(cents));
  const fraction = String(absolute % 100).padStart(2, '0');
  return `${sign}${Math.floor(absolute / 100)}.${fraction}`;
}

/** The sum of amounts as the API's string; blanks and non-amounts count as zero. */
export function sumAmounts(amounts: readonly (string | number | null | undefined)[]): string {
  return centsToAmount(amounts.reduce<number>((total, amount) => total + (toCents(amount) ?? 0), 0));
}

/** ¥1,280.00 (negative: -¥30.00); a dash for no amount. Formatting only: digits are grouped from the string. */
export function formatMoney(amount: string | number | null | undefined): string {
  const cents = toCents(amount);
  if (cents === null) return '—';
  const text = centsToAmount(Math.abs(cents));
  const [whole, fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}¥${grouped}.${fraction}`;
}

/** A form input (number or text) as the API's amount string; empty stays empty so the server names the field. */
export function inputToAmount(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const cents = toCents(typeof value === 'number' ? value.toFixed(2) : value);
  return cents === null ? String(value) : centsToAmount(cents);
}

/** A rate typed as a fraction ("0.85"), 折 ("8.5") or a percentage ("85"): the API's rate string ("0.85"), or
 * null when it is not a rate in (0, 1]. Worked in ten-thousandths, never in floats. */
export function discountRateOf(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const match = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(String(value).trim());
  if (!match) return null;
  const [, whole, fraction = ''] = match;
  let units = Number(whole) * 10000 + Number(fraction.padEnd(4, '0')); // the value × 10 000
  const wholeNumber = Number(whole);
  if (wholeNumber >= 10) units = Math.round(units / 100); // percentage
  else if (wholeNumber > 1 || (wholeNumber === 1 && units > 10000)) units = Math.round(units / 10); // 折
  if (units <= 0 || units > 10000) return null;
  return `${Math.floor(units / 10000)}.${String(units % 10000).padStart(4, '0')}`.replace(/\.?0+$/, '');
}
