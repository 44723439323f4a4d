// Shared by the journeys: demo accounts, signing in, and the accessibility check.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** What serve.sh seeds every demo staff user with (set in playwright.config.ts). */
export const DEMO_PASSWORD = 'e2e-demo-pass-portico-2026';
export const ADMIN = 'admin@riverside.example';
export const FRONT_DESK = 'frontdesk@riverside.example';

/** Signs in through the real form (email, then password) and waits for the staff home. */
export async function signIn(page: Page, email = ADMIN, password = DEMO_PASSWORD) {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Welcome/ })).toBeVisible();
}

/** Signs out with the sidebar's button (desktop) and waits for the sign-in page. */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
}

/** Adds a staff user on the Staff users page; the signed-in user must be an administrator. */
export async function addStaffUser(page: Page, user: { name: string; email: string; role: string; password: string }) {
  await page.goto('/staff/staff-users');
  await page.getByRole('button', { name: 'Add staff user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add staff user' });
  await dialog.getByLabel('Name').fill(user.name);
  await dialog.getByLabel('Email').fill(user.email);
  await dialog.getByLabel(user.role).check();
  await dialog.getByLabel('Initial password').fill(user.password);
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText(`${user.name} can now sign in.`)).toBeVisible();
}

/** Fails on any axe violation of impact serious or critical, listing each with its elements. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}
