import { expect, test } from '@playwright/test';

import { DEMO_PASSWORD, submitLogin } from './helpers';

test('five wrong passwords lock the account, even against the right one', async ({ page }) => {
  await page.goto('/login');
  const error = page.getByTestId('login-error');
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await submitLogin(page, 'consultant2', `Wrong-${attempt}`);
    await expect(error).toBeVisible();
    await expect(page.locator('form button[type="submit"]')).toBeEnabled();
  }
  await submitLogin(page, 'consultant2', DEMO_PASSWORD);
  await expect(error).toContainText('锁定');
  await expect(page).toHaveURL(/\/login/);
});
