// Secure messaging (issue 10): the front desk writes to a patient from the facesheet; the patient
// sees the unread count on Home, reads the conversation on a phone and replies; the reply is
// unread in the staff inbox, and the front desk reads it there. The patient finds no control to
// start a conversation (the practice's default), and the notice email carries no PHI.
import { expect, test } from '@playwright/test';
import {
  FRONT_DESK,
  PHONE_VIEWPORT,
  PRACTICE_NAME,
  expectAccessible,
  expectFitsPhone,
  latestMessage,
  portalSignIn,
  registeredPatient,
  signIn,
  unique,
} from '../support';

const PASSWORD = 'river stone lantern 61';

test('staff write from the facesheet, the patient replies on a phone, staff read it in the inbox', async ({ browser, request }) => {
  test.slow();
  const patient = await registeredPatient(request, PASSWORD);
  const subject = `Your exercise plan ${unique()}`;

  // Staff: facesheet → New message, to everyone with portal access (ticked by default).
  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, FRONT_DESK);
  await staff.goto(`/staff/patients/${patient.id}`);
  const card = staff.getByRole('region', { name: 'Messages' });
  await expect(card.getByText('No conversations with this patient yet.')).toBeVisible();
  await card.getByRole('link', { name: 'New message' }).click();
  await expect(staff.getByRole('heading', { level: 1, name: 'New message' })).toBeVisible();
  await expect(staff.getByRole('checkbox', { name: new RegExp(patient.first_name) })).toBeChecked();
  await expectAccessible(staff);
  await staff.getByRole('button', { name: 'Send message' }).click();
  await expect(staff.getByText('Enter a subject')).toBeVisible();
  await staff.getByLabel('Subject').fill(subject);
  await staff.getByLabel('Message').fill('Hello!\n\nPlease do the heel slides twice a day.\n<b>not bold</b>');
  await staff.getByRole('button', { name: 'Send message' }).click();
  await expect(staff.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await expect(staff.getByText('<b>not bold</b>')).toBeVisible();
  await expectAccessible(staff);

  // The notice: the practice's name and the sign-in link, nothing of the message.
  const notice = await latestMessage(request, { to: patient.email, kind: 'message_notice', channel: 'email' });
  expect(notice.subject).toBe(`New message from ${PRACTICE_NAME}`);
  expect(notice.body).not.toContain('heel slides');
  expect(notice.body).not.toContain(subject);
  expect(notice.body).toContain('/portal/sign-in?practice=');

  // The patient, on a phone: Home shows "1 new" on Messages.
  const phone = await (await browser.newContext({ viewport: PHONE_VIEWPORT })).newPage();
  await portalSignIn(phone, patient.email, PASSWORD);
  const tile = phone.getByRole('link', { name: /Messages/ });
  await expect(tile.getByText('1 new')).toBeVisible();
  await tile.click();
  await expect(phone.getByRole('heading', { level: 1, name: 'Messages' })).toBeVisible();
  await expect(phone.getByRole('button', { name: /Send message/ })).toHaveCount(0);
  await expect(phone.getByText('Write to the practice')).toHaveCount(0);
  await expectAccessible(phone);
  await expectFitsPhone(phone);
  await phone.getByRole('link', { name: new RegExp(subject) }).click();
  await expect(phone.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await expect(phone.getByText('Please do the heel slides twice a day.')).toBeVisible();
  await expectAccessible(phone);
  await expectFitsPhone(phone);
  await phone.getByRole('button', { name: 'Send' }).click();
  await expect(phone.getByText('Write a message first.').first()).toBeVisible();
  await phone.getByLabel('Your reply').fill('Thank you, I will start today.');
  await phone.getByRole('button', { name: 'Send' }).click();
  await expect(phone.getByText('Thank you, I will start today.')).toBeVisible();
  await expect(phone.getByLabel('Your reply')).toHaveValue('');
  await phone.getByRole('link', { name: 'Messages' }).first().click();
  await phone.getByRole('link', { name: 'Home' }).first().click();
  await expect(phone.getByRole('link', { name: /Messages/ }).getByText(/new/)).toHaveCount(0);

  // Staff: the reply is unread in the inbox; opening it marks it read.
  await staff.goto('/staff/messages?show=unread');
  const row = staff.getByRole('link', { name: new RegExp(subject) });
  await expect(row.getByText('1 new')).toBeVisible();
  await expect(row.getByText('Thank you, I will start today.')).toBeVisible();
  await expectAccessible(staff);
  await row.click();
  await expect(staff.getByText('Thank you, I will start today.')).toBeVisible();
  await staff.getByRole('button', { name: 'Assign to me' }).click();
  await expect(staff.getByRole('button', { name: 'Unassign' })).toBeVisible();
  await staff.getByRole('button', { name: 'Close' }).click();
  await expect(staff.getByText('This conversation is closed: reopen it to reply.')).toBeVisible();
  await staff.goto('/staff/messages?show=unread');
  await expect(staff.getByRole('link', { name: new RegExp(subject) })).toHaveCount(0);
  await staff.goto('/staff/messages?show=mine');
  await expect(staff.getByRole('link', { name: new RegExp(subject) })).toBeVisible();

  // The patient sees the conversation is closed, and no reply box.
  await phone.reload();
  await phone.goto(phone.url());
  await phone.getByRole('link', { name: /Messages/ }).click();
  await phone.getByRole('link', { name: new RegExp(subject) }).click();
  await expect(phone.getByText('This conversation is closed.')).toBeVisible();
  await expect(phone.getByLabel('Your reply')).toHaveCount(0);
});
