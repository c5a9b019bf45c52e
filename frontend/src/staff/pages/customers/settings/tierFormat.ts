/**
 * How a tier's discount rate reads. Chinese clinics say "95 折" (pay 95 %) and "9 折" (pay 90 %); English
 * readers expect "5% off". The number differs by language, so the figure is worked out here and the locale
 * only adds the unit.
 */
import type { Language } from '@/locales';

const trim = (value: number) => String(Number(value.toFixed(2)));

/** The figure before 折 (zh) or before "% off" (en); null when the rate is no discount or not a number. */
export function discountFigure(rate: string | number | null | undefined, language: Language): string | null {
  const value = typeof rate === 'string' ? Number(rate) : rate;
  if (value === null || value === undefined || !Number.isFinite(value) || value <= 0) return null;
  const thousandths = Math.round(value * 1000);
  if (thousandths >= 1000) return null;
  if (language === 'en-US') return trim((1000 - thousandths) / 10);
  // 0.9 → 9, 0.95 → 95, 0.955 → 95.5; below 1 折 the decimal form (0.05 → 0.5) avoids reading as 5 折.
  if (thousandths % 100 === 0) return String(thousandths / 100);
  if (thousandths < 100) return trim(thousandths / 100);
  return trim(thousandths / 10);
}
