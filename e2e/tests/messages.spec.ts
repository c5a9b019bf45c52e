import { expect, test, type Page } from '@playwright/test';

import { login } from './helpers';

/**
 * The message centre on the demo clinic: the director finds the failed SMS (the provider's reason is shown),
 * retries it and then withdraws it with a reason; a template edit shows in the list; the front desk reads the
 * messages on a phone, without the retry button.
 */

async function openFailed(page: Page) {
  await page.goto('/messages');
  const table = page.getByTestId('messages-table');
  await expect(table.locator('.ant-table-row').first()).toBeVisible();
  await page.getByTestId('message-status-filter').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '发送失败' }).first().click();
  await page.keyboard.press('Escape');
  const failed = table.locator('.ant-table-row', { has: page.getByTestId('message-status-failed') });
  await expect(failed).toHaveCount(1);
  await failed.click();
  return page.getByTestId('message-drawer');
}

test('the director retries a failed SMS and then cancels it', async ({ page }) => {
  await login(page, 'director');
  const drawer = await openFailed(page);

  await expect(drawer.getByTestId('message-text')).toContainText('请准时到院');
  await expect(drawer.getByTestId('message-error')).toContainText('isv.MOBILE_NUMBER_ILLEGAL');
  await expect(drawer.getByTestId('message-attempts')).toContainText('手机号码格式错误');

  await drawer.getByTestId('message-retry').click();
  await expect(drawer.getByTestId('message-status-pending')).toBeVisible();
  await expect(page).toHaveURL(/[?&]message=\d+/);

  await drawer.getByTestId('message-cancel').click();
  const dialog = page.getByRole('dialog', { name: '取消这条消息' });
  await dialog.getByTestId('message-cancel-ok').click();
  await expect(dialog.getByText('请填写取消原因。')).toBeVisible();
  await dialog.getByTestId('message-cancel-reason').fill('号码有误，已电话通知客户');
  await dialog.getByTestId('message-cancel-ok').click();
  await expect(drawer.getByTestId('message-status-cancelled')).toBeVisible();
  await expect(drawer).toContainText('号码有误，已电话通知客户');
  await expect(drawer.getByTestId('message-retry')).toHaveCount(0);
});

test('an edited template is marked and can go back to the default', async ({ page }) => {
  await login(page, 'director');
  await page.goto('/messages/templates');
  const edit = page.getByTestId('template-edit-appointment.reminder-sms');
  await edit.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('template-text').fill('{customer_name}您好，明天见：{start}');
  await expect(dialog.getByTestId('template-preview')).toHaveText('〔客户姓名〕您好，明天见：〔预约时间〕');
  await dialog.getByTestId('template-save').click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId('templates-table').locator('.ant-table-row', { has: edit });
  await expect(row).toContainText('明天见');

  await row.getByRole('button', { name: '恢复默认' }).click();
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(row).toContainText('请准时到院');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test('the front desk reads messages as cards and cannot retry', async ({ page }) => {
    await login(page, 'reception');
    await page.goto('/messages');
    const list = page.getByTestId('messages-list');
    const first = list.locator('.ant-list-item').first();
    await expect(first).toBeVisible();
    await first.click();
    const drawer = page.getByTestId('message-drawer');
    await expect(drawer.getByTestId('message-text')).not.toBeEmpty();
    await expect(drawer.getByTestId('message-retry')).toHaveCount(0);
    await expect(drawer.getByTestId('message-cancel')).toHaveCount(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
