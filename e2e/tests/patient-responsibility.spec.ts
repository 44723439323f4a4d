// Patient Responsibility (§7, INV-1…3): billing finds a patient and sends a registration link
// from the row of patient actions. It goes where contact details are on file — a text message
// for a patient with only a phone — and the button counts down the cooldown. With nothing on
// file, the dialog explains and points to the facesheet instead of sending.
import { expect, test, type Page } from '@playwright/test';
import {
  BILLING,
  createPatient,
  expectAccessible,
  latestMessage,
  linkIn,
  signIn,
  uniqueName,
  uniquePhone,
  PRACTICE_NAME,
} from '../support';

/** Finds the patient called `name` (searching by `last`) and opens their detail view. */
async function openPatient(page: Page, last: string, name: string) {
  await page.getByRole('navigation', { name: 'Staff consoles' }).getByRole('link', { name: 'Patient Responsibility' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Patient Responsibility' })).toBeVisible();
  await page.getByLabel('Search patients').fill(last);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/patient-responsibility\\?q=${last}$`));
  await expect(page.getByText(`1 patient matching “${last}”`)).toBeVisible();
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  return page.getByRole('region', { name: 'Patient actions' });
}

test('billing texts a registration link to a patient with only a phone', async ({ page, request }) => {
  const last = uniqueName('Pemberton');
  const first = 'Odile';
  const name = `${first} ${last}`;
  const phone = uniquePhone();
  const shownPhone = phone.typed.replace(/^(\d{3}) (\d{3}) (\d{4})$/, '($1) $2-$3');
  const patient = await createPatient(request, { first_name: first, last_name: last, date_of_birth: '1971-10-30', phone: phone.typed });

  await signIn(page, BILLING);
  await expect(page.getByRole('heading', { level: 1, name: /Welcome/ })).toBeVisible();
  const actions = await openPatient(page, last, name);
  await expect(page).toHaveURL(`/staff/patient-responsibility/${patient.id}`);
  await expect(page.getByRole('region', { name: 'Patient', exact: true })).toContainText(shownPhone);
  await expect(page.getByRole('link', { name: 'Open facesheet' })).toHaveAttribute('href', `/staff/patients/${patient.id}`);

  // The Patient Portal row: what it does, where the link will go, and the status.
  await expect(actions.getByRole('heading', { level: 3, name: 'Patient Portal' })).toBeVisible();
  await expect(actions.getByText('Send a registration link to the patient to onboard them to the patient portal')).toBeVisible();
  await expect(actions.getByText('It goes by text message, to what is on file.')).toBeVisible();
  await expect(actions.getByText('Not invited yet')).toBeVisible();
  await expectAccessible(page);

  await actions.getByRole('button', { name: 'Send a registration link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a registration link?' });
  await expect(dialog.getByText(`Send a registration link for the patient portal to ${name} by text to ${shownPhone}?`)).toBeVisible();
  await expect(dialog.getByText("The message holds a link to register and says nothing about the patient's care.")).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Send link' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Registration link sent to ${name}.`)).toBeVisible();
  await expect(actions.getByRole('heading', { level: 3, name: 'Patient Portal' })).toBeFocused();

  // Invited; the button counts down until it may send again (INV-3).
  await expect(actions.getByText(/^Invited — link sent /)).toBeVisible();
  const again = actions.getByRole('button', { name: /^You can send again in / });
  await expect(again).toBeDisabled();
  const secondsLeft = async () => {
    // "You can send again in 1 min 5 s"
    const m = (await again.textContent())!.match(/send again in (?:(\d+) min)? ?(?:(\d+) s)?$/);
    return Number(m?.[1] ?? 0) * 60 + Number(m?.[2] ?? 0);
  };
  const before = await secondsLeft();
  expect(before).toBeGreaterThan(0);
  await expect.poll(secondsLeft, { timeout: 5_000 }).toBeLessThan(before);
  await expectAccessible(page);

  // The text message: the practice's name and a registration link, nothing about care.
  const sms = await latestMessage(request, { to: phone.e164, kind: 'invitation', channel: 'sms' });
  expect(sms.subject ?? null).toBeNull();
  expect(sms.body).toContain(PRACTICE_NAME);
  linkIn(sms, '/register');
});

test('with no email or phone on file the dialog points to the facesheet', async ({ page, request }) => {
  const last = uniqueName('Nowhere');
  const name = `Ines ${last}`;
  const patient = await createPatient(request, { first_name: 'Ines', last_name: last, date_of_birth: '1990-07-14' });

  await signIn(page, BILLING);
  const actions = await openPatient(page, last, name);
  await expect(
    actions.getByText('There is no email address or phone number on file yet: add one on the facesheet first.'),
  ).toBeVisible();
  await expect(actions.getByText('Not invited yet')).toBeVisible();
  await expectAccessible(page);

  await actions.getByRole('button', { name: 'Send a registration link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a registration link?' });
  await expect(
    dialog.getByText(
      `There is no email address or phone number on file for ${name}, so there is nowhere to send the link. Add one on the facesheet, then send it.`,
    ),
  ).toBeVisible();
  await expect(dialog.getByRole('button', { name: /Send/ })).toHaveCount(0);
  const facesheet = dialog.getByRole('link', { name: 'Open the facesheet' });
  await expect(facesheet).toHaveAttribute('href', `/staff/patients/${patient.id}`);
  await expectAccessible(page);

  // Close leaves things as they were.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(actions.getByText('Not invited yet')).toBeVisible();

  // The link goes to the facesheet, where details are added.
  await actions.getByRole('button', { name: 'Send a registration link' }).click();
  await dialog.getByRole('link', { name: 'Open the facesheet' }).click();
  await expect(page).toHaveURL(`/staff/patients/${patient.id}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expectAccessible(page);
});
