import { expect, test } from '@playwright/test';

import { login } from './helpers';

test.describe('catalogue', () => {
  test.describe('project handbook on an iPad', () => {
    test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true });

    test('a nurse picks a category and an item, reads the articles and swipes through the case pictures', async ({ page }) => {
      await login(page, 'nurse');
      await page.goto('/catalog/handbook');
      // Big touch targets: the category buttons are at least 48 px high.
      const injection = page.getByTestId('handbook-roots').getByRole('button', { name: /注\s*射/ });
      expect((await injection.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
      await injection.tap();
      await page.getByTestId('handbook-item-HYDRA-01').tap();

      const sheet = page.getByTestId('handbook-sheet');
      await expect(sheet.getByRole('heading', { name: '水光针（基础补水）' })).toBeVisible();
      await expect(page.getByTestId('handbook-price')).toContainText('¥1,680');
      await expect(page.getByTestId('handbook-price')).toContainText('会员价');
      await sheet.getByRole('tab', { name: '禁忌症' }).tap();
      await expect(sheet.getByText('孕期、哺乳期')).toBeVisible();

      await sheet.getByRole('tab', { name: /案例/ }).tap();
      const pictures = page.getByTestId('handbook-case').first().locator('img');
      await expect(pictures).toHaveCount(2);
      // Each picture is served by the permission-checked view, never a public address.
      await expect(pictures.first()).toHaveAttribute('src', /^\/api\/v1\/catalog\/images\/\d+\/file\/$/);
      await expect.poll(() => pictures.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
      await pictures.first().tap();
      const preview = page.locator('.ant-image-preview');
      await expect(preview).toBeVisible();
      await expect(preview).toContainText('1 / 2');
      await preview.locator('.ant-image-preview-switch-next, .ant-image-preview-actions-switch-next').first().click();
      await expect(preview).toContainText('2 / 2');
      await page.keyboard.press('Escape');

      // A nurse reads the catalogue but does not change it.
      await page.goto('/catalog/items');
      await expect(page.getByTestId('items-table')).toBeVisible();
      await expect(page.getByRole('button', { name: '新建项目' })).toHaveCount(0);
    });
  });

  test('the director changes an item and its member prices, and the handbook shows them', async ({ page }) => {
    await login(page, 'director');
    await page.goto('/catalog/items');
    await page.getByTestId('item-search').locator('input').fill('LED');
    await page.getByTestId('item-search').locator('input').press('Enter');
    await expect(page.getByTestId('items-table').locator('.ant-table-row')).toHaveCount(1);
    await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
    await page.getByTestId('item-link-LED-01').click();

    const drawer = page.getByRole('dialog');
    await expect(drawer.getByTestId('item-name')).toHaveValue('LED 红蓝光');
    await drawer.getByLabel('标准价').fill('288');
    // One member price, for the first tier in the list (rows of an earlier run are removed first).
    const removeRow = drawer.getByTestId('tier-prices').getByRole('button', { name: '删除' });
    while ((await removeRow.count()) > 0) await removeRow.first().click();
    await drawer.getByRole('button', { name: '添加会员价' }).click();
    const row = drawer.getByTestId('tier-prices').locator('.ant-select').last();
    await row.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await drawer.getByTestId('tier-prices').getByRole('spinbutton').last().fill('199');
    await drawer.getByTestId('item-save').click();
    await expect(page.getByText('已保存')).toBeVisible();
    await expect(drawer).toHaveCount(0);
    await expect(page.getByTestId('items-table')).toContainText('¥288.00');

    await page.goto('/catalog/handbook');
    await page.getByTestId('handbook-search').locator('input').fill('LED');
    await page.getByTestId('handbook-item-LED-01').click();
    await expect(page.getByTestId('handbook-price')).toContainText('¥288');
    await expect(page.getByTestId('handbook-price')).toContainText('¥199');
  });

  test('a server-side rule shows under its field and nothing is saved', async ({ page }) => {
    await login(page, 'director');
    await page.goto('/catalog/cards');
    await page.getByRole('button', { name: '新建卡项' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('卡项编码').fill('CARD-IPL5');
    await dialog.getByLabel('卡项名称').fill('重复编码的卡');
    await dialog.getByLabel('售价').fill('100');
    await dialog.getByTestId('card-items').locator('.ant-select').first().click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect(dialog.getByText(/卡项编码“CARD-IPL5”已被/)).toBeVisible();
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    const answer = await page.request.get('/api/v1/catalog/card-types/?search=重复编码');
    expect(((await answer.json()) as { count: number }).count).toBe(0);
  });
});
