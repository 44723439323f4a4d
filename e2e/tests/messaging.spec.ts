// Secure messaging (issue 10): the front desk writes to a patient from the facesheet; the patient
// sees the unread count on Home, reads the conversation on a phone and replies; the reply is
// unread in the staff inbox, and the front desk reads it there. The patient finds no control to
// start a conversation (the practice's default), and the notice email carries no PHI. Staff change
// who takes part (the one removed loses the conversation at once, the one added reads all of it),
// and a long conversation shows its newest 50 messages with the earlier ones on asking.
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
  registeredGuardian,
  registeredPatient,
  signIn,
  staffApi,
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

test('staff change who takes part: the one removed no longer finds the conversation, the one added reads all of it', async ({ browser, request }) => {
  test.slow();
  const patient = await registeredPatient(request, PASSWORD);
  const patientName = `${patient.first_name} ${patient.last_name}`;
  const guardian = await registeredGuardian(request, patient.id, 'Gus', PASSWORD);
  const recipients: { account_id: string; role: string }[] = await (
    await staffApi(request, 'GET', `/patients/${patient.id}/message-recipients`)
  ).json();
  const self = recipients.find((r) => r.role === 'self')!;
  const subject = `Your statement ${unique()}`;
  const started = await staffApi(request, 'POST', `/patients/${patient.id}/threads`, {
    subject,
    body: 'Your statement for March is ready.',
    participant_account_ids: [self.account_id],
  });
  expect(started.status(), await started.text()).toBe(201);
  const thread = (await started.json()).id;

  // The patient finds it in the portal.
  const phone = await (await browser.newContext({ viewport: PHONE_VIEWPORT })).newPage();
  await portalSignIn(phone, patient.email, PASSWORD);
  await phone.getByRole('link', { name: /Messages/ }).click();
  await expect(phone.getByRole('link', { name: new RegExp(subject) })).toBeVisible();

  // Staff: Change people. The patient takes part, the guardian not yet.
  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, FRONT_DESK);
  await staff.goto(`/staff/messages/${thread}`);
  await expect(staff.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await expect(staff.getByText(`With ${patientName} (Patient)`)).toBeVisible();
  await staff.getByRole('button', { name: 'Change people' }).click();
  const dialog = staff.getByRole('dialog', { name: 'Change people' });
  const patientBox = dialog.getByRole('checkbox', { name: new RegExp(patientName) });
  const guardianBox = dialog.getByRole('checkbox', { name: new RegExp(guardian.name) });
  await expect(patientBox).toBeChecked();
  await expect(dialog.getByRole('checkbox').first()).toBeFocused();
  await expect(guardianBox).not.toBeChecked();
  await expect(dialog.getByText(/Someone you remove stops seeing this conversation at once; someone you add sees all of it/)).toBeVisible();
  await expectAccessible(staff);
  // No one: refused before asking the server, under the checkboxes.
  await patientBox.uncheck();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.locator('.field-error').getByText(/Choose at least one person/)).toBeVisible();
  await expect(dialog.getByRole('checkbox').first()).toBeFocused();
  await expectAccessible(staff);
  // The patient out, the guardian in.
  await guardianBox.check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    staff.getByText(`${guardian.name} can now read this conversation. ${patientName} no longer sees this conversation.`),
  ).toBeVisible();
  await expect(staff.getByText(`With ${guardian.name} (Guardian)`)).toBeVisible();
  await expect(staff.getByRole('button', { name: 'Change people' })).toBeFocused();
  await expectAccessible(staff);
  // Opened again, the dialog shows who takes part now; Cancel changes nothing.
  await staff.getByRole('button', { name: 'Change people' }).click();
  await expect(guardianBox).toBeChecked();
  await expect(patientBox).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // The patient no longer finds it: not in Messages, and its address shows nothing.
  await phone.reload();
  await expect(phone.getByRole('heading', { level: 1, name: 'Messages' })).toBeVisible();
  await expect(phone.getByRole('link', { name: new RegExp(subject) })).toHaveCount(0);
  await phone.goto(`/portal/messages/${thread}?patient=${patient.id}`);
  await expect(phone.getByText('No thread was found here.')).toBeVisible();
  await expect(phone.getByText('Your statement for March is ready.')).toHaveCount(0);

  // The guardian is told a message is waiting, and reads the whole conversation.
  const notice = await latestMessage(request, { to: guardian.email, kind: 'message_notice', channel: 'email' });
  expect(notice.body).not.toContain('statement');
  const guardianPhone = await (await browser.newContext({ viewport: PHONE_VIEWPORT })).newPage();
  await portalSignIn(guardianPhone, guardian.email, PASSWORD);
  await guardianPhone.getByRole('link', { name: /Messages/ }).click();
  await guardianPhone.getByRole('link', { name: new RegExp(subject) }).click();
  await expect(guardianPhone.getByText(`Between the practice and ${guardian.name}.`)).toBeVisible();
  await expect(guardianPhone.getByText('Your statement for March is ready.')).toBeVisible();
  await expectAccessible(guardianPhone);
});

