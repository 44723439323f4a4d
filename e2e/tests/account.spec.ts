// Every staff user's own page: their details, and changing their password (a wrong current
// password is refused next to that field; other devices are signed out; the new one works).
// A user added for the journey changes their password, so the demo accounts keep theirs.
import { expect, test } from '@playwright/test';
import { addStaffUser, expectAccessible, signIn, signOut } from '../support';

const jordan = {
  name: 'Jordan Blake',
  email: 'jordan.blake@riverside.example',
  role: 'Front desk',
  password: 'harbour willow copper kite',
};
const NEW_PASSWORD = 'copper kite harbour willow';

test('staff change their own password and sign in with the new one', async ({ page, browser }) => {
  await signIn(page);
  await addStaffUser(page, jordan);
  await signOut(page);
  await signIn(page, jordan.email, jordan.password);
  // Jordan is signed in on another device too.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await signIn(other, jordan.email, jordan.password);

  await page.getByRole('link', { name: /My account/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
  const details = page.getByRole('region', { name: 'Your details' });
  for (const text of [jordan.name, jordan.email, 'Front desk', 'Riverside Physical Therapy']) {
    await expect(details).toContainText(text);
  }
  await expectAccessible(page);

  const current = page.getByLabel('Current password');
  const fresh = page.getByLabel('New password', { exact: true });
  const confirm = page.getByLabel('Confirm new password');
  await expect(current).toHaveAttribute('autocomplete', 'current-password');
  await expect(fresh).toHaveAttribute('autocomplete', 'new-password');
  const change = page.getByRole('button', { name: 'Change password' });

  await current.fill('not my password at all');
  await fresh.fill(NEW_PASSWORD);
  await confirm.fill(NEW_PASSWORD);
  await change.click();
  await expect(current).toHaveAttribute('aria-invalid', 'true');
  await expect(current).toHaveAccessibleDescription(/This is not your current password/);
  await expect(current).toBeFocused();
  await expect(fresh).not.toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  // A confirmation that differs is caught in the browser.
  await current.fill(jordan.password);
  await confirm.fill(`${NEW_PASSWORD}!`);
  await change.click();
  await expect(confirm).toHaveAttribute('aria-invalid', 'true');
  await expect(confirm).toBeFocused();
  await expect(current).not.toHaveAttribute('aria-invalid', 'true');

  await confirm.fill(NEW_PASSWORD);
  await change.click();
  await expect(page.getByText('Password changed. You were signed out on your other devices.')).toBeVisible();
  for (const field of [current, fresh, confirm]) {
    await expect(field).toHaveValue('');
  }

  // The other device's session has ended.
  await other.reload();
  await expect(other.getByRole('heading', { name: 'Staff sign in' })).toBeVisible();
  await elsewhere.close();

  await signOut(page);
  await signIn(page, jordan.email, NEW_PASSWORD);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('My account is in the menu and fits the screen', async ({ page }) => {
    await signIn(page);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Staff consoles' }).getByRole('link', { name: /My account/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeFocused();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(page);

    await page.goto('/staff/staff-users');
    await expect(page.getByRole('button', { name: 'Edit Alex Morgan' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(page);
  });
});
