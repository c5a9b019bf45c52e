import { describe, expect, it } from 'vitest';

import { idCheckCharacter, isMainlandMobile, normalizeMobile, parseIdNumber } from './identity';

describe('normalizeMobile', () => {
  it('drops spaces, dashes and the +86 prefix', () => {
    expect(normalizeMobile('+86 138-0013-8000')).toBe('13800138000');
    expect(normalizeMobile('0086 13800138000')).toBe('13800138000');
    expect(normalizeMobile('8613800138000')).toBe('13800138000');
  });

  it('keeps a number that only starts like a prefix', () => {
    expect(normalizeMobile('86138')).toBe('86138');
  });
});

describe('isMainlandMobile', () => {
  it('accepts 11 digits starting 13–19', () => {
    expect(isMainlandMobile('13800138000')).toBe(true);
    expect(isMainlandMobile('+86 199 0000 1111')).toBe(true);
  });

  it('refuses other numbers', () => {
    expect(isMainlandMobile('12800138000')).toBe(false);
    expect(isMainlandMobile('1380013800')).toBe(false);
    expect(isMainlandMobile('028-85551234')).toBe(false);
    expect(isMainlandMobile('')).toBe(false);
  });
});

describe('parseIdNumber', () => {
  const today = new Date(2026, 0, 1);

  it('reads birthday and gender from a valid number', () => {
    // The standard's own example: 11010519491231002X, a woman born on 31 December 1949.
    expect(parseIdNumber('11010519491231002x', today)).toEqual({
      ok: true,
      info: { number: '11010519491231002X', birthday: '1949-12-31', gender: 'female' },
    });
    const body = '51010419900307001';
    expect(parseIdNumber(body + idCheckCharacter(body), today)).toMatchObject({
      ok: true,
      info: { birthday: '1990-03-07', gender: 'male' },
    });
  });

  it('names the problem of an invalid number', () => {
    expect(parseIdNumber('1101051949123100', today)).toEqual({ ok: false, problem: 'shape' });
    expect(parseIdNumber('110105194912310021', today)).toEqual({ ok: false, problem: 'checksum' });
    const impossible = '51010419900230001';
    expect(parseIdNumber(impossible + idCheckCharacter(impossible), today)).toEqual({ ok: false, problem: 'birthday' });
    const future = '51010420300101001';
    expect(parseIdNumber(future + idCheckCharacter(future), today)).toEqual({ ok: false, problem: 'birthday' });
  });
});
