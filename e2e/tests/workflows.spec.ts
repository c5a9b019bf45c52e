import { expect, test, type Page } from '@playwright/test';

import { login, submitLogin } from './helpers';

/** Unique names, so the flows can run again against the same database. */
const stamp = () => Date.now().toString(36).slice(-5);

async function openModalForm(page: Page, buttonName: RegExp) {
  await page.getByRole('button', { name: buttonName }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

test('admin creates, edits and deletes a position', async ({ page }) => {
  const code = `e2e_${stamp()}`;
  await login(page, 'admin');
  await page.goto('/system/positions');

  const dialog = await openModalForm(page, /新增岗位/);
  await dialog.getByLabel('名称').fill(`测试岗位${code}`);
  await dialog.getByLabel('编码').fill(code);
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator('.ant-table-row', { hasText: code });
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: /编\s*辑/ }).click();
  await page.getByRole('dialog').getByLabel('名称').fill(`改名岗位${code}`);
  await page.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();
  await expect(row).toContainText(`改名岗位${code}`);

  await row.getByRole('button', { name: /删\s*除/ }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /删\s*除/ }).click();
  await expect(row).toHaveCount(0);
});

test('admin adds a team under a department and removes it', async ({ page }) => {
  const code = `e2e_${stamp()}`;
  await login(page, 'admin');
  await page.goto('/system/org-units');

  const parent = page.locator('.ant-table-row', { hasText: '医学美容科' }).first();
  await parent.getByRole('button', { name: '新增下级' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('名称').fill(`测试小组${code}`);
  await dialog.getByLabel('编码').fill(code);
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();

  const row = page.locator('.ant-table-row', { hasText: code });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: /删\s*除/ }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /删\s*除/ }).click();
  await expect(row).toHaveCount(0);
});

test('a weak password is refused on the field, a good one creates the account', async ({ page }) => {
  const id = stamp();
  await login(page, 'admin');
  await page.goto('/system/staff');

  const dialog = await openModalForm(page, /新增员工/);
  await dialog.getByLabel('用户名').fill(`e2e${id}`);
  await dialog.getByLabel('姓名').fill(`测试${id}`);
  await dialog.getByLabel('工号').fill(`E2E${id}`);
  await dialog.getByLabel('手机号').fill('13912345678');
  const unit = dialog.locator('.ant-form-item', { hasText: '所属部门' });
  // Under load the tree's dropdown may still be opening when the node is clicked: retry until it shows.
  await expect(async () => {
    await unit.locator('.ant-select').click();
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '咨询一组' }).click({ timeout: 2000 });
    await expect(unit).toContainText('咨询一组', { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await dialog.getByLabel('初始密码').fill('abcdefgh');
  await dialog.getByLabel('确认新密码').fill('abcdefgh');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog.locator('.ant-form-item-has-error', { hasText: '初始密码' })).toContainText('至少三类');

  await dialog.getByLabel('初始密码').fill('Welcome@2026');
  await dialog.getByLabel('确认新密码').fill('Welcome@2026');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();

  await page.getByPlaceholder(/搜索姓名/).fill(`E2E${id}`);
  await page.getByPlaceholder(/搜索姓名/).press('Enter');
  const row = page.locator('.ant-table-row', { hasText: `E2E${id}` });
  await expect(row).toContainText('139****5678');
  await row.getByRole('button', { name: '查看' }).click();
  await expect(row).toContainText('13912345678');
});

test('security gives a new role a custom data scope', async ({ page }) => {
  const code = `e2e_${stamp()}`;
  await login(page, 'security');
  await page.goto('/system/roles');

  await page.getByRole('button', { name: /新增角色/ }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('名称').fill(`测试角色${code}`);
  await drawer.getByLabel('编码').fill(code);
  await drawer.getByTestId('permission-tree').getByText('新增').first().click();

  const scopes = drawer.getByTestId('data-scope-editor');
  await scopes.locator('.ant-select').first().click();
  await page.locator('.ant-select-item-option', { hasText: '指定部门' }).click();
  await scopes.locator('.ant-select').nth(1).click();
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '医疗组' }).click();
  await drawer.getByText('数据权限').first().click();
  await drawer.getByRole('button', { name: /保\s*存/ }).click();
  await expect(drawer).toBeHidden();

  const row = page.locator('.ant-table-row', { hasText: code });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: /编\s*辑/ }).click();
  await expect(page.getByRole('dialog').getByTestId('data-scope-editor')).toContainText('医疗组');
});

test('the auditor exports the operation log as Excel', async ({ page }) => {
  await login(page, 'auditor');
  await page.goto('/audit/logs');
  const download = page.waitForEvent('download');
  await page.getByTestId('audit-export').click();
  expect((await download).suggestedFilename()).toMatch(/^operation-log-\d{8}-\d{6}\.xlsx$/);
});

test('the password page shows the server rule under the new-password field', async ({ page }) => {
  await login(page, 'doctor2');
  await page.goto('/account/password');
  await page.getByLabel('原密码').fill('Demo@2026');
  await page.getByLabel('新密码', { exact: true }).fill('doctor2doctor2');
  await page.getByLabel('确认新密码').fill('doctor2doctor2');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.locator('.ant-form-item-has-error', { hasText: '新密码' }).first()).toBeVisible();
});

test('the language switch turns the console to English and is remembered', async ({ page }) => {
  await login(page, 'admin');
  await page.getByTestId('language-switch').click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(page.getByTestId('side-menu')).toContainText('Home');
  await page.reload();
  await expect(page.getByTestId('side-menu')).toContainText('System');
  expect(await page.evaluate(() => window.localStorage.getItem('yimei.lang'))).toBe('en-US');
});

test('after a password reset the member of staff must set a new password first', async ({ page }) => {
  const temporary = `Reset@${stamp()}x`;
  await login(page, 'security', { fresh: true });
  await page.goto('/system/staff');
  await page.getByPlaceholder(/搜索姓名/).fill('nurse2');
  await page.getByPlaceholder(/搜索姓名/).press('Enter');
  const row = page.locator('.ant-table-row', { hasText: 'nurse2' });
  await expect(page.locator('.ant-table-row')).toHaveCount(1);
  await row.getByRole('button', { name: /更多/ }).click();
  await page.getByRole('menuitem', { name: '重置密码' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('新密码', { exact: true }).fill(temporary);
  await dialog.getByLabel('确认新密码').fill(temporary);
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();

  await page.getByTestId('user-menu').click();
  await page.getByText('退出登录').click();
  await expect(page).toHaveURL(/\/login/);
  await submitLogin(page, 'nurse2', temporary);
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByText('请先设置新密码')).toBeVisible();

  await page.goto('/system/staff');
  await expect(page).toHaveURL(/\/account\/password$/);

  const chosen = `Nurse#${stamp()}y`;
  await page.getByLabel('原密码').fill(temporary);
  await page.getByLabel('新密码', { exact: true }).fill(chosen);
  await page.getByLabel('确认新密码').fill(chosen);
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('welcome-card')).toBeVisible();
});
