/**
 * Client-side checks of a customer's identifiers, mirroring the server's rules so staff see a mistake
 * before they submit: mainland mobile numbers (+86 and spaces allowed) and resident ID numbers (GB 11643).
 */

const MOBILE = /^1[3-9]\d{9}$/;
const ID_SHAPE = /^\d{17}[\dX]$/;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARACTERS = '10X98765432';

/** Strips spaces, dashes, brackets and a +86 / 0086 / 86 prefix; what is left is what the server stores. */
export function normalizeMobile(raw: string): string {
  const digits = raw.replace(/[\s\-()]/g, '');
  for (const prefix of ['+86', '0086', '86']) {
    if (digits.startsWith(prefix) && digits.length === 11 + prefix.length) return digits.slice(prefix.length);
  }
  return digits;
}

export function isMainlandMobile(raw: string): boolean {
  return MOBILE.test(normalizeMobile(raw));
}

/** The 18th character of an ID number whose first 17 digits are given. */
export function idCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((total, digit, index) => total + Number(digit) * ID_WEIGHTS[index], 0);
  return ID_CHECK_CHARACTERS[sum % 11];
}

export type IdNumberProblem = 'shape' | 'checksum' | 'birthday';

export interface IdNumberInfo {
  number: string;
  /** YYYY-MM-DD */
  birthday: string;
  gender: 'male' | 'female';
}

export type IdNumberResult = { ok: true; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem };

/** Checks an 18-digit resident ID number (GB 11643-1999) and reads its birth date and gender. */
export function parseIdNumber(raw: string, today: Date = new Date()): IdNumberResult {
  const number = raw.trim().toUpperCase().replace(/\s/g, '');
  if (!ID_SHAPE.test(number)) return { ok: false, problem: 'shape' };
  if (idCheckCharacter(number.slice(0, 17)) !== number[17]) return { ok: false, problem: 'checksum' };
  const year = Number(number.slice(6, 10));
  const month = Number(number.slice(10, 12));
  const day = Number(number.slice(12, 14));
  const born = new Date(Date.UTC(year, month - 1, day));
  const real = born.getUTCFullYear() === year && born.getUTCMonth() === month - 1 && born.getUTCDate() === day;
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  if (!real || year < 1900 || born.getTime() > todayUtc) return { ok: false, problem: 'birthday' };
  return {
    ok: true,
    info: {
      number,
      birthday: `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`,
      gender: Number(number[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}
