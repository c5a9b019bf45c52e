import { expect, test } from '@playwright/test';

import { login, menuLabels } from './helpers';

const SYSTEM_PAGES = ['组织架构', '岗位', '员工', '角色'];

test.describe('each role sees only its menus', () => {
  test('admin sees the system pages and not the audit log', async ({ page }) => {
    await login(page, 'admin');
    const labels = await menuLabels(page);
    expect(labels).toEqual(expect.arrayContaining(['系统管理', ...SYSTEM_PAGES]));
    expect(labels).not.toContain('安全审计');
    expect(labels).not.toContain('审计日志');
  });

  test('auditor sees the audit log only', async ({ page }) => {
    await login(page, 'auditor');
    const labels = await menuLabels(page);
    expect(labels).toEqual(['首页', '安全审计', '审计日志']);
  });

  test('reception sees the front desk and customer menus, none of the system ones', async ({ page }) => {
    await login(page, 'reception');
    const labels = await menuLabels(page);
    expect(labels).toEqual(expect.arrayContaining(['首页', '前台接待', '到院候诊', '客户', '客户档案']));
    for (const hidden of ['系统管理', '员工', '安全审计', '历史数据导入']) expect(labels).not.toContain(hidden);
  });

  test('security sees staff and roles', async ({ page }) => {
    await login(page, 'security');
    const labels = await menuLabels(page);
    expect(labels).toEqual(expect.arrayContaining(['系统管理', '员工', '角色']));
    expect(labels).not.toContain('安全审计');
  });

  test('a page outside the role answers 403, not its content', async ({ page }) => {
    await login(page, 'reception');
    await page.goto('/system/staff');
    await expect(page.getByText('无权访问')).toBeVisible();
    await expect(page.getByTestId('staff-table')).toHaveCount(0);
  });
});
