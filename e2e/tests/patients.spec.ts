// Journeys 2 and 3: find a patient, edit the facesheet (and see a field's error beside it),
// create a patient, and manage a contact.
import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from '../support';

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test('finds a patient by last name and edits the facesheet', async ({ page }) => {
  await page.getByRole('navigation', { name: 'Staff consoles' }).getByRole('link', { name: 'Patients' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Patients' })).toBeVisible();
  await page.getByLabel('Search patients').fill('Adams');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=Adams/);
  await expect(page.getByText(/matching “Adams”/)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Patricia Adams' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Patricia Adams' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Contacts' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Edit details' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit Patricia Adams' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Phone').fill('217 555 0199');
  await page.getByRole('button', { name: 'Save changes' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Patricia Adams' })).toBeVisible();
  await expect(page.getByText('Changes saved.')).toBeVisible();
  await expect(page.getByText('(217) 555-0199')).toBeVisible();

  // An invalid email: the server's message appears next to the Email field, nothing is saved.
  await page.getByRole('link', { name: 'Edit details' }).click();
  const email = page.getByLabel('Email');
  await email.fill('nope');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toBeFocused();
  const error = page.locator('#patient-email-error');
  await expect(error).toBeVisible();
  await expect(email).toHaveAccessibleDescription(/.+/);
  expect(await email.evaluate((el) => el.getAttribute('aria-describedby'))).toContain('patient-email-error');
  await expect(page).toHaveURL(/\/edit$/);
  await expectAccessible(page);
});

test('creates a new patient', async ({ page }) => {
  await page.goto('/staff/patients');
  await page.getByRole('link', { name: 'New patient' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New patient' })).toBeVisible();
  await expectAccessible(page);

  // Empty required fields: each says what it needs.
  await page.getByRole('button', { name: 'Add patient' }).click();
  await expect(page.getByLabel('First name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Date of birth')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('First name').fill('Quinn');
  await page.getByLabel('Last name').fill('Testperson');
  await page.getByLabel('Date of birth').fill('1990-04-12');
  await page.getByLabel('Sex').selectOption('female');
  await page.getByLabel('Email').fill('quinn.testperson@example.com');
  await page.getByRole('button', { name: 'Add patient' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Quinn Testperson' })).toBeVisible();
  await expect(page.getByText('Patient added.')).toBeVisible();
  await expect(page.getByText('quinn.testperson@example.com')).toBeVisible();

  await page.goto('/staff/patients?q=Testperson');
  await expect(page.getByRole('link', { name: 'Quinn Testperson' })).toBeVisible();
});

test('adds, edits and removes a contact', async ({ page }) => {
  await page.goto('/staff/patients?q=Adams');
  await page.getByRole('link', { name: 'Patricia Adams' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Patricia Adams' })).toBeVisible();

  await page.getByRole('button', { name: 'Add contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a contact' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('First name')).toBeFocused();
  await expectAccessible(page);
  await dialog.getByLabel('First name').fill('Dana');
  await dialog.getByLabel('Last name').fill('Adams');
  await dialog.getByLabel('Relationship').selectOption('guardian');
  await dialog.getByLabel('Email').fill('not an email');
  await dialog.getByRole('button', { name: 'Save contact' }).click();
  await expect(dialog.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('Email').fill('dana.adams@example.com');
  await dialog.getByRole('button', { name: 'Save contact' }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByText('Contact added.')).toBeVisible();
  const item = page.getByRole('listitem').filter({ hasText: 'Dana Adams' });
  await expect(item.getByText('Guardian')).toBeVisible();

  await item.getByRole('button', { name: 'Edit Dana Adams' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Dana Adams' });
  await edit.getByLabel('Relationship').selectOption('guarantor');
  await edit.getByRole('button', { name: 'Save contact' }).click();
  await expect(page.getByText('Contact updated.')).toBeVisible();
  await expect(item.getByText('Guarantor')).toBeVisible();

  await item.getByRole('button', { name: 'Remove Dana Adams' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove Dana Adams?' });
  await expect(confirm.getByRole('button', { name: 'Keep contact' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Remove contact' }).click();
  await expect(page.getByText('Contact removed.')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Dana Adams' })).toHaveCount(0);
});
