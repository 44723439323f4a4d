// Outreach Flows (OUT-1, OUT-2, INV-1): the front desk writes an email template with the variant
// picker (an unknown variant is refused beside the message), previews it for a patient as plain
// text, and sends it to two patients: one gets a personal registration link, the one without an
// email is skipped. The link in the email starts registration.
import { expect, test } from '@playwright/test';
import {
  FRONT_DESK,
  PHONE_VIEWPORT,
  createPatient,
  expectAccessible,
  latestMessage,
  linkIn,
  signIn,
  uniqueEmail,
  uniqueName,
  uniquePhone,
  masked,
} from '../support';

test('a template with the Patient Portal Link is previewed and sent; the link registers', async ({
  page,
  browser,
  request,
}) => {
  test.slow();
  const family = uniqueName('Ostrander');
  const email = uniqueEmail('outreach');
  const reachable = { first_name: 'Greta', last_name: family, name: `Greta ${family}` };
  const unreachable = { first_name: 'Bruno', last_name: family, name: `Bruno ${family}` };
  await createPatient(request, { ...reachable, date_of_birth: '1983-04-19', email });
  await createPatient(request, { ...unreachable, date_of_birth: '1962-08-03', phone: uniquePhone().typed });
  const templateName = `Portal welcome ${family}`;
  const subject = 'Your patient portal is ready';

  await signIn(page, FRONT_DESK);
  await page.getByRole('navigation', { name: 'Staff consoles' }).getByRole('link', { name: 'Outreach Flows' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Outreach Flows' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'New template' }).click();
  await expect(page).toHaveURL(/\/staff\/outreach\/new$/);
  await expect(page.getByRole('heading', { level: 1, name: 'New template' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Email' })).toBeChecked();
  await expectAccessible(page);

  // Write the message; the variant picker puts the link at the cursor.
  await page.getByLabel('Name', { exact: true }).fill(templateName);
  await page.getByLabel('Subject', { exact: true }).fill(subject);
  const message = page.getByLabel('Message', { exact: true });
  await message.fill('Hello {{ foo }},\n\nCreate your account here: ');
  const variants = page.getByRole('group', { name: 'Insert a variant at the cursor' });
  await variants.getByRole('button', { name: 'Insert: Patient Portal Link' }).click();
  await expect(message).toHaveValue('Hello {{ foo }},\n\nCreate your account here: {{ patient_portal_link }}');
  await expect(message).toBeFocused();
  await expect(page.getByText('Inserted Patient Portal Link into the message.')).toBeAttached();
  await expectAccessible(page);

  // An unknown variant is refused beside the message; nothing is saved.
  await page.getByRole('button', { name: 'Save template' }).click();
  await expect(message).toHaveAttribute('aria-invalid', 'true');
  await expect(message).toBeFocused();
  const error = page.locator('#template-body-error');
  await expect(error).toContainText('`{{ foo }}` is not a variant.');
  await expect(message).toHaveAccessibleDescription(/`\{\{ foo \}\}` is not a variant\. Use one of: \{\{ patient_portal_link \}\}/);
  await expect(page).toHaveURL(/\/staff\/outreach\/new$/);
  await expectAccessible(page);

  // Replace the unknown one with the first name, through the picker (selection replaced).
  const value = await message.inputValue();
  const start = value.indexOf('{{ foo }}');
  await message.evaluate(
    (el, [from, to]) => {
      const area = el as HTMLTextAreaElement;
      area.focus();
      area.setSelectionRange(from, to);
    },
    [start, start + '{{ foo }}'.length],
  );
  await variants.getByRole('button', { name: 'Insert: Patient First Name' }).click();
  await expect(message).toHaveValue(
    'Hello {{ patient_first_name }},\n\nCreate your account here: {{ patient_portal_link }}',
  );
  await page.getByRole('button', { name: 'Save template' }).click();

  // Saved: the template's own page, with preview and send.
  await expect(page.getByRole('heading', { level: 1, name: templateName })).toBeVisible();
  await expect(page.getByText('Template created. Preview it for a patient, then send it.')).toBeVisible();
  await expect(page).toHaveURL(/\/staff\/outreach\/[0-9a-f-]{36}$/);
  await expectAccessible(page);

  // Preview for Greta: plain text with her first name and where her personal link will go.
  const preview = page.getByRole('region', { name: 'Preview' });
  await preview.getByLabel('Preview for a patient').fill(family);
  await preview.getByRole('button', { name: 'Search' }).click();
  await expect(preview.getByText('2 patients found.')).toBeVisible();
  await preview.getByRole('button', { name: `Preview ${reachable.name}` }).click();
  await expect(preview.getByText(`As ${reachable.name} would receive it`)).toBeVisible();
  await expect(preview.getByText(email, { exact: true })).toBeVisible();
  await expect(preview.getByText(subject, { exact: true })).toBeVisible();
  const rendered = preview.locator('pre.message-body');
  await expect(rendered).toContainText('Hello Greta,');
  await expect(rendered).toContainText('/register#t=(a personal link is created when you send)');
  await expect(rendered).not.toContainText('{{');
  await expectAccessible(page);
  // Bruno has no email: the preview says he would be skipped.
  await preview.getByRole('button', { name: `Preview ${unreachable.name}` }).click();
  await expect(preview.getByText(`As ${unreachable.name} would receive it`)).toBeVisible();
  await expect(preview.getByText('No email on file — they would be skipped')).toBeVisible();
  await expect(rendered).toContainText('Hello Bruno,');

  // Send to both.
  const send = page.getByRole('region', { name: 'Send' });
  await expect(send.getByRole('button', { name: 'Send now…' })).toBeDisabled();
  await send.getByLabel('Add patients').fill(family);
  await send.getByRole('button', { name: 'Search' }).click();
  await send.getByRole('button', { name: `Add ${reachable.name}` }).click();
  await send.getByRole('button', { name: `Add ${unreachable.name}` }).click();
  await expect(send.getByRole('heading', { name: 'Recipients (2 patients)' })).toBeVisible();
  await expect(send.getByRole('button', { name: `Added ${reachable.name}` })).toHaveAttribute('aria-disabled', 'true');
  const chips = send.getByRole('listitem').filter({ has: page.getByRole('button', { name: /^Remove / }) });
  await expect(chips).toHaveCount(2);
  await expect(chips.filter({ hasText: unreachable.name })).toContainText('No email on file');
  await expect(chips.filter({ hasText: reachable.name })).not.toContainText('No email on file');
  await expectAccessible(page);

  await send.getByRole('button', { name: 'Send now…' }).click();
  const confirm = page.getByRole('dialog', { name: `Send “${templateName}”?` });
  await expect(confirm.getByText(`Send “${templateName}” by email to 2 patients?`)).toBeVisible();
  await expect(confirm.getByText('1 of them has no email on file and will be skipped.')).toBeVisible();
  await expect(
    confirm.getByText('Patients without a portal account get a personal registration link; the others get the portal sign-in page.'),
  ).toBeVisible();
  await expectAccessible(page);
  await confirm.getByRole('button', { name: 'Send to 2 patients' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(`“${templateName}” is on its way to 2 patients.`)).toBeVisible();

  // Each recipient's status: Greta's message waits or is sent; Bruno is skipped, with why.
  const results = page.getByRole('region', { name: /^Sent / });
  await expect(results.getByRole('heading', { name: /^Sent / })).toBeFocused();
  const greta = results.getByRole('row').filter({ hasText: reachable.name });
  const bruno = results.getByRole('row').filter({ hasText: unreachable.name });
  await expect(greta).toContainText(email);
  await expect(greta.getByText(/^(Waiting to send|Sending|Sent)$/)).toBeVisible();
  await expect(bruno.getByText('Skipped', { exact: true })).toBeVisible();
  await expect(bruno.getByText('No email address on file.')).toBeVisible();
  await expect(bruno.getByRole('link', { name: unreachable.name })).toHaveAttribute('href', /\/staff\/patients\/[0-9a-f-]{36}$/);
  await expectAccessible(page);

  // "Refresh status" until the email has gone.
  await expect(async () => {
    await results.getByRole('button', { name: 'Refresh status' }).click();
    await expect(greta.getByText('Sent', { exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(results.getByText('2 recipients: 1 sent, 1 skipped')).toBeVisible();
  // The audience is cleared for the next send.
  await expect(send.getByRole('heading', { name: 'Recipients', exact: true })).toBeVisible();
  await expectAccessible(page);

  // Greta's email holds her personal registration link; it starts registration.
  const mail = await latestMessage(request, { to: email, kind: 'outreach', channel: 'email' });
  expect(mail.subject).toBe(subject);
  expect(mail.body).toContain('Hello Greta,');
  const link = linkIn(mail, '/register');
  const phone = await browser.newContext({ viewport: PHONE_VIEWPORT });
  const patient = await phone.newPage();
  await patient.goto(link);
  await expect(patient.getByRole('heading', { level: 1, name: 'Create your account' })).toBeVisible();
  await expect(patient.getByText('Step 1 of 4')).toBeVisible();
  await expect(patient.getByText("Welcome, Greta. Let's set up your patient portal.")).toBeVisible();
  await expect(patient.getByLabel('Your email address')).toHaveValue(masked(email));
  await expectAccessible(patient);
  await phone.close();
});
