import { expect, test, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';

/** The demo database's shared password (demo data only). */
export const DEMO_PASSWORD = 'Demo@2026';

type Cookies = Awaited<ReturnType<BrowserContext['cookies']>>;

/**
 * Session cookies per user, kept for the worker's life: the back end allows 30 logins a minute from one
 * address, so tests that are not about signing in reuse a session instead of signing in again.
 */
const sessions = new Map<string, Cookies>();

export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码').fill(password);
  await page.locator('form button[type="submit"]').click();
}

/**
 * Opens the console as `username`. `fresh` signs in through the login page for a session of the test's
 * own, which a test that signs out must use so that it does not end the session others reuse.
 */
export async function login(page: Page, username: string, { fresh = false } = {}): Promise<void> {
  const kept = sessions.get(username);
  if (kept && !fresh) {
    await page.context().addCookies(kept);
    await page.goto('/');
    const watermark = page.getByTestId('watermark');
    const loginForm = page.getByPlaceholder('用户名');
    await expect(watermark.or(loginForm)).toBeVisible();
    if (await watermark.isVisible()) return;
    sessions.delete(username);
  }
  await page.goto('/login');
  await submitLogin(page, username, DEMO_PASSWORD);
  await expect(page.getByTestId('watermark')).toBeVisible();
  if (!fresh) sessions.set(username, await page.context().cookies());
}

/** Every label in the side menu, with all its groups opened. */
export async function menuLabels(page: Page): Promise<string[]> {
  const menu = page.getByTestId('side-menu');
  await expect(menu).toBeVisible();
  const groups = menu.locator('.ant-menu-submenu:not(.ant-menu-submenu-open) > .ant-menu-submenu-title');
  while ((await groups.count()) > 0) {
    await groups.first().click();
  }
  return (await menu.locator('.ant-menu-title-content').allInnerTexts()).map((label) => label.trim());
}

/** One stroke with the mouse (pointer events, as signature_pad listens to). */
export async function strokeWithMouse(page: Page, points: [number, number][]) {
  const box = (await page.getByTestId('signature-canvas').boundingBox())!;
  await page.mouse.move(box.x + points[0][0], box.y + points[0][1]);
  await page.mouse.down();
  for (const [x, y] of points.slice(1)) await page.mouse.move(box.x + x, box.y + y, { steps: 6 });
  await page.mouse.up();
}

/** A browser context of its own (Chinese, the clinic's time zone, desktop unless `options` say otherwise), signed
 * in as `username`. */
export async function openAs(browser: Browser, username: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    ...options,
  });
  const page = await context.newPage();
  await login(page, username);
  return page;
}
