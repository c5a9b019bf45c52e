import { expect, test, type Page } from '@playwright/test';

import { login } from './helpers';

/** Yuan strings as integer cents and back: the test adds money the way the console does, never in floats. */
const cents = (text: string) => {
  const match = /(-?)¥?([\d,]+)\.(\d{2})/.exec(text);
  if (!match) throw new Error(`not an amount: ${text}`);
  return (match[1] ? -1 : 1) * (Number(match[2].replace(/,/g, '')) * 100 + Number(match[3]));
};
const yuan = (value: number) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
const shown = (value: number) => `¥${Math.floor(value / 100).toLocaleString('en-US')}.${String(value % 100).padStart(2, '0')}`;

async function pickOption(page: Page, text: string | RegExp) {
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
  await expect(option).toBeVisible();
  await option.click();
}

async function dayEnd(page: Page) {
  const response = await page.request.get('/api/v1/day-end/');
  expect(response.ok()).toBe(true);
  const body = await response.json();
  return { received: cents(body.received_amount), refunded: cents(body.refunded_amount) };
}

test.describe('cashier', () => {
  test('a cashier takes cash with change and WeChat Pay, prints the receipt; a refund is approved; the day end shows it', async ({ page }) => {
    await login(page, 'director');
    const before = await dayEnd(page);
    await page.context().clearCookies();

    await login(page, 'cashier');
    const customers = await (await page.request.get('/api/v1/customers/?page_size=1&ordering=id')).json();
    const customer = customers.results[0] as { id: number; name: string };

    // 开单: the customer, one treatment from the catalogue; the totals are the server's quote.
    await page.goto('/sales/orders/new');
    await page.getByTestId('order-customer').click();
    await page.keyboard.type(customer.name);
    await pickOption(page, `#${customer.id}`);
    await page.getByTestId('order-catalog').click();
    await page.keyboard.type('IPL-01');
    await pickOption(page, '光子嫩肤 IPL');
    await expect(page.getByTestId('order-lines')).toContainText('光子嫩肤 IPL');
    await expect(page.getByTestId('order-total')).toContainText('¥');
    await page.getByTestId('order-submit').click();
    await expect(page.getByTestId('order-saved-total')).toBeVisible();
    await page.getByTestId('order-to-cashier').click();

    // 收银台: the order opens; the payment mixes WeChat Pay and cash with change.
    const drawer = page.getByTestId('order-drawer');
    await expect(drawer.locator('.ant-drawer-title')).toContainText(/XS\d{8}-\d{4}/);
    const orderNumber = ((await drawer.locator('.ant-drawer-title').innerText()).match(/XS\d{8}-\d{4}/) ?? [''])[0];
    expect(orderNumber).not.toBe('');
    await drawer.getByTestId('order-action-pay').click();
    const modal = page.getByTestId('payment-modal');
    const due = cents(await modal.getByTestId('pay-due').innerText());
    const wechat = 100000;
    await modal.getByTestId('pay-row-0-mode').click();
    await pickOption(page, '微信支付');
    await modal.getByTestId('pay-row-0-amount').fill(yuan(wechat));
    await modal.getByTestId('pay-row-0-reference').fill('4200001234202611260001');
    await modal.getByTestId('pay-add-row').click();
    await modal.getByTestId('pay-row-1-mode').click();
    await pickOption(page, '现金');
    await modal.getByTestId('pay-row-1-amount').fill(yuan(due - wechat + 2000));
    await expect(modal.getByTestId('pay-change')).toHaveText('¥20.00');
    await expect(modal.getByTestId('pay-remainder')).toHaveText('¥0.00');
    await page.getByTestId('pay-submit').click();

    // The receipt view: what was paid, the change, printable alone and as a PDF.
    const receipt = page.getByTestId('receipt');
    await expect(receipt).toBeVisible();
    await expect(page.getByTestId('receipt-total')).toHaveText(shown(due));
    await expect(page.getByTestId('receipt-change')).toHaveText('¥20.00');
    await expect(page.getByTestId('receipt-entries')).toContainText('微信支付');
    await expect(page.getByTestId('receipt-entries')).toContainText('现金');
    await page.emulateMedia({ media: 'print' });
    await expect(receipt).toBeVisible();
    await expect(page.getByTestId('receipt-print')).toBeHidden();
    await expect(page.getByTestId('side-menu')).toBeHidden();
    await page.emulateMedia({ media: 'screen' });
    const pdf = await page.request.get((await page.getByTestId('receipt-pdf').getAttribute('href')) ?? '');
    expect(pdf.headers()['content-type']).toContain('application/pdf');

    // A refund of the whole line, back through the modes it was paid with, waits for a supervisor.
    await page.goto('/sales/cashier');
    await page.getByRole('tab', { name: '全部订单' }).click();
    await page.getByTestId('orders-search').locator('input').fill(orderNumber);
    await page.getByTestId('orders-search').locator('input').press('Enter');
    await page.getByTestId(`order-row-${orderNumber}`).click();
    await drawer.getByTestId('order-action-refund').click();
    const refund = page.getByTestId('refund-modal');
    await refund.getByTestId('refund-line-0').getByRole('checkbox').check();
    await expect(refund.getByTestId('refund-total')).toHaveText(shown(due));
    await refund.getByTestId('refund-reason').fill('客户过敏，未做治疗');
    await page.getByTestId('refund-submit').click();
    await expect(page.getByText(/已提交退款申请/)).toBeVisible();

    await page.context().clearCookies();
    await login(page, 'director');
    await page.goto('/sales/refunds');
    const row = page.getByTestId('refunds-table').locator('tr', { hasText: orderNumber });
    await row.getByRole('button', { name: /批\s*准/ }).click();
    await page.getByTestId('decision-submit').click();
    await expect(page.getByTestId('refunds-table').locator('tr', { hasText: orderNumber })).toHaveCount(0);

    // 日结: today's takings grew by the payment and the refunds by the refund.
    await page.goto('/sales/day-end');
    await expect(page.getByTestId('dayend-received')).toHaveText(shown(before.received + due));
    await expect(page.getByTestId('dayend-refunded')).toHaveText(shown(before.refunded + due));
    await expect(page.getByTestId('dayend-mode-wechat')).toBeVisible();
  });

  test.describe('on a phone', () => {
    test.use({ viewport: { width: 375, height: 812 }, hasTouch: true });

    test('the cashier desk shows orders as cards and opens one full screen', async ({ page }) => {
      await login(page, 'cashier');
      await page.goto('/sales/cashier');
      await page.getByRole('tab', { name: '全部订单' }).click();
      const first = page.getByTestId('orders-all').locator('[data-testid^="order-row-"]').first();
      await expect(first).toBeVisible();
      await first.click();
      const drawer = page.getByTestId('order-drawer');
      await expect(drawer).toBeVisible();
      const box = await drawer.locator('.ant-drawer-content-wrapper, .ant-drawer-section').first().boundingBox();
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(370);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    });
  });
});
