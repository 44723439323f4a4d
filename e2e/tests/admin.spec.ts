// The read-only admin consoles: staff users and the audit log with its filters.
import { expect, test } from '@playwright/test';
import { FRONT_DESK, expectAccessible, signIn } from '../support';

test('admins see the staff list and the audit trail', async ({ page }) => {
  await signIn(page);
  const nav = page.getByRole('navigation', { name: 'Staff consoles' });
  await nav.getByRole('link', { name: 'Staff users' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff users' })).toBeVisible();
  await expect(page.getByRole('cell', { name: /frontdesk@riverside\.example/ })).toBeVisible();
  await expectAccessible(page);

  await nav.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('cell', { name: /staff\.login/ }).first()).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Staff member').selectOption({ label: 'Alex Morgan' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/actor=/);
  await expect(page.getByRole('row').nth(1)).toContainText('Alex Morgan');

  await page.getByLabel('From').fill('2030-01-02');
  await page.getByLabel('To').fill('2030-01-01');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByLabel('To')).toHaveAttribute('aria-invalid', 'true');
});

test('front desk staff do not see the admin consoles', async ({ page }) => {
  await signIn(page, FRONT_DESK);
  const nav = page.getByRole('navigation', { name: 'Staff consoles' });
  await expect(nav.getByRole('link', { name: 'Patients' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Portal Configs' })).toHaveCount(0);
  // Typed in directly, the API refuses and the page says why.
  await page.goto('/staff/portal-config');
  await expect(page.getByRole('alert')).toBeVisible();
});
