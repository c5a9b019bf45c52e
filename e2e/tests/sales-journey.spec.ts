import { expect, test, type Page } from '@playwright/test';

import { openAs, strokeWithMouse } from './helpers';

/**
 * The must-show journey: a consultant opens an order for a combo card, the cashier takes a mixed
 * payment (stored value + WeChat Pay), a nurse deducts a session on an iPad with the customer's signature, and
 * the 360° view shows the order, the payment, the deduction and the sessions left.
 *
 * Each step goes through its page with each user's own browser session: the consultant's 开单, the cashier's
 * 收银台 (two rows: the customer's stored-value card and WeChat Pay with its reference), the nurse's deduction on
 * an iPad-sized screen and the director's 360° view. Only the lookups that set the scene use the API.
 */

interface Json {
  [key: string]: unknown;
}

/** A call to the API with the page's session cookie and CSRF token, failing the test on an error answer. */
async function callApi<T = Json>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'csrftoken')?.value ?? '';
  const response = await page.request.fetch(path, {
    method,
    data: body,
    headers: { 'X-CSRFToken': csrf, ...headers },
  });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** Yuan strings to integer cents and back, as the console does: never through floats. */
const cents = (amount: string) => {
  const [whole, fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
};
const yuan = (value: number) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
const shown = (value: number) => `¥${Math.floor(value / 100).toLocaleString('en-US')}.${String(value % 100).padStart(2, '0')}`;

/** Picks an option in the open Ant Design select's dropdown. */
async function pickOption(page: Page, text: string | RegExp) {
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
  await expect(option).toBeVisible();
  await option.click();
}

/** One stroke with a finger: touch pointer events, as an iPad's Safari sends them to signature_pad. (Raw touch
 * events through the DevTools protocol draw too, but leave Chromium's gesture detector eating the next tap.) */
async function strokeWithFinger(page: Page, points: [number, number][]) {
  await page.getByTestId('signature-canvas').evaluate((canvas: HTMLCanvasElement, path: [number, number][]) => {
    const box = canvas.getBoundingClientRect();
    const send = (type: string, [x, y]: [number, number], target: EventTarget) =>
      target.dispatchEvent(
        new PointerEvent(type, {
          bubbles: true,
          cancelable: true,
          pointerId: 7,
          pointerType: 'touch',
          isPrimary: true,
          clientX: box.left + x,
          clientY: box.top + y,
          buttons: type === 'pointerup' ? 0 : 1,
          pressure: type === 'pointerup' ? 0 : 0.5,
        }),
      );
    send('pointerdown', path[0], canvas);
    for (const point of path.slice(1)) send('pointermove', point, canvas);
    send('pointerup', path[path.length - 1], canvas);
  }, points);
}

test('sales journey: combo card order, mixed payment, deduction with a signature on an iPad, the 360° view', async ({ browser }) => {
  test.setTimeout(120_000);

  // given a customer of the consultant's with a stored-value card holding enough for part of the card
  const consultant = await openAs(browser, 'consultant');
  const storedCards = await callApi<{ results: Json[] }>(consultant, 'GET', '/api/v1/customer-cards/?kind=stored_value&status=active&page_size=50');
  const storedCard = storedCards.results.find((card) => cents(card.balance_amount as string) >= 300_000)!;
  expect(storedCard, 'a demo customer with ¥3,000 of stored value').toBeTruthy();
  const customerId = storedCard.customer as number;
  const comboType = (await callApi<{ results: Json[] }>(consultant, 'GET', '/api/v1/catalog/card-types/?search=CARD-GLOW')).results[0];

  // when the consultant opens an order for the combo card (3 × IPL + 2 × hydrafacial) on the 开单 page
  const customer = await callApi<Json>(consultant, 'GET', `/api/v1/customers/${customerId}/`);
  await consultant.goto('/sales/orders/new');
  await consultant.getByTestId('order-customer').click();
  await consultant.keyboard.type(customer.name as string);
  await pickOption(consultant, `#${customerId}`);
  await consultant.getByTestId('order-catalog').click();
  await consultant.keyboard.type('CARD-GLOW');
  await pickOption(consultant, '焕肤组合卡');
  await expect(consultant.getByTestId('order-lines')).toContainText('焕肤组合卡');
  await expect(consultant.getByTestId('order-total')).toContainText('¥');
  const saving = consultant.waitForResponse(
    (response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/v1/orders/',
  );
  await consultant.getByTestId('order-submit').click();
  const saved = await saving;
  expect(saved.ok(), `the order is saved: ${saved.status()}`).toBe(true);
  const order = (await saved.json()) as Json & { lines: Json[] };
  await expect(consultant.getByTestId('order-saved-total')).toContainText(shown(cents(order.total_amount as string)));
  const total = cents(order.total_amount as string);
  expect(total).toBeGreaterThan(300_000);
  await consultant.context().close();

  // and the cashier finds it on the 收银台 page and takes ¥3,000 from the stored-value card and the rest by WeChat Pay
  const cashier = await openAs(browser, 'cashier');
  await cashier.goto('/sales/cashier');
  await cashier.getByRole('tab', { name: '全部订单' }).click();
  await cashier.getByTestId('orders-search').locator('input').fill(order.number as string);
  await cashier.getByTestId('orders-search').locator('input').press('Enter');
  await cashier.getByTestId(`order-row-${order.number as string}`).click();
  const drawer = cashier.getByTestId('order-drawer');
  await expect(drawer.locator('.ant-drawer-title')).toContainText(order.number as string);
  await drawer.getByTestId('order-action-pay').click();
  const modal = cashier.getByTestId('payment-modal');
  await expect(modal.getByTestId('pay-due')).toHaveText(shown(total));
  await modal.getByTestId('pay-row-0-mode').click();
  await pickOption(cashier, /^储值卡$/);
  await modal.getByTestId('pay-row-0').locator('.ant-select').nth(1).click();
  await pickOption(cashier, `${storedCard.name as string} · ${shown(cents(storedCard.balance_amount as string))}`);
  await modal.getByTestId('pay-row-0-amount').fill('3000.00');
  await modal.getByTestId('pay-add-row').click();
  await modal.getByTestId('pay-row-1-mode').click();
  await pickOption(cashier, '微信支付');
  await expect(modal.getByTestId('pay-row-1-amount')).toHaveValue(yuan(total - 300_000));
  await modal.getByTestId('pay-row-1-reference').fill(`4200${Date.now()}`);
  await expect(modal.getByTestId('pay-remainder')).toHaveText('¥0.00');
  await expect(modal.getByTestId('pay-change')).toHaveText('¥0.00');
  const paying = cashier.waitForResponse(
    (response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/v1/payments/',
  );
  await cashier.getByTestId('pay-submit').click();
  const paid = await paying;
  expect(paid.ok(), `the payment is taken: ${paid.status()}`).toBe(true);
  const payment = (await paid.json()) as Json;
  expect(payment.number).toBeTruthy();
  await expect(cashier.getByTestId('receipt')).toBeVisible();
  await expect(cashier.getByTestId('receipt-entries')).toContainText('储值卡');
  await expect(cashier.getByTestId('receipt-entries')).toContainText('微信支付');
  await cashier.context().close();

  // then a nurse on an iPad (820 × 1180, touch) finds the new IPL sessions of the card
  const nurse = await openAs(browser, 'nurse', { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: false, deviceScaleFactor: 2 });
  const entitlements = await callApi<{ results: Json[] }>(nurse, 'GET', `/api/v1/entitlements/?customer=${customerId}&usable=true&page_size=100`);
  const ipl = entitlements.results.find((row) => row.source_line === order.lines[0].id && String(row.item_name).includes('光子'))!;
  expect(ipl.sessions_remaining).toBe(3);

  await nurse.goto(`/treatment/deduct?customer=${customerId}`);
  const card = nurse.getByTestId(`entitlement-${ipl.id}`);
  await expect(card).toContainText('3');
  await expect(card).toContainText('焕肤组合卡');
  await card.tap();
  const form = nurse.getByTestId('deduct-form');
  await expect(form).toBeVisible();
  // she is in the nurse slot already; the doctor is picked by position
  await expect(nurse.getByTestId('operator-nurse')).toContainText('杨雪');
  await nurse.getByTestId('operator-doctor').tap();
  await nurse.locator('.ant-select-dropdown:visible').getByText('刘洋', { exact: false }).first().tap();

  // confirming without a signature is refused on the spot
  await nurse.getByTestId('deduct-submit').tap();
  await expect(form.getByText('请客户在框内签名')).toBeVisible();

  // the customer signs: a stroke with the mouse and one with a finger; undo and redo the finger stroke
  await nurse.getByTestId('signature-canvas').scrollIntoViewIfNeeded();
  const canvas = nurse.getByTestId('signature-canvas');
  const ink = () => canvas.evaluate((element: HTMLCanvasElement) => element.toDataURL());
  const blank = await ink();
  await strokeWithMouse(nurse, [[40, 150], [120, 60], [200, 170], [300, 80], [380, 140]]);
  const mouseOnly = await ink();
  expect(mouseOnly).not.toBe(blank);
  await strokeWithFinger(nurse, [[420, 100], [480, 60], [540, 150], [600, 90]]);
  expect(await ink()).not.toBe(mouseOnly);
  await nurse.getByTestId('signature-undo').tap();
  await strokeWithFinger(nurse, [[420, 100], [480, 60], [540, 150], [600, 90]]);
  await expect(form.getByText('请客户在框内签名')).toHaveCount(0);
  await nurse.getByTestId('deduct-submit').tap();

  const result = nurse.getByTestId('deduct-result');
  await expect(result).toBeVisible();
  await expect(nurse.getByTestId('deduct-result-remaining')).toHaveText('2');
  await expect(result).toContainText('刘洋');
  await expect(result).toContainText('操作费');
  const number = (await result.locator('.ant-result-title').innerText()).match(/HK\d{8}-\d+/)![0];
  await expect.poll(() => result.locator('img').first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await nurse.context().close();

  // and the director's 360° view shows the order with its payment, the deduction and the sessions left
  const director = await openAs(browser, 'director');
  await director.goto(`/customers/${customerId}?tab=orders`);
  const orders = director.getByTestId('customer-orders');
  const orderRow = orders.locator('.ant-table-row', { hasText: order.number as string });
  await expect(orderRow).toBeVisible();
  await orderRow.locator('.ant-table-row-expand-icon').click();
  const payments = director.getByTestId(`order-payments-${order.id}`);
  await expect(payments).toContainText(payment.number as string);
  await expect(payments).toContainText('储值卡');
  await expect(payments).toContainText('微信支付');

  await director.getByRole('tab', { name: /执行/ }).click();
  const deductionRow = director.getByTestId('customer-deductions').locator('.ant-table-row', { hasText: number });
  await expect(deductionRow).toContainText('光子');
  await expect(deductionRow).toContainText('杨雪');
  await expect(deductionRow).toContainText('刘洋');
  // the signature comes from the permission-checked endpoint, never a public address
  const signature = deductionRow.locator('img');
  await expect(signature).toHaveAttribute('src', /^\/api\/v1\/deductions\/\d+\/signature\/$/);
  await expect.poll(() => signature.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  await director.getByRole('tab', { name: /资产/ }).click();
  await expect(director.getByTestId(`asset-entitlement-${ipl.id}`)).toHaveText('2 / 3');
  await expect(director.getByTestId('customer-figures')).toContainText('剩余次数');
  await director.context().close();
});
