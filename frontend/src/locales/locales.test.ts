import { describe, expect, it } from 'vitest';

import enUS from './en-US';
import zhCN from './zh-CN';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

describe('locales', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(enUS).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('have no empty messages', () => {
    for (const messages of [zhCN, enUS]) {
      expect(Object.entries(messages).filter(([, text]) => text.trim() === '')).toEqual([]);
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(zhCN)) {
      expect([key, placeholders(enUS[key as keyof typeof enUS])]).toEqual([key, placeholders(text)]);
    }
  });
});
