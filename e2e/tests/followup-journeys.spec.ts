import { expect, test, type BrowserContextOptions, type Page } from '@playwright/test';

import { openAs, strokeWithMouse } from './helpers';

/**
 * Issue 6's two journeys, each through the pages of the people who do it:
 * - a booking is missed: the front desk marks 爽约 in the appointment list, the 预约未到访 rule gives the
 *   consultant who made the booking a follow-up due today, and the consultant records its result from the
 *   workbench on a phone;
 * - a nurse deducts a session of an item with an aftercare plan on an iPad: the 术后注意事项 message is in the
 *   message centre waiting to be sent, with the plan's later check-ins; reversing the deduction withdraws them.
 * Only the scene is set through the API (the booking, and finding a customer with sessions to deduct).
 */

interface Json {
  [key: string]: unknown;
}

interface Message {
  id: number;
  kind: string;
  kind_name: string;
  status: string;
  text: string;
  scheduled_at: string;
}

const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };
const IPAD: BrowserContextOptions = { viewport: { width: 820, height: 1180 }, deviceScaleFactor: 2 };
// Items the demo gives an aftercare plan (followups/demo.py), none of them an N-choose-M pick.
const CARE_ITEMS = ['IPL-01', 'PICO-01', 'THERM-01', 'HIFU-01', 'BTX-100', 'HYDRA-01', 'PEEL-01'];

async function callApi<T = Json>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetchApi(page, method, path, body);
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

async function fetchApi(page: Page, method: 'GET' | 'POST', path: string, body?: unknown) {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'csrftoken')?.value ?? '';
  return page.request.fetch(path, { method, data: body, headers: { 'X-CSRFToken': csrf } });
}

/**
 * A consultation booked by `page`'s user for `customer`, which began a minute ago (the booking form allows a
 * few minutes of clock skew): with the user as the staff member, or else the first bookable colleague free now.
 */
async function bookJustNow(page: Page, customer: number, staff: number[]): Promise<Json & { id: number; number: string }> {
  const start = new Date(Date.now() - 60_000);
  const end = new Date(start.getTime() + 30 * 60_000);
  for (const person of staff) {
    const response = await fetchApi(page, 'POST', '/api/v1/appointments/', {
      customer,
      type: 'consultation',
      source: 'phone',
      note: 'e2e：爽约回访',
      confirm_warnings: true,
      lines: [{ title: '复诊咨询', staff: person, start: start.toISOString(), end: end.toISOString() }],
    });
    if (response.ok()) return (await response.json()) as Json & { id: number; number: string };
    expect(response.status(), await response.text()).toBe(409);
  }
  throw new Error('nobody was free for a booking now');
}

test('a no-show becomes the consultant’s follow-up, recorded from the workbench on a phone', async ({ browser }) => {
  test.setTimeout(90_000);

  // given: the consultant booked one of their own customers for a consultation that has just begun
  const consultant = await openAs(browser, 'consultant', PHONE);
  const me = await callApi<{ id: number }>(consultant, 'GET', '/api/v1/me/');
  const { results } = await callApi<{ results: { id: number; name: string }[] }>(consultant, 'GET', `/api/v1/customers/?consultant=${me.id}&page_size=20`);
  const customer = results[results.length - 1];
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const calendar = await callApi<{ resources: { id: string; kind: string }[] }>(consultant, 'GET', `/api/v1/appointments/calendar/?date=${today}`);
  const colleagues = calendar.resources
    .filter((column) => column.kind === 'staff')
    .map((column) => Number(column.id.replace('staff-', '')))
    .filter((id) => id !== me.id);
  const booking = await bookJustNow(consultant, customer.id, [me.id, ...colleagues]);

  // when: the front desk opens it in the appointment list and marks it 爽约
  const reception = await openAs(browser, 'reception');
  await reception.goto(`/appointments/list?appointment=${booking.id}`);
  const drawer = reception.getByTestId('appointment-drawer');
  await expect(drawer).toContainText(booking.number);
  await drawer.getByTestId('appointment-no-show').click();
  await expect(reception.locator('.ant-popover:visible')).toContainText('标记为爽约？');
  await reception.getByTestId('no-show-ok').click();
  await expect(reception.getByText('已标记爽约')).toBeVisible();
  await expect(drawer.getByTestId('appointment-no-show')).toHaveCount(0);
  await expect(drawer).toContainText('爽约');
  await reception.context().close();

  // then: the consultant's workbench lists a follow-up due today for that customer, made by the 预约未到访 rule
  await consultant.goto('/');
  await expect(consultant.getByTestId('workbench')).toBeVisible();
  const row = consultant.getByTestId('wb-tasks-row').filter({ hasText: customer.name }).filter({ hasText: '预约未到访' });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('overdue-tag')).toHaveCount(0);
  const button = row.getByTestId('wb-record-result');
  const taskId = Number(await button.getAttribute('data-task-id'));
  const task = await callApi<Json & { rule: { name: string }; source: { type: string; id: string; summary: string }; due_on: string }>(
    consultant,
    'GET',
    `/api/v1/followups/${taskId}/`,
  );
  expect(task.rule.name).toBe('预约未到访');
  expect(task.source).toMatchObject({ type: 'appointments.appointment', id: String(booking.id) });
  expect(task.source.summary).toContain(booking.number);
  expect(task.due_on).toBe(today);

  // and the consultant records what came of the call, in a drawer as wide as the phone
  await button.click();
  const result = consultant.getByTestId('result-drawer');
  await expect(result).toBeVisible();
  await expect(consultant.getByTestId('result-task')).toContainText(customer.name);
  await expect.poll(async () => (await result.boundingBox())?.width).toBeGreaterThanOrEqual(374);
  await consultant.getByTestId('result-outcome').getByRole('radio', { name: '已联系上' }).click();
  await consultant.getByTestId('result-content').fill('客户临时加班忘了预约，已改约到周六上午。');
  await consultant.getByTestId('result-submit').click();
  await expect(consultant.getByText('回访已完成')).toBeVisible();
  await expect(result).toBeHidden();
  await expect(consultant.locator(`[data-task-id="${taskId}"]`)).toHaveCount(0);
  expect(await callApi(consultant, 'GET', `/api/v1/followups/${taskId}/`)).toMatchObject({
    status: 'done',
    outcome: 'reached',
    result_content: '客户临时加班忘了预约，已改约到周六上午。',
  });
  await consultant.context().close();
});

