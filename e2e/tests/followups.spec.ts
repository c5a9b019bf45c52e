import path from 'node:path';

import { expect, test, type BrowserContextOptions, type Page } from '@playwright/test';

import { openAs } from './helpers';

/**
 * Follow-ups (issue 6): a consultant works through 我的回访 on a phone — records the result of a task and sees
 * it move to 已完成 — and the head of department plans follow-ups for several customers at once from the
 * customer list. Only the scene (the consultant's task due today) is set up through the API.
 */

interface Json {
  [key: string]: unknown;
}

interface Task {
  id: number;
  purpose: string;
  status: string;
  outcome: string;
  satisfaction: number | null;
  result_content: string;
  customer: { id: number; name: string };
  assignee: { id: number; name: string } | null;
  due_on: string;
}

const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };

/** A call to the API with the page's session cookie and CSRF token, failing the test on an error answer. */
async function callApi<T = Json>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'csrftoken')?.value ?? '';
  const response = await page.request.fetch(path, { method, data: body, headers: { 'X-CSRFToken': csrf } });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** The clinic's date (Asia/Shanghai) `days` from today, as YYYY-MM-DD. */
function clinicDate(days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

test.describe('follow-ups', () => {
  test('a consultant records a follow-up on a phone and sees it under 已完成', async ({ browser }) => {
    const page = await openAs(browser, 'consultant', PHONE);
    // given: a follow-up due today for one of the consultant's own customers
    const { results } = await callApi<{ results: { id: number; name: string }[] }>(page, 'GET', '/api/v1/customers/?page_size=1&ordering=-visit_count');
    const customer = results[0];
    const purpose = `术后回访 e2e ${Date.now()}`;
    const task = await callApi<Task>(page, 'POST', '/api/v1/followups/', {
      customer: customer.id,
      due_on: clinicDate(),
      method: 'phone',
      purpose,
      script: '您好，想了解一下您术后的恢复情况。',
    });

    // when: the consultant opens 回访任务 from the phone menu
    await page.getByTestId('menu-drawer-button').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('回访管理').click();
    await drawer.getByText('回访任务').click();
    await expect(page).toHaveURL(/\/followups\/tasks$/);

    const card = page.getByTestId(`task-card-${task.id}`);
    await expect(card).toBeVisible();
    await expect(card).toContainText(customer.name);
    await expect(card).toContainText(purpose);

    // and records the result in the drawer, which fills the phone's screen
    await card.getByTestId(`task-result-${task.id}`).click();
    const resultDrawer = page.getByTestId('result-drawer');
    await expect(resultDrawer).toBeVisible();
    await expect(page.getByTestId('result-task')).toContainText(purpose);
    await expect.poll(async () => (await resultDrawer.boundingBox())?.width).toBeGreaterThanOrEqual(374);

    await page.getByTestId('result-submit').click();
    await expect(page.getByText('请选择回访结果')).toBeVisible();
    await page.getByTestId('result-outcome').getByRole('radio', { name: '已联系上' }).click();
    await page.getByTestId('result-content').fill('客户恢复良好，无红肿，下周来院复查。');
    await resultDrawer.locator('.ant-rate-star').nth(3).click();
    await page.getByTestId('result-submit').click();
    await expect(page.getByText('回访已完成')).toBeVisible();
    await expect(resultDrawer).toBeHidden();

    // then: it has left 今日 and shows under 已完成 with its outcome
    await expect(page.getByTestId(`task-card-${task.id}`)).toHaveCount(0);
    await page.getByRole('tab', { name: '已完成' }).click();
    const done = page.getByTestId(`task-card-${task.id}`);
    await expect(done).toBeVisible();
    await expect(done).toContainText('已完成');
    await expect(done).toContainText('已联系上');
    await expect(done).toContainText('客户恢复良好');

    const saved = await callApi<Task>(page, 'GET', `/api/v1/followups/${task.id}/`);
    expect(saved).toMatchObject({ status: 'done', outcome: 'reached', satisfaction: 4, result_content: '客户恢复良好，无红肿，下周来院复查。' });
    await page.context().close();
  });

  test('the head of department plans follow-ups for several customers at once', async ({ browser }) => {
    const page = await openAs(browser, 'director');
    // A day no earlier run of this test has used, so that no customer already has a task on it (skipped).
    const dueOn = clinicDate(60 + Math.floor(Math.random() * 600));
    const purpose = `季度关怀 e2e ${Date.now()}`;

    // given: three customers chosen in the customer list
    await page.goto('/customers/list');
    const rows = page.getByTestId('customer-table').locator('.ant-table-row');
    await expect(rows.first()).toBeVisible();
    const ids: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      const row = rows.nth(index);
      ids.push(Number(await row.getAttribute('data-row-key')));
      await row.locator('.ant-checkbox-input').check();
    }
    await expect(page.getByTestId('customer-selected')).toContainText('3');

    // when: 批量建回访 gives each of them a task for the director, due on that day
    await page.getByTestId('bulk-followup').click();
    const modal = page.getByRole('dialog');
    await expect(modal).toContainText('为选中的 3 位客户建回访');
    await modal.getByTestId('bulk-assignee-mode').getByText('我自己').click();
    await modal.getByTestId('bulk-due-on').click();
    await modal.getByTestId('bulk-due-on').fill(dueOn);
    await modal.getByTestId('bulk-due-on').press('Enter');
    await modal.getByTestId('bulk-purpose').fill(purpose);
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await expect(page.getByText('已创建 3 条回访')).toBeVisible();
    await expect(page.getByTestId('customer-selected')).toHaveCount(0);

    // then: the three tasks are the director's, on that day, one per customer
    const planned = await callApi<{ results: Task[] }>(page, 'GET', `/api/v1/followups/?assignee=me&due_from=${dueOn}&due_to=${dueOn}&page_size=100`);
    const mine = planned.results.filter((task) => task.purpose === purpose);
    expect(mine.map((task) => task.customer.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(mine.every((task) => task.status === 'open')).toBe(true);

    // and 待办 lists them
    await page.goto(`/followups?tab=upcoming&from=${dueOn}&to=${dueOn}`);
    const list = page.getByTestId('task-list');
    for (const task of mine) await expect(list.getByTestId(`task-row-${task.id}`)).toContainText(purpose);
    await page.context().close();
  });
});

test('the bell brings a follow-up planned by someone else to its assignee, and marks it read', async ({ browser }) => {
  const consultant = await openAs(browser, 'consultant2');
  const me = await callApi<{ id: number }>(consultant, 'GET', '/api/v1/me/');
  const unread = async () => (await callApi<{ count: number }>(consultant, 'GET', '/api/v1/notifications/unread-count/')).count;

  // given: the head of department plans a follow-up for one of consultant2's customers
  const director = await openAs(browser, 'director');
  const { results } = await callApi<{ results: { id: number }[] }>(director, 'GET', `/api/v1/customers/?consultant=${me.id}&page_size=1`);
  const purpose = `确认复查时间 e2e ${Date.now()}`;
  const task = await callApi<Task>(director, 'POST', '/api/v1/followups/', {
    customer: results[0].id,
    assignee: me.id,
    due_on: clinicDate(1),
    method: 'wechat',
    purpose,
  });
  await director.context().close();

  // when: consultant2 opens the bell and the new notification
  await consultant.reload();
  const before = await unread();
  expect(before).toBeGreaterThan(0);
  await expect(consultant.getByTestId('notification-count').locator('.ant-badge-count')).toBeVisible();
  await consultant.getByTestId('notification-bell').click();
  const panel = consultant.getByTestId('notification-panel');
  await panel.locator('[data-testid^="notification-"]').filter({ hasText: purpose }).click();

  // then: the task opens in its drawer, and the notification is read
  await expect(consultant).toHaveURL(new RegExp(`/followups\\?task=${task.id}$`));
  await expect(consultant.getByTestId('result-task')).toContainText(purpose);
  await expect.poll(unread).toBe(before - 1);
  await consultant.keyboard.press('Escape');
  await expect(consultant.getByTestId('result-drawer')).toBeHidden();
  await expect(consultant).toHaveURL(/\/followups$/);

  // and 全部已读 clears the badge
  await consultant.getByTestId('notification-bell').click();
  await panel.getByTestId('notification-read-all').click();
  await expect.poll(unread).toBe(0);
  await expect(consultant.getByTestId('notification-count').locator('.ant-badge-count')).toHaveCount(0);
  await consultant.context().close();
});

/** Full-page pictures of the follow-up pages at phone, iPad and desktop widths, for a person to look at. */
const SHOTS_DIR = path.join(import.meta.dirname, '..', 'screenshots');
const WIDTHS = [
  { width: 375, height: 812 },
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
];

async function shoot(page: Page, width: number, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  await page.screenshot({ path: path.join(SHOTS_DIR, `${width}-${name}.png`), fullPage: true });
}

for (const { width, height } of WIDTHS) {
  test(`follow-up pages at ${width} px`, { tag: '@screenshots' }, async ({ browser }) => {
    const consultant = await openAs(browser, 'consultant', { viewport: { width, height } });
    await consultant.goto('/followups?tab=overdue');
    await expect(consultant.getByTestId('task-list')).toBeVisible();
    await shoot(consultant, width, 'followups-overdue');
    await consultant.goto('/followups');
    await expect(consultant.getByTestId('task-list')).toBeVisible();
    await shoot(consultant, width, 'followups-today');
    const record = consultant.locator('[data-testid^="task-result-"]').first();
    if (await record.count()) {
      await record.click();
      await expect(consultant.getByTestId('result-drawer')).toBeVisible();
      await shoot(consultant, width, 'followups-result');
    }
    await consultant.context().close();

    const director = await openAs(browser, 'director', { viewport: { width, height } });
    for (const [route, name] of [
      ['/followups?assignee=all&tab=done', 'followups-team-done'],
      ['/followups/rules', 'followups-rules'],
      ['/followups/care-plans', 'followups-care-plans'],
      ['/followups/resources', 'followups-resources'],
    ] as const) {
      await director.goto(route);
      await expect(director.locator('.ant-card').first()).toBeVisible();
      await shoot(director, width, name);
    }
    await director.goto('/followups/resources?tab=log');
    await expect(director.getByTestId('resource-actions')).toBeVisible();
    await shoot(director, width, 'followups-resource-log');
    await director.goto('/followups/resources');
    await director.getByTestId('resource-create').click();
    await expect(director.getByRole('dialog')).toBeVisible();
    await shoot(director, width, 'followups-resource-rule');
    await director.goto('/followups/care-plans');
    await director.getByTestId('care-create').click();
    await expect(director.getByTestId('care-preview')).toBeVisible();
    await shoot(director, width, 'followups-care-plan');
    const { results } = await callApi<{ results: Task[] }>(director, 'GET', '/api/v1/followups/?page_size=1&status=done');
    await director.goto(`/customers/${results[0].customer.id}?tab=followups`);
    await expect(director.getByTestId('customer-followup-list')).toBeVisible();
    await shoot(director, width, 'followups-customer-tab');
    await director.context().close();
  });
}
