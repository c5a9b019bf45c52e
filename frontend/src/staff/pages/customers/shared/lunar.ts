/** Names of lunar-calendar months and days as a Chinese reader expects them (正月, 腊月; 初一, 廿九). */

const MONTHS = ['正', '二', '三', '四', '五', '六', '七', '八', '九', '十', '冬', '腊'];
const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function lunarMonthName(month: number): string {
  return `${MONTHS[month - 1] ?? month}月`;
}

export function lunarDayName(day: number): string {
  if (day <= 10) return `初${DIGITS[day]}`;
  if (day < 20) return `十${DIGITS[day - 10]}`;
  if (day === 20) return '二十';
  if (day < 30) return `廿${DIGITS[day - 20]}`;
  return '三十';
}

/** "闰四月初八", or "4/8 (leap)"-style text in English. */
export function lunarBirthday(month: number, day: number, leap: boolean, english: boolean): string {
  if (english) return `${month}/${day}${leap ? ' (leap month)' : ''}`;
  return `${leap ? '闰' : ''}${lunarMonthName(month)}${lunarDayName(day)}`;
}