test('a long conversation shows its newest 50 messages, and the earlier ones on asking', async ({ browser, request }) => {
  test.slow();
  const patient = await registeredPatient(request, PASSWORD);
  const subject = `Your home exercises ${unique()}`;
  const started = await staffApi(request, 'POST', `/patients/${patient.id}/threads`, { subject, body: 'Note 1 of 55' });
  expect(started.status(), await started.text()).toBe(201);
  const thread = (await started.json()).id;
  for (let n = 2; n <= 55; n += 1) {
    const reply = await staffApi(request, 'POST', `/threads/${thread}/messages`, { body: `Note ${n} of 55` });
    expect(reply.status(), await reply.text()).toBe(201);
  }

  // Staff: the newest 50 (notes 6–55), then the first five above them.
  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, FRONT_DESK);
  await staff.goto(`/staff/messages/${thread}`);
  const note = (page: typeof staff, n: number) => page.getByText(`Note ${n} of 55`, { exact: true });
  await expect(note(staff, 55)).toBeVisible();
  await expect(note(staff, 6)).toBeVisible();
  await expect(note(staff, 5)).toHaveCount(0);
  const earlier = staff.getByRole('button', { name: 'Show earlier messages' });
  await expect(earlier).toBeVisible();
  await expectAccessible(staff);
  await earlier.click();
  await expect(note(staff, 1)).toBeVisible();
  await expect(staff.locator('.bubble')).toHaveCount(55);
  await expect(earlier).toHaveCount(0);
  // The reader carries on just above where they were, and hears what happened.
  await expect(staff.locator('.bubble').filter({ has: note(staff, 5) })).toBeFocused();
  await expect(staff.getByRole('status').filter({ hasText: '5 earlier messages shown above' })).toHaveCount(1);
  await expectAccessible(staff);
  // A reply keeps the earlier messages shown.
  await staff.getByLabel('Your reply').fill('That is all of them.');
  await staff.getByRole('button', { name: 'Send' }).click();
  await expect(staff.getByText('That is all of them.')).toBeVisible();
  await expect(note(staff, 1)).toBeVisible();
  await expect(staff.locator('.bubble')).toHaveCount(56);
  await expect(earlier).toHaveCount(0);

  // The patient, on a phone: the same.
  const phone = await (await browser.newContext({ viewport: PHONE_VIEWPORT })).newPage();
  await portalSignIn(phone, patient.email, PASSWORD);
  await phone.getByRole('link', { name: /Messages/ }).click();
  await phone.getByRole('link', { name: new RegExp(subject) }).click();
  await expect(phone.getByText('That is all of them.')).toBeVisible();
  await expect(note(phone, 6)).toHaveCount(0);
  const phoneEarlier = phone.getByRole('button', { name: 'Show earlier messages' });
  await expect(phoneEarlier).toBeVisible();
  await expectAccessible(phone);
  await expectFitsPhone(phone);
  await phoneEarlier.click();
  await expect(note(phone, 1)).toBeVisible();
  await expect(phone.locator('.bubble')).toHaveCount(56);
  await expect(phoneEarlier).toHaveCount(0);
  await expect(phone.locator('.bubble').filter({ has: note(phone, 6) })).toBeFocused();
  await expectAccessible(phone);
  await expectFitsPhone(phone);
});
