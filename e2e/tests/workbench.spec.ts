import { expect, test } from '@playwright/test';

import { login } from './helpers';

/**
 * The workbench (issue 6, item 5): a consultant starts the day on a phone, sees their own follow-ups with the
 * overdue ones first, and records the result of an overdue one without leaving the workbench. The demo gives
 * the consultant overdue follow-ups; nothing else is set up.
 */

test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

interface Task {
  id: number;
  status: string;
  outcome: string;
  result_content: string;
  customer: { id: number; name: string };
}

test('a consultant records an overdue follow-up from the workbench on a phone', async ({ page }) => {
  await login(page, 'consultant');

  // given: the workbench is the landing page, with the consultant's own panels (one view: no tabs)
  await expect(page.getByTestId('workbench')).toBeVisible();
  await expect(page.getByTestId('welcome-card')).toContainText('您好');
  await expect(page.getByTestId('wb-tabs')).toHaveCount(0);
  await expect(page.getByTestId('wb-deals')).toBeVisible();
  const overdueFigure = page.getByTestId('wb-followups-overdue');
  await expect(overdueFigure).toBeVisible();
  const overdue = Number((await overdueFigure.locator('.ant-statistic-content-value').innerText()).replace(/\D/g, ''));
  expect(overdue, 'the demo gives the consultant overdue follow-ups').toBeGreaterThan(0);
  // the figure opens the overdue tab of the follow-up list
  await expect(overdueFigure).toHaveAttribute('href', '/followups?tab=overdue');

  // when: the consultant opens the first overdue follow-up listed (the oldest) and records what came of the call
  const row = page.getByTestId('wb-tasks-row').filter({ has: page.getByTestId('overdue-tag') }).first();
  await expect(row).toBeVisible();
  const button = row.getByTestId('wb-record-result');
  const taskId = Number(await button.getAttribute('data-task-id'));
  const customerName = (await row.getByTestId('wb-customer').first().innerText()).trim();
  await button.click();

  const drawer = page.getByTestId('result-drawer');
  await expect(drawer).toBeVisible();
  await expect(page.getByTestId('result-task')).toContainText(customerName);
  await expect.poll(async () => (await drawer.boundingBox())?.width).toBeGreaterThanOrEqual(374);
  await page.getByTestId('result-outcome').getByRole('radio', { name: '已联系上' }).click();
  await page.getByTestId('result-content').fill('已电话联系，客户下周二到院复查。');
  await page.getByTestId('result-submit').click();
  await expect(page.getByText('回访已完成')).toBeVisible();
  await expect(drawer).toBeHidden();

  // then: the workbench counts one overdue follow-up fewer and no longer lists this one
  await expect(overdueFigure.locator('.ant-statistic-content-value')).toHaveText(String(overdue - 1));
  await expect(page.locator(`[data-task-id="${taskId}"]`)).toHaveCount(0);
  await expect(page.getByTestId('wb-followups-done')).toBeVisible();

  // and the task is closed with the result as entered
  const response = await page.request.get(`/api/v1/followups/${taskId}/`);
  expect(response.ok()).toBe(true);
  const task = (await response.json()) as Task;
  expect(task).toMatchObject({ status: 'done', outcome: 'reached', result_content: '已电话联系，客户下周二到院复查。' });
  expect(task.customer.name).toBe(customerName);
});
