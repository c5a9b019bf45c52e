/** Key figures of the 360° view as text. Values arrive as strings (amounts are decimals, never floats). */
import type { OverviewFigure } from '../shared/service';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "12345.6" → "¥12,345.60"; the string is never turned into a float, so no cent is lost or invented. */
export function formatAmount(value: string): string {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) return value;
  const [, sign, whole, fraction = ''] = match;
  return `${sign}¥${groupThousands(whole)}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}

/** The figure's value as shown, or null when there is none yet (e.g. never visited). */
export function formatFigure(figure: Pick<OverviewFigure, 'kind' | 'value'>): string | null {
  const { value } = figure;
  if (value === null || value === undefined || value === '') return null;
  switch (figure.kind) {
    case 'amount':
      return formatAmount(value);
    case 'date':
      return value.slice(0, 10);
    case 'number':
    default:
      return /^-?\d+$/.test(value) ? groupThousands(value) : value;
  }
}
