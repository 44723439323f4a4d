// Portal sign-in and recovery on a phone (AUTH-1, AUTH-4, INV-7): the practice code, the one
// generic message for a failed sign-in, a password reset by emailed link (that works once), and
// what /register says without a good invitation link.
import { expect, test } from '@playwright/test';
import {
  PHONE_VIEWPORT,
  PRACTICE,
  PRACTICE_NAME,
  expectAccessible,
  expectFitsPhone,
  portalSignIn,
  registeredPatient,
  resetLink,
  uniqueEmail,
} from '../support';

test.use({ viewport: PHONE_VIEWPORT });

const PASSWORD = 'willow harbour copper lantern';
const NEW_PASSWORD = 'granite sparrow evening tide';

test('a wrong password gets the generic message that points to the invitation link', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto('/portal/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Patient portal sign in' })).toBeVisible();
  await expect(page.getByText('Use the link in your invitation email or text message from your practice.')).toBeVisible();
  await expectAccessible(page);
  await expectFitsPhone(page);

  // An unknown practice code is refused next to the field.
  const practice = page.getByLabel("Your practice's portal code");
  await practice.fill('no-such-practice');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(practice).toHaveAttribute('aria-invalid', 'true');
  await expect(practice).toHaveAccessibleDescription(/can't find a practice with the code “no-such-practice”/);
  await expectAccessible(page);

  await practice.fill(PRACTICE);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText(PRACTICE_NAME)).toBeVisible();
  // The practice's colour reaches the page under a policy with no inline styles (set through the
  // CSSOM), and the browser reported no policy violation.
  const accent = await page.locator('main').evaluate((m) => getComputedStyle(m).getPropertyValue('--accent').trim());
  expect(accent).toMatch(/^#[0-9a-f]{6}$/);
  const email = page.getByLabel('Email');
  await expect(email).toBeVisible();
  await email.fill(uniqueEmail('nobody'));
  await page.getByRole('button', { name: 'Continue' }).click();
  // The email step does not tell whether an account exists: the password is asked either way.
  const password = page.getByLabel('Password');
  await expect(password).toBeFocused();
  await password.fill('not my password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByText(/That email and password do not match\..*use the invitation link your practice sent you/)).toBeVisible();
  await expect(password).toHaveValue('');
  await expect(page).toHaveURL(/\/portal\/sign-in/);
  await expectAccessible(page);
  expect(violations, 'Content-Security-Policy violations').toEqual([]);
});

test('a forgotten password is reset by an emailed link that works once', async ({ page, request }) => {
  test.slow();
  const patient = await registeredPatient(request, PASSWORD);

  await page.goto(`/portal/sign-in?practice=${PRACTICE}`);
  await page.getByLabel('Email').fill(patient.email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeVisible();
  // The practice is known from the sign-in page, and the email typed there is kept.
  await expect(page.getByLabel("Your practice's portal code")).toHaveCount(0);
  await expect(page.getByLabel('Email')).toHaveValue(patient.email);
  await expectAccessible(page);
  await expectFitsPhone(page);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
  await expect(page.getByText('If an account exists for that email, we sent a link. It works for 1 hour.')).toBeVisible();
  await expectAccessible(page);

  const link = await resetLink(request, patient.email);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  await expect(page, 'the reset token leaves the address bar').toHaveURL(/\/portal\/reset-password$/);
  await expectAccessible(page);
  await expectFitsPhone(page);
  const fresh = page.getByLabel('New password', { exact: true });
  const confirm = page.getByLabel('Type the new password again');
  // Two different passwords are caught before asking the server.
  await fresh.fill(NEW_PASSWORD);
  await confirm.fill(`${NEW_PASSWORD}!`);
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(confirm).toHaveAttribute('aria-invalid', 'true');
  await expect(confirm).toBeFocused();
  await confirm.fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save new password' }).click();

  await expect(page).toHaveURL(/\/portal\/sign-in/);
  await expect(page.getByText('Your password has been changed. Sign in with your new password.')).toBeVisible();
  await expectAccessible(page);

  // The old password no longer works; the new one does.
  await page.getByLabel('Email').fill(patient.email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/That email and password do not match/)).toBeVisible();
  await portalSignIn(page, patient.email, NEW_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${patient.first_name}` })).toBeVisible();
  await expectAccessible(page);

  // The link worked once: used again, it says so and offers a new one.
  await page.goto('/');
  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill('another fine password here');
  await page.getByLabel('Type the new password again').fill('another fine password here');
  await page.getByRole('button', { name: 'Save new password' }).click();
  const refused = page.getByRole('alert').filter({ hasText: 'Links to reset a password work once, for 1 hour.' });
  await expect(refused).toBeVisible();
  await expect(refused.getByRole('link', { name: 'Send me a new link' })).toBeVisible();
  await expectAccessible(page);
});

test('/register without a working invitation link explains how to get one', async ({ page }) => {
  await page.goto('/register');
  await expect(page.getByRole('heading', { level: 1, name: 'You need an invitation to register' })).toBeVisible();
  await expect(page.getByText(/You need an invitation link from your practice to register\. Ask them to send one/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in to your portal' })).toBeVisible();
  await expect(page.getByLabel('Choose a password')).toHaveCount(0);
  await expectAccessible(page);
  await expectFitsPhone(page);

  await page.goto('/register#t=this-is-not-a-real-invitation-token-at-all');
  await expect(page.getByRole('heading', { level: 1, name: "This invitation link doesn't work" })).toBeVisible();
  await expect(page.getByText(/not valid/)).toBeVisible();
  await expect(page.getByLabel('Choose a password')).toHaveCount(0);
  await expectAccessible(page);
});

test('My Account changes the password, and the new one signs in', async ({ page, request }) => {
  test.slow();
  const patient = await registeredPatient(request, PASSWORD);
  await portalSignIn(page, patient.email, PASSWORD);
  await page.getByRole('link', { name: /My Account/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My Account' })).toBeVisible();
  await expect(page.getByText(patient.email).first()).toBeVisible();
  await expectAccessible(page);
  await expectFitsPhone(page);

  // Wrong current password and a mismatched confirmation: each said next to its field.
  await page.getByLabel('Current password').fill('not my password at all');
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill('something else entirely');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByLabel('Confirm new password')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Current password')).toHaveAccessibleDescription(/not your current password/);
  await expectAccessible(page);

  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed. You were signed out everywhere else.')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await portalSignIn(page, patient.email, NEW_PASSWORD);
});
