import path from 'node:path';

import { expect, test, type Page } from '@playwright/test';

import { login } from './helpers';

/** Full-page pictures of the main pages at phone, iPad and desktop widths, for a person to look at. */
const WIDTHS = [
  { name: 'phone', width: 375, height: 812 },
  { name: 'ipad', width: 1024, height: 768 },
  { name: 'desktop', width: 1440, height: 900 },
];

const SHOTS_DIR = path.join(import.meta.dirname, '..', 'screenshots');

async function shoot(page: Page, width: number, name: string): Promise<void> {
  // Spinners and table loading masks gone: the page has settled.
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  // Drawers and modals slide in: wait until no CSS transition is still running.
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  await page.screenshot({ path: path.join(SHOTS_DIR, `${width}-${name}.png`), fullPage: true });
}

for (const { name, width, height } of WIDTHS) {
  test.describe(`screenshots at ${width} px (${name})`, { tag: '@screenshots' }, () => {
    test.use({ viewport: { width, height } });

    test('login page', async ({ page }) => {
      await page.goto('/login');
      await expect(page.getByPlaceholder('用户名')).toBeVisible();
      await shoot(page, width, 'login');
    });

    test('system pages as admin', async ({ page }) => {
      await login(page, 'admin');
      await shoot(page, width, 'home');
      for (const [route, shot] of [
        ['/system/org-units', 'org-units'],
        ['/system/positions', 'positions'],
        ['/system/staff', 'staff'],
        ['/system/roles', 'roles'],
      ] as const) {
        await page.goto(route);
        await expect(page.locator('.ant-table-row').first()).toBeVisible();
        await shoot(page, width, shot);
      }
    });

    test('role editor as security', async ({ page }) => {
      await login(page, 'security');
      await page.goto('/system/roles');
      await page.locator('.ant-table-row').first().getByRole('button').first().click();
      await expect(page.getByTestId('permission-tree')).toBeVisible();
      await shoot(page, width, 'role-editor');
    });

    test('audit logs as auditor', async ({ page }) => {
      await login(page, 'auditor');
      await page.goto('/audit/logs');
      await expect(page.getByRole('tabpanel', { name: '操作日志' }).locator('.ant-table')).toBeVisible();
      await shoot(page, width, 'audit-operations');
      await page.getByRole('tab', { name: '变更日志' }).click();
      const changes = page.getByRole('tabpanel', { name: '变更日志' });
      await expect(changes.locator('.ant-table-row').first()).toBeVisible();
      await changes.locator('.ant-table-row-expand-icon').first().click();
      await shoot(page, width, 'audit-changes');
    });

    test('customer file pages', async ({ page }) => {
      await login(page, 'director');
      const settle = async (selector: string) => {
        await expect(page.locator(selector).first()).toBeVisible();
        await page.waitForLoadState('networkidle');
      };
      await page.goto('/customers/list');
      await settle(width < 768 ? '[data-testid="customer-cards"] .ant-card' : '.ant-table-row');
      await shoot(page, width, 'customers');
      const answer = await page.request.get('/api/v1/customers/?page_size=1&ordering=-visit_count');
      const { results } = (await answer.json()) as { results: { id: number }[] };
      const id = results[0].id;
      await page.goto(`/customers/${id}`);
      await settle('.ant-tabs-tab');
      await shoot(page, width, 'customer-360');
      for (const [route, shot] of [
        ['/customers/new', 'customer-new'],
        ['/customers/settings', 'customer-settings'],
        ['/customers/import', 'customer-import'],
        [`/reception/consultation?customer=${id}`, 'consultation'],
        ['/reception/waiting', 'waiting-list'],
        ['/reception/complaints', 'complaints'],
      ] as const) {
        await page.goto(route);
        await settle('form, .ant-card, .ant-table, .ant-empty');
        await shoot(page, width, shot);
      }
    });

    test('catalogue pages', async ({ page }) => {
      await login(page, 'director');
      for (const [route, shot] of [
        ['/catalog/handbook?item=1', 'catalog-handbook'],
        ['/catalog/items', 'catalog-items'],
        ['/catalog/categories', 'catalog-categories'],
        ['/catalog/products', 'catalog-products'],
        ['/catalog/cards', 'catalog-cards'],
        ['/catalog/knowledge?item=1', 'catalog-knowledge'],
      ] as const) {
        await page.goto(route);
        await expect(page.locator('.ant-card, .ant-table, .ant-tree, .ant-empty').first()).toBeVisible();
        await page.waitForLoadState('networkidle');
        await shoot(page, width, shot);
      }
    });
  });
}
