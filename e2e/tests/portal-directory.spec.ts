// Portal Directory (§7, INV-1…3): the front desk sees every portal account and open invitation,
// invites a child's guardian through "Invite someone" (find the patient, choose the person,
// confirm), finds the row by status and name, and revokes it. On a phone the page fits.
import { expect, test, type Page } from '@playwright/test';
import {
  FRONT_DESK,
  PHONE_VIEWPORT,
  addContact,
  createPatient,
  expectAccessible,
  expectFitsPhone,
  signIn,
  uniqueEmail,
  uniqueName,
} from '../support';

/** The directory's row that mentions `name`. */
function row(page: Page, name: string) {
  return page.getByRole('row').filter({ hasText: name });
}

test('lists the registered accounts, invites a guardian, filters and revokes', async ({ page, request }) => {
  test.slow();
  const family = uniqueName('Quimby');
  const guardianEmail = uniqueEmail('directory');
  const child = await createPatient(request, { first_name: 'Tilly', last_name: family, date_of_birth: '2017-02-11' });
  await addContact(request, child.id, {
    first_name: 'Harper',
    last_name: family,
    relationship: 'guardian',
    email: guardianEmail,
  });
  await addContact(request, child.id, { first_name: 'Nell', last_name: family, relationship: 'emergency', phone: '217 555 0177' });
  const guardian = `Harper ${family}`;
  const childName = `Tilly ${family}`;

  await signIn(page, FRONT_DESK);
  await page.getByRole('navigation', { name: 'Staff consoles' }).getByRole('link', { name: 'Portal Directory' }).click();
  await expect(page).toHaveURL(/\/staff\/portal-directory$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Portal Directory' })).toBeVisible();

  // The demo's two portal accounts: a patient and a guardian, both registered.
  const status = page.getByLabel('Status');
  await status.selectOption({ label: 'Registered' });
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/status=registered/);
  const avery = row(page, 'Avery Harris');
  await expect(avery.getByText('Registered', { exact: true })).toBeVisible();
  await expect(avery.getByRole('link', { name: 'Avery Harris' })).toBeVisible();
  const james = row(page, 'James Okafor');
  await expect(james.getByText('Registered', { exact: true })).toBeVisible();
  await expect(james.getByRole('link', { name: 'Mia Okafor' })).toBeVisible();
  await expect(james.getByText('Guardian', { exact: true })).toBeVisible();
  // A registered account has nothing to resend or revoke; it can be locked, and its access ended.
  await expect(avery.getByRole('button', { name: /Resend|Revoke/ })).toHaveCount(0);
  await expect(avery.getByRole('button', { name: 'Lock the portal account of Avery Harris' })).toBeVisible();
  await expect(avery.getByRole('button', { name: 'End access for Avery Harris to Avery Harris' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Clear' })).toBeVisible();
  await expectAccessible(page);

  // Invite someone: find the patient…
  await page.getByRole('button', { name: 'Invite someone' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite someone to the portal' });
  await expect(dialog).toBeVisible();
  const find = dialog.getByLabel('Find the patient');
  await expect(find).toBeFocused();
  await expectAccessible(page);
  await find.fill(family);
  await dialog.getByRole('button', { name: 'Search' }).click();
  await expect(dialog.getByText('1 patient found.')).toBeVisible();
  await dialog.getByRole('button', { name: `Choose ${childName}` }).click();

  // …choose who gets it: the patient (no email: the hint says so) or the guardian; the
  // emergency contact is not offered.
  const who = dialog.getByRole('group', { name: 'Who should get the invitation?' });
  await expect(who).toBeVisible();
  await expect(dialog.getByText(childName, { exact: true })).toBeVisible();
  await expect(who.getByRole('radio')).toHaveCount(2);
  await expect(who.getByLabel(`${childName} (the patient)`)).toBeVisible();
  await expect(who.getByText(/^No email on file · Not invited yet$/)).toBeVisible();
  await expect(dialog.getByText("Emergency and other contacts can't be invited: only guardians and guarantors.")).toBeVisible();
  await expectAccessible(page);
  // Continue with no one chosen says what is missing.
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog.getByText('Choose who should get the invitation.')).toBeVisible();
  await who.getByLabel(`${guardian} (guardian)`).check();
  await dialog.getByRole('button', { name: 'Continue' }).click();

  // …and confirm.
  await expect(dialog.getByText(`Send a portal invitation to ${guardian} by email to ${guardianEmail}?`)).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Portal invitation sent to ${guardian}.`)).toBeVisible();

  // The filters still show registered accounts only; the guardian is Invited.
  await page.goto('/staff/portal-directory');
  const invited = row(page, guardian);
  await expect(invited.getByText('Invited', { exact: true })).toBeVisible();
  await expect(invited.getByText(guardianEmail)).toBeVisible();
  await expect(invited.getByText(/^Link sent /)).toBeVisible();
  await expect(invited.getByRole('link', { name: childName })).toHaveAttribute('href', `/staff/patients/${child.id}`);
  await expect(invited.getByText('Guardian', { exact: true })).toBeVisible();
  // Resending waits out the cooldown (INV-3).
  await expect(invited.getByRole('button', { name: /^You can send again in .+ the invitation for/ })).toBeDisabled();
  await expectAccessible(page);

  // Filter: Invited, and the family name.
  await page.getByLabel('Name or email').fill(family);
  await status.selectOption({ label: 'Invited' });
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?q=${family}&status=invited$`));
  await expect(page.getByRole('row')).toHaveCount(2); // the header and the guardian
  await expect(invited).toBeVisible();
  // The filters stay filled in after a reload (they live in the address).
  await page.reload();
  await expect(page.getByLabel('Name or email')).toHaveValue(family);
  await expect(status).toHaveValue('invited');
  await expect(invited).toBeVisible();
  await expectAccessible(page);

  // Revoke, through a confirmation that starts on the safe choice.
  await invited.getByRole('button', { name: `Revoke the invitation for ${guardian}` }).click();
  const confirm = page.getByRole('dialog', { name: `Revoke the invitation for ${guardian}?` });
  await expect(confirm.getByText('The links already sent will stop working.')).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Keep invitation' })).toBeFocused();
  await expectAccessible(page);
  await confirm.getByRole('button', { name: 'Revoke invitation' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(`The portal invitation for ${guardian} was revoked.`)).toBeVisible();
  // No longer invited: the filter finds no one, and "Show everyone" …
  await expect(page.getByText('No one matches these filters.')).toBeVisible();
  await status.selectOption({ label: 'Revoked' });
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/status=revoked/);
  const revoked = row(page, guardian);
  await expect(revoked.getByText('Revoked', { exact: true })).toBeVisible();
  await expect(revoked.getByText(/^Last sent /)).toBeVisible();
  await expect(revoked.getByRole('button', { name: /Revoke/ })).toHaveCount(0);
  await expectAccessible(page);
});

test.describe('on a phone', () => {
  test.use({ viewport: PHONE_VIEWPORT });

  test('the directory and its invite dialog fit a 375 px screen', async ({ page }) => {
    await signIn(page, FRONT_DESK);
    await page.goto('/staff/portal-directory');
    await expect(page.getByRole('heading', { level: 1, name: 'Portal Directory' })).toBeVisible();
    await expect(row(page, 'Avery Harris')).toBeVisible();
    await expectFitsPhone(page);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite someone to the portal' });
    await dialog.getByLabel('Find the patient').fill('Harris');
    await dialog.getByRole('button', { name: 'Search' }).click();
    await expect(dialog.getByRole('button', { name: /^Choose / }).first()).toBeVisible();
    await expectFitsPhone(page);
    await expectAccessible(page);
  });
});
