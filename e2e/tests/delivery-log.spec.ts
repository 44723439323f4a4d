// Delivery log (NOT-1, §7): an administrator sees every message the outbox sent and, in the
// demo, opens a copy of one — an invitation email with its subject, body and the registration
// link, which starts registration. The front desk does not have the console.
import { expect, test } from '@playwright/test';
import {
  FRONT_DESK,
  PRACTICE_NAME,
  createPatient,
  expectAccessible,
  invitationLink,
  inviteByApi,
  signIn,
  uniqueEmail,
  uniqueName,
  masked,
} from '../support';

test('an admin opens an invitation email and follows its link', async ({ page, request }) => {
  const email = uniqueEmail('deliveries');
  const first = 'Linnea';
  const last = uniqueName('Thorsby');
  const patient = await createPatient(request, { first_name: first, last_name: last, date_of_birth: '1988-12-02', email });
  await inviteByApi(request, patient.id);
  // Wait for the outbox worker, so the log shows the message as sent.
  const { link, message } = await invitationLink(request, email);

  await signIn(page);
  await page.getByRole('navigation', { name: 'Staff consoles' }).getByRole('link', { name: 'Delivery log' }).click();
  await expect(page).toHaveURL(/\/staff\/deliveries$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Delivery log' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await expect(row.getByText('Sent', { exact: true })).toBeVisible();
  await expect(row.getByText('Invitation', { exact: true })).toBeVisible();
  await expect(row.getByText('Email', { exact: true })).toBeVisible();
  await expect(row.getByText('No errors')).toBeVisible();
  await expectAccessible(page);

  // Filters narrow the list and live in the address.
  await page.getByLabel('Status').selectOption({ label: 'Sent' });
  await page.getByLabel('Channel').selectOption({ label: 'Email' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/\/staff\/deliveries\?status=sent&channel=email$/);
  await expect(row).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Text message' })).toHaveCount(0);

  // View: the message as the demo mailbox filed it.
  await row.getByRole('button', { name: `View the message to ${email}` }).click();
  const dialog = page.getByRole('dialog', { name: `Email to ${email}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(message.subject!, { exact: true })).toBeVisible();
  expect(message.subject).toContain(PRACTICE_NAME);
  const body = dialog.locator('pre');
  await expect(body).toContainText(`Hello ${first},`);
  await expect(body).toContainText(link);
  await expectAccessible(page);

  // "Open link": the registration link of the email, on this site.
  const open = dialog.getByRole('link', { name: /^Open link/ });
  await expect(open).toHaveCount(1);
  const href = await open.getAttribute('href');
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/register#t=[A-Za-z0-9_-]{22,}$/);
  expect(new URL(href!).pathname + new URL(href!).hash).toBe(link);
  await expect(open).toHaveAttribute('target', '_blank');

  const popupPromise = page.waitForEvent('popup');
  await open.click();
  const popup = await popupPromise;
  // The token leaves the address bar as soon as the page has read it.
  await expect(popup).toHaveURL(href!.split('#')[0]);
  await expect(popup.getByRole('heading', { level: 1, name: 'Create your account' })).toBeVisible();
  await expect(popup.getByText('Step 1 of 4')).toBeVisible();
  await expect(popup.getByLabel('Your email address')).toHaveValue(masked(email));
  await expectAccessible(popup);
  await popup.close();

  // Close returns to the log.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByRole('button', { name: `View the message to ${email}` })).toBeFocused();
});

test('front desk staff do not see the delivery log', async ({ page }) => {
  await signIn(page, FRONT_DESK);
  const nav = page.getByRole('navigation', { name: 'Staff consoles' });
  await expect(nav.getByRole('link', { name: 'Portal Directory' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Delivery log' })).toHaveCount(0);
  // Typed in directly, the API refuses and the page says why.
  await page.goto('/staff/deliveries');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('button', { name: /^View/ })).toHaveCount(0);
});
