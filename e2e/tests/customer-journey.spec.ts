import { expect, test, type Page } from '@playwright/test';

import { login } from './helpers';

/**
 * The customer journey on a phone, as the issue asks: the receptionist opens a file for a new customer,
 * checks them in and triages them to a consultant; the consultant records the consultation; the customer's
 * 360° view shows the arrival, the triage and the consultation on the timeline.
 */
test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

/** The demo consultant behind the `consultant` login. */
const CONSULTANT = '张敏';

/** A mobile number no earlier run used: 139 and the last eight digits of the clock. */
function uniquePhone(): string {
  return `139${String(Date.now()).slice(-8)}`;
}

async function chooseOption(page: Page, text: string): Promise<void> {
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

test('register, check in, triage, consult, and see it all on the timeline', async ({ page }) => {
  const phone = uniquePhone();
  const name = `旅程${phone.slice(-4)}`;

  // The receptionist: a new file from the check-in drawer, then the arrival.
  await login(page, 'reception');
  await page.goto('/reception/waiting');
  await page.getByTestId('checkin-open').click();
  await page.getByTestId('checkin-search').fill(phone);
  await expect(page.getByText(`没有找到“${phone}”`)).toBeVisible();
  await page.getByTestId('checkin-new-customer').click();
  const quickForm = page.getByTestId('quick-customer-form');
  await expect(quickForm.getByLabel('手机号')).toHaveValue(phone);
  await quickForm.getByLabel('姓名').fill(name);
  await page.getByTestId('quick-customer-save').click();
  await expect(page.getByTestId('checkin-customer')).toContainText(name);
  await page.getByTestId('checkin-purpose').fill('咨询光子嫩肤');
  await page.getByTestId('checkin-submit').click();
  await expect(page.getByText(`已登记到院：${name}（初诊）`)).toBeVisible();

  const card = page.locator('[data-testid^="visit-card-"]').filter({ hasText: name });
  await expect(card).toContainText('候诊');
  await expect(card).toContainText('初诊');

  // Triage to the consultant, who becomes the customer's owner.
  await card.locator('[data-testid^="triage-"]').click();
  const triage = page.getByRole('dialog');
  await expect(triage).toContainText(`分诊：${name}`);
  await triage.getByLabel('接诊咨询师').click();
  await chooseOption(page, CONSULTANT);
  await triage.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText(`已分诊：${name} → ${CONSULTANT}`)).toBeVisible();
  await expect(card).toContainText('咨询中');
  await expect(card).toContainText(`咨询：${CONSULTANT}`);

  // The consultant, on their phone: the waiting list, then the consultation form for this visit.
  await page.context().clearCookies();
  await login(page, 'consultant');
  await page.goto('/reception/waiting');
  const theirCard = page.locator('[data-testid^="visit-card-"]').filter({ hasText: name });
  await theirCard.locator('[data-testid^="consult-"]').click();
  await expect(page).toHaveURL(/\/reception\/consultation\?customer=\d+&visit=\d+/);
  const customerId = new URL(page.url()).searchParams.get('customer');
  await expect(page.getByTestId('consultation-customer')).toContainText(name);

  await page.getByTestId('consultation-content').fill('面部色斑，希望改善肤色；推荐光子嫩肤 3 次一疗程。');
  await page.getByTestId('consultation-items').click();
  await page.keyboard.type('光子嫩肤');
  await page.keyboard.press('Enter');
  await page.getByTestId('consultation-outcome').getByText('成交', { exact: true }).click();
  await page.getByTestId('consultation-save').click();
  await expect(page.getByText('咨询记录已保存')).toBeVisible();
  // A deal goes on to the order (开单) with the customer, visit and consultation filled in.
  await expect(page).toHaveURL(/\/sales\/orders\/new\?customer=\d+&visit=\d+&consultation=\d+/);

  // The 360° view: arrival, triage and consultation on the timeline.
  await page.goto(`/customers/${customerId}?tab=timeline`);
  const timeline = page.getByTestId('customer-timeline');
  await expect(timeline).toBeVisible();
  await expect(timeline).toContainText('到院（初诊）：咨询光子嫩肤');
  await expect(timeline).toContainText(`分诊到咨询；咨询：${CONSULTANT}`);
  await expect(timeline).toContainText(`现场咨询（${CONSULTANT}）；意向：光子嫩肤；结果：成交`);
});
