import { expect, test } from '@playwright/test';

import { login } from './helpers';

test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

test('on a phone the menu is a drawer and the staff table is reachable', async ({ page }) => {
  await login(page, 'admin');
  await expect(page.getByTestId('side-menu')).toHaveCount(0);

  await page.getByTestId('menu-drawer-button').click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toBeVisible();
  await drawer.getByText('系统管理').click();
  await drawer.getByText('员工').click();

  await expect(page).toHaveURL(/\/system\/staff$/);
  await expect(drawer).toBeHidden();
  const table = page.getByTestId('staff-table');
  await expect(table).toBeVisible();
  await expect(table.locator('.ant-table-row').first()).toBeVisible();
});
