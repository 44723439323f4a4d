// Journey 1: a staff member signs in (email, then password), stays signed in across a reload,
// signs out; a wrong password gets the one generic message (AUTH-1).
import { expect, test } from '@playwright/test';
import { ADMIN, DEMO_PASSWORD, expectAccessible, signIn } from '../support';

test('signs in, survives a reload, signs out', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText('Patients: use the invitation link your practice sent you')).toBeVisible();
  await page.getByRole('link', { name: 'Staff sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Staff sign in' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Email').fill(ADMIN);
  await page.getByRole('button', { name: 'Continue' }).click();
  const password = page.getByLabel('Password');
  await expect(password).toBeFocused();
  await password.fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Alex' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Riverside Physical Therapy' })).toBeVisible();
  await expectAccessible(page);

  // The access token is only in memory: the HttpOnly refresh cookie restores the session.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Alex' })).toBeVisible();
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
  await expect(page.getByText('You have signed out.')).toBeVisible();

  // Signed out for real: a staff page sends us to sign in, and back there afterwards.
  await page.goto('/staff/patients');
  await expect(page).toHaveURL(/\/staff\/sign-in\?next=/);
  await page.getByLabel('Email').fill(ADMIN);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/staff\/patients$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Patients' })).toBeVisible();
});

test('a wrong password gets the generic message', async ({ page }) => {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Email').fill(ADMIN);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill('not-the-password-at-all');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByText(/That email and password do not match/)).toBeVisible();
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expectAccessible(page);
});

test('an email without @ is caught before asking the server', async ({ page }) => {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Email').fill('admin');
  await page.getByRole('button', { name: 'Continue' }).click();
  const email = page.getByLabel('Email');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/work email address/);
  await expect(email).toBeFocused();
});

test('unknown addresses get a friendly page', async ({ page }) => {
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: "We can't find that page" })).toBeVisible();
  await signIn(page);
  await page.goto('/staff/no-such-console');
  await expect(page.getByRole('heading', { name: "We can't find that page" })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Staff consoles' })).toBeVisible();
  await page.goto('/staff/calendar');
  await expect(page.getByText('Calendar is coming soon.')).toBeVisible();
});

test('30 minutes without activity signs staff out (SEC-7)', async ({ page }) => {
  await page.clock.install();
  await signIn(page);
  await page.clock.fastForward('31:00');
  await expect(page).toHaveURL(/\/staff\/sign-in\?next=/);
  await expect(page.getByText(/signed out after 30 minutes without activity/)).toBeVisible();
  // The server session is gone too: a reload does not bring it back.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Staff sign in' })).toBeVisible();
});
