// Writes docs/screenshots/<page>-<desktop|phone>.png from the running app with demo data.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { signIn } from '../support';

const out = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 812 } } as const;

for (const [device, viewport] of Object.entries(sizes)) {
  test.describe(device, () => {
    test.use({ viewport });

    const shot = (page: Page, name: string) =>
      page.screenshot({ path: path.join(out, `${name}-${device}.png`), animations: 'disabled', caret: 'hide' });

    test('pages', async ({ page }) => {
      await page.goto('/staff/sign-in');
      await page.getByLabel('Email').fill('admin@riverside.example');
      await page.getByRole('button', { name: 'Continue' }).click();
      await shot(page, 'sign-in');

      await signIn(page);
      await page.mouse.move(0, 0);
      await shot(page, 'staff-home');

      await page.goto('/staff/patients?q=Adams');
      await expect(page.getByRole('link', { name: 'Patricia Adams' })).toBeVisible();
      await shot(page, 'patient-search');

      await page.getByRole('link', { name: 'Patricia Adams' }).click();
      await expect(page.getByRole('heading', { name: 'Contacts' })).toBeVisible();
      await expect(page.getByText('Loading…')).toHaveCount(0);
      await shot(page, 'facesheet');

      await page.goto('/staff/portal-config');
      await expect(page.getByRole('group', { name: 'Providers offered online' })).toBeVisible();
      await shot(page, 'portal-config');

      if (device === 'phone') {
        await page.getByRole('button', { name: 'Menu' }).click();
        await shot(page, 'menu');
      }

      await page.goto('/staff/staff-users');
      await expect(page.getByRole('button', { name: 'Edit Alex Morgan' })).toBeVisible();
      await shot(page, 'staff-users');

      // The add dialog sent empty: every field says what it needs.
      await page.getByRole('button', { name: 'Add staff user' }).click();
      const add = page.getByRole('dialog', { name: 'Add staff user' });
      await add.getByRole('button', { name: 'Add user' }).click();
      await expect(add.getByLabel('Initial password')).toHaveAttribute('aria-invalid', 'true');
      await shot(page, 'add-staff-user');
      await page.keyboard.press('Escape');

      await page.goto('/staff/account');
      await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
      await shot(page, 'account');
    });
  });
}
