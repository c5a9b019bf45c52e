import { expect, test } from '@playwright/test';

import { login } from './helpers';

const MINUTE = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

test('every page after login carries the watermark with name and staff number', async ({ page }) => {
  // The console runs under a strict Content-Security-Policy: nothing on these pages may be blocked by it.
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
  await login(page, 'admin');
  for (const path of ['/', '/system/org-units', '/system/staff', '/system/roles', '/account/password']) {
    await page.goto(path);
    const watermark = page.getByTestId('watermark');
    await expect(watermark).toBeVisible();
    await expect(watermark).toHaveAttribute('data-watermark', /^王磊 IT001 /);
    await expect(watermark).toHaveAttribute('data-watermark', MINUTE);
  }
  expect(blocked).toEqual([]);
});

test('the login page has no watermark', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByPlaceholder('用户名')).toBeVisible();
  await expect(page.getByTestId('watermark')).toHaveCount(0);
});
