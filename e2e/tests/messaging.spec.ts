// Secure messaging (issue 10): the front desk writes to a patient from the facesheet; the patient
// sees the unread count on Home, reads the conversation on a phone and replies; the reply is
// unread in the staff inbox, and the front desk reads it there. The patient finds no control to
// start a conversation (the practice's default), and the notice email carries no PHI.
import { readFile } from 'node:fs/promises';
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
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const SCAN = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

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
  // A file that says it is a PDF but is a web page is refused by the server, by name.
  await phone.getByLabel('Attach files').setInputFiles({ name: 'trick.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
  await phone.getByRole('button', { name: 'Send' }).click();
  await expect(phone.getByText('This kind of file cannot be sent.').first()).toBeVisible();
  await phone.getByRole('button', { name: 'Remove trick.pdf' }).click();
  await phone.getByLabel('Attach files').setInputFiles({ name: 'knee scan.pdf', mimeType: 'application/pdf', buffer: SCAN });
  await expect(phone.getByRole('button', { name: 'Remove knee scan.pdf' })).toBeVisible();
  await expectFitsPhone(phone);
  await phone.getByRole('button', { name: 'Send' }).click();
  await expect(phone.getByText('Thank you, I will start today.')).toBeVisible();
  await expect(phone.getByRole('button', { name: 'Download knee scan.pdf' })).toBeVisible();
  await expect(phone.getByLabel('Your reply')).toHaveValue('');
  await expectAccessible(phone);
  await phone.getByRole('link', { name: 'Messages' }).first().click();
  await phone.getByRole('link', { name: 'Home' }).first().click();
  await expect(phone.getByRole('link', { name: /Messages/ }).getByText(/new/)).toHaveCount(0);

  // My Files: the patient sends the practice a photo of an insurance card.
  await phone.getByRole('link', { name: /My Files/ }).click();
  await expect(phone.getByRole('heading', { level: 1, name: 'My Files' })).toBeVisible();
  await expect(phone.getByText('You have not sent any files yet.')).toBeVisible();
  await expectAccessible(phone);
  await phone.getByLabel('Choose files').setInputFiles({ name: 'insurance card.png', mimeType: 'image/png', buffer: PNG });
  await phone.getByRole('button', { name: 'Upload' }).click();
  await expect(phone.getByText(/Sent to the practice/)).toBeVisible();
  await expect(phone.getByRole('button', { name: 'Download insurance card.png' })).toBeVisible();
  await expectAccessible(phone);
  await expectFitsPhone(phone);

  // Staff: the reply is unread in the inbox; opening it marks it read.
  await staff.goto('/staff/messages?show=unread');
  const row = staff.getByRole('link', { name: new RegExp(subject) });
  await expect(row.getByText('1 new')).toBeVisible();
  await expect(row.getByText('Thank you, I will start today.')).toBeVisible();
  await expectAccessible(staff);
  await row.click();
  await expect(staff.getByText('Thank you, I will start today.')).toBeVisible();
  // The attachment downloads with the same bytes the patient sent.
  const [download] = await Promise.all([
    staff.waitForEvent('download'),
    staff.getByRole('button', { name: 'Download knee scan.pdf' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('knee scan.pdf');
  expect(await readFile(await download.path())).toEqual(SCAN);
  // It is on the facesheet's Files card too, with who sent it.
  await staff.goto(`/staff/patients/${patient.id}`);
  const files = staff.getByRole('region', { name: 'Files' });
  await expect(files.getByRole('button', { name: 'Download knee scan.pdf' })).toBeVisible();
  await expect(files.getByRole('button', { name: 'Download insurance card.png' })).toBeVisible();
  await expect(files.getByText(/Sent by/).first()).toBeVisible();
  await expectAccessible(staff);
  await staff.goto('/staff/messages?show=unread');
  await expect(staff.getByRole('link', { name: new RegExp(subject) })).toHaveCount(0);
  await staff.goto('/staff/messages');
  await staff.getByRole('link', { name: new RegExp(subject) }).click();
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
  await phone.getByRole('link', { name: 'Home' }).first().click();
  await phone.getByRole('link', { name: /Messages/ }).click();
  await phone.getByRole('link', { name: new RegExp(subject) }).click();
  await expect(phone.getByText('This conversation is closed.')).toBeVisible();
  await expect(phone.getByLabel('Your reply')).toHaveCount(0);
});
