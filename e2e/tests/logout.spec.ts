import { expect, test } from '@playwright/test';

import { DEMO_PASSWORD, login, submitLogin } from './helpers';

test('logout leaves no session and nothing in browser storage but the language', async ({ page, context }) => {
  await login(page, 'admin', { fresh: true });
  await page.evaluate(() => {
    window.localStorage.setItem('yimei.lang', 'zh-CN');
    window.localStorage.setItem('probe', 'left by the test');
    window.sessionStorage.setItem('probe', 'left by the test');
  });

  await page.getByTestId('user-menu').click();
  await page.getByText('退出登录').click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByPlaceholder('用户名')).toBeVisible();

  const storage = await page.evaluate(() => ({
    local: Object.keys(window.localStorage),
    session: Object.keys(window.sessionStorage),
  }));
  expect(storage.local).toEqual(['yimei.lang']);
  expect(storage.session).toEqual([]);
  const cookies = await context.cookies();
  expect(cookies.filter((cookie) => /session|yimei_uid/i.test(cookie.name))).toEqual([]);

  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('a lost session sends the user to login and back to the page they wanted', async ({ page, context }) => {
  await login(page, 'admin', { fresh: true });
  await context.clearCookies();
  await page.goto('/system/positions');
  await expect(page).toHaveURL(/\/login\?redirect=%2Fsystem%2Fpositions$/);
  await submitLogin(page, 'admin', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/system\/positions$/);
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
});