test('a deduction sends the aftercare instructions, and its reversal withdraws them', async ({ browser }) => {
  test.setTimeout(120_000);

  // given: a customer with sessions of an item that has an aftercare plan
  const nurse = await openAs(browser, 'nurse', IPAD);
  const usable = await callApi<{ results: (Json & { id: number; customer: number; item_code: string; item_name: string; is_choice: boolean })[] }>(
    nurse,
    'GET',
    '/api/v1/entitlements/?usable=true&page_size=100',
  );
  const entitlement = usable.results.find((row) => CARE_ITEMS.includes(row.item_code) && !row.is_choice);
  expect(entitlement, 'a demo customer with sessions of an item with an aftercare plan').toBeTruthy();
  const { id: entitlementId, customer, item_name: itemName } = entitlement!;

  // when: the nurse deducts one session on the iPad, with the customer's signature
  await nurse.goto(`/treatment/deduct?customer=${customer}`);
  await nurse.getByTestId(`entitlement-${entitlementId}`).click();
  const form = nurse.getByTestId('deduct-form');
  await expect(form).toBeVisible();
  await nurse.getByTestId('signature-canvas').scrollIntoViewIfNeeded();
  await strokeWithMouse(nurse, [[40, 150], [120, 60], [200, 170], [300, 80], [380, 140]]);
  const saving = nurse.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/v1/deductions/');
  await nurse.getByTestId('deduct-submit').click();
  const saved = await saving;
  expect(saved.ok(), `the deduction is saved: ${saved.status()}`).toBe(true);
  const deduction = (await saved.json()) as Json & { id: number; number: string };
  await expect(nurse.getByTestId('deduct-result')).toContainText(deduction.number);
  await nurse.context().close();

  // then: the head of department finds the instructions waiting to go in the message centre (the link the
  // deduction's result gives to whoever may read messages), with the plan's later check-ins
  const director = await openAs(browser, 'director');
  const centre = `/messages?source_type=sales.deduction&source_id=${deduction.id}`;
  await director.goto(centre);
  const table = director.getByTestId('messages-table');
  const instructions = table.locator('.ant-table-row', { hasText: '术后注意事项' });
  await expect(instructions).toHaveCount(1);
  await expect(instructions.getByTestId('message-status-pending')).toBeVisible();
  const checkIns = table.locator('.ant-table-row', { hasText: '术后关怀' });
  await expect.poll(() => checkIns.count()).toBeGreaterThan(0);
  await instructions.click();
  const drawer = director.getByTestId('message-drawer');
  await expect(drawer.getByTestId('message-text')).toContainText(itemName);
  await expect(drawer.getByTestId('message-text')).toContainText('/h5/care/');
  const carePath = (await drawer.getByTestId('message-text').innerText()).match(/\/h5\/care\/[\w-]+/)![0];
  await director.keyboard.press('Escape');

  // and the customer, on their phone and without a login, reads the instructions behind the link
  const customerPhone = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN', ...PHONE });
  const care = await customerPhone.newPage();
  await care.goto(carePath);
  await expect(care.locator('h1')).toHaveText(itemName);
  await expect(care.locator('body')).toContainText('术后注意事项');
  expect(await care.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await care.screenshot({ path: test.info().outputPath('aftercare-page.png'), fullPage: true });

  // when: the director reverses the deduction on 今日治疗
  await director.goto('/treatment/today');
  await director.getByTestId(`reverse-${deduction.id}`).click();
  const dialog = director.getByRole('dialog');
  await dialog.getByTestId('reverse-reason').fill('登记错了客户，冲正后重新登记');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(director.getByText(`划扣 ${deduction.number} 已冲正`)).toBeVisible();

  // then: every aftercare message of the deduction is withdrawn, none left to send
  await director.goto(centre);
  await expect(instructions.getByTestId('message-status-cancelled')).toBeVisible();
  await expect(table.getByTestId('message-status-pending')).toHaveCount(0);
  const messages = await callApi<{ results: Message[] }>(director, 'GET', `/api/v1/messages/?source_type=sales.deduction&source_id=${deduction.id}&page_size=50`);
  expect(messages.results.length).toBeGreaterThan(1);
  expect(messages.results.every((message) => message.status === 'cancelled')).toBe(true);
  // and the link is closed
  await care.reload();
  await expect(care.locator('h1')).toHaveText('链接已失效');
  await customerPhone.close();
  await director.context().close();
});
