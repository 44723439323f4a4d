// Admins manage staff users: add one (a too-short password is refused next to its field), change
// their roles, deactivate them, and set a new password for someone locked out. The demo users
// stay as they are: every journey works on users it adds itself.
import { expect, test } from '@playwright/test';
import { ADMIN, addStaffUser, expectAccessible, signIn, signOut } from '../support';

const PASSWORD = 'quiet maple lantern river';

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test('adds a staff user, changes their roles and deactivates them', async ({ page }) => {
  await page.getByRole('navigation', { name: 'Staff consoles' }).getByRole('link', { name: 'Staff users' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff users' })).toBeVisible();
  await page.getByRole('button', { name: 'Add staff user' }).click();
  const add = page.getByRole('dialog', { name: 'Add staff user' });
  await expect(add.getByLabel('Name')).toBeFocused();
  await expectAccessible(page);

  await add.getByLabel('Name').fill('Robin Reyes');
  await add.getByLabel('Email').fill('robin.reyes@riverside.example');
  await add.getByLabel('Front desk').check();
  await add.getByLabel('Initial password').fill('too short');
  await add.getByRole('button', { name: 'Add user' }).click();
  const password = add.getByLabel('Initial password');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toBeFocused();
  await expect(password).toHaveAccessibleDescription(/at least 12 characters/);
  await expectAccessible(page);

  await password.fill(PASSWORD);
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(add).toBeHidden();
  await expect(page.getByText('Robin Reyes can now sign in.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff users' })).toBeFocused();
  const row = page.getByRole('row').filter({ hasText: 'robin.reyes@riverside.example' });
  await expect(row.getByRole('cell', { name: 'Front desk' })).toBeVisible();
  await expect(row.getByText('Active')).toBeVisible();

  // No role at all is refused next to the roles; then Clinician instead of Front desk.
  await row.getByRole('button', { name: 'Edit Robin Reyes' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Robin Reyes' });
  await edit.getByLabel('Front desk').uncheck();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.getByRole('group', { name: 'Roles' })).toContainText('at least one role');
  await expect(edit.getByLabel('Administrator')).toBeFocused();
  await expectAccessible(page);
  await edit.getByLabel('Clinician').check();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByText('Changes to Robin Reyes saved.')).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Clinician' })).toBeVisible();

  await row.getByRole('button', { name: 'Edit Robin Reyes' }).click();
  await edit.getByLabel('Account active').uncheck();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(row.getByText('Deactivated')).toBeVisible();
  await expect(row.getByText('Active', { exact: true })).toHaveCount(0);
});

test('admins cannot take away their own administrator role or account', async ({ page }) => {
  await page.goto('/staff/staff-users');
  const row = page.getByRole('row').filter({ hasText: ADMIN });
  await expect(row.getByText('You', { exact: true })).toBeVisible();
  // Their own password is changed on My account, which asks for the current one.
  await expect(row.getByRole('link', { name: 'Change your password' })).toHaveAttribute('href', '/staff/account');

  await row.getByRole('button', { name: 'Edit Alex Morgan' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Alex Morgan' });
  await edit.getByLabel('Administrator').uncheck();
  await edit.getByLabel('Billing').check();
  await edit.getByLabel('Account active').uncheck();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.getByRole('group', { name: 'Roles' })).toContainText('cannot remove your own administrator role');
  await expect(edit.getByLabel('Account active')).toHaveAccessibleDescription(/cannot deactivate your own account/);
  await expect(edit.getByLabel('Administrator')).toBeFocused();
  await expectAccessible(page);

  await edit.getByRole('button', { name: 'Cancel' }).click();
  await expect(edit).toBeHidden();
  await expect(row.getByRole('cell', { name: 'Administrator' })).toBeVisible();
});

test('sets a new password for a locked-out user, who signs in with it', async ({ page }) => {
  const sam = { name: 'Sam Okafor', email: 'sam.okafor@riverside.example', role: 'Billing', password: PASSWORD };
  await addStaffUser(page, sam);

  // A lock takes 100 failed sign-ins; the list is told Sam is locked instead.
  const lockSam = '**/api/v1/staff/users?*';
  await page.route(lockSam, async (route) => {
    const response = await route.fetch();
    const list = await response.json();
    for (const user of list.items) user.locked ||= user.email === sam.email;
    await route.fulfill({ response, json: list });
  });
  await page.reload();
  const row = page.getByRole('row').filter({ hasText: sam.email });
  await expect(row.getByText('Locked')).toBeVisible();
  await expectAccessible(page);
  await page.unroute(lockSam);

  await row.getByRole('button', { name: 'Set new password for Sam Okafor' }).click();
  const dialog = page.getByRole('dialog', { name: 'Set a new password for Sam Okafor' });
  await expect(dialog).toContainText('signed out on every device');
  await expect(dialog).toContainText('this unlocks it');
  await expect(dialog.getByLabel('New password')).toBeFocused();
  await expectAccessible(page);
  await dialog.getByLabel('New password').fill('river lantern maple quiet');
  await dialog.getByRole('button', { name: 'Set password' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Sam Okafor has a new password and was signed out everywhere.')).toBeVisible();
  await expect(row.getByText('Locked')).toHaveCount(0);

  await signOut(page);
  await page.getByLabel('Email').fill(sam.email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/That email and password do not match/)).toBeVisible();
  await signIn(page, sam.email, 'river lantern maple quiet');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Sam' })).toBeVisible();
});
