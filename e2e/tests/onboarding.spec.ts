// Onboarding (INV-1…5, REG-1…5, AUTH-1): the front desk invites a patient from the facesheet,
// the patient registers from the emailed link on a phone — leaving half-way and coming back —
// lands on Home, signs out and in again; the facesheet then shows the access and the old link
// says the patient has registered.
import { expect, test } from '@playwright/test';
import {
  FRONT_DESK,
  PHONE_VIEWPORT,
  PRACTICE_NAME,
  codeFor,
  createPatient,
  expectAccessible,
  expectFitsPhone,
  invitationLink,
  portalSignIn,
  signIn,
  uniqueEmail,
  uniqueName,
  uniquePhone,
  masked,
} from '../support';

const PASSWORD = 'lantern orchard pebble tide';

test('staff invite a patient from the facesheet and the patient registers on a phone', async ({
  page,
  browser,
  request,
}) => {
  test.slow();
  const email = uniqueEmail('onboard');
  const phone = uniquePhone();
  const first = 'Rowan';
  const last = uniqueName('Ashby');
  const name = `${first} ${last}`;
  await createPatient(request, { first_name: first, last_name: last, date_of_birth: '1979-03-08', email, phone: phone.typed });

  // The front desk finds the patient and invites them; a dialog asks first (INV-2).
  await signIn(page, FRONT_DESK);
  await page.goto(`/staff/patients?q=${last}`);
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const access = page.getByRole('region', { name: 'Portal access' });
  await expect(access.getByText('No portal invitations yet.')).toBeVisible();
  await expectAccessible(page);

  await access.getByRole('button', { name: /^Invite to portal/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a portal invitation?' });
  await expect(dialog).toBeVisible();
  const shownPhone = phone.typed.replace(/^(\d{3}) (\d{3}) (\d{4})$/, '($1) $2-$3');
  await expect(dialog).toContainText(`Send a portal invitation to ${name} by email to ${email} and by text to ${shownPhone}?`);
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Portal invitation sent to ${name}.`)).toBeVisible();
  await expect(page.getByText(new RegExp(`Portal invitation pending since .+ — ${name} \\(`))).toBeVisible();
  await expect(access.getByText(/^Sent .+ by email and text$/)).toBeVisible();

  // Sending again right away waits out the cooldown (INV-3): the buttons count down.
  const again = access.getByRole('button', { name: /^You can send again in \d+ s/ });
  await expect(again).toBeDisabled();
  await expect(page.getByRole('button', { name: /^You can send again in \d+ s the invitation for/ })).toBeDisabled();
  const before = Number((await again.textContent())!.match(/(\d+) s/)![1]);
  await expect
    .poll(async () => Number((await again.textContent())!.match(/(\d+) s/)?.[1] ?? before), { timeout: 5_000 })
    .toBeLessThan(before);
  await expectAccessible(page);

  // On the patient's phone: the link from the email.
  const { link, message } = await invitationLink(request, email);
  expect(message.subject).toContain(PRACTICE_NAME);
  expect(message.body).toContain(`Hello ${first},`);
  const phoneContext = await browser.newContext({ viewport: PHONE_VIEWPORT });
  const patient = await phoneContext.newPage();
  await patient.goto(link);

  // Step 1: the email comes from the invitation; a common password is refused beside its field.
  await expect(patient.getByRole('heading', { level: 1, name: 'Create your account' })).toBeVisible();
  await expect(patient.getByText('Step 1 of 4')).toBeVisible();
  await expect(patient.getByText(PRACTICE_NAME).first()).toBeVisible();
  await expect(patient.getByText(`Welcome, ${first}. Let's set up your patient portal.`)).toBeVisible();
  await expect(patient.getByLabel('Your email address')).toHaveValue(masked(email));
  // The link's token leaves the address bar at once (not on a shared screen, not in the history);
  // a reload in this tab still continues.
  await expect(patient).toHaveURL(/\/register$/);
  await patient.reload();
  await expect(patient.getByRole('heading', { level: 1, name: 'Create your account' })).toBeVisible();
  await expectAccessible(patient);
  await expectFitsPhone(patient);

  const password = patient.getByLabel('Choose a password');
  await password.fill('password1234');
  await patient.getByLabel('Type the password again').fill('password1234');
  await patient.getByRole('button', { name: 'Continue' }).click();
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/too common/);
  await expect(password).toBeFocused();
  await expectAccessible(patient);

  await password.fill(PASSWORD);
  await patient.getByLabel('Type the password again').fill(PASSWORD);
  await patient.getByRole('button', { name: 'Continue' }).click();

  // Step 2 shows; the patient leaves, and the same link brings them back to it (REG-2).
  await expect(patient.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
  await expect(patient.getByText('Step 2 of 4')).toBeVisible();
  await expectAccessible(patient);
  await patient.goto('/');
  await expect(patient.getByRole('heading', { level: 1, name: 'Check your email' })).toBeHidden();
  await patient.goto(link);
  await expect(patient.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
  await expect(patient.getByText('Step 2 of 4')).toBeVisible();

  await patient.getByLabel('6-digit code').fill(await codeFor(request, email, 'email'));
  await patient.getByRole('button', { name: 'Continue' }).click();

  // Step 3: a code texted to the phone on file.
  await expect(patient.getByRole('heading', { level: 1, name: 'Confirm your mobile phone' })).toBeVisible();
  await expect(patient.getByText('Step 3 of 4')).toBeVisible();
  await expect(patient.getByText(phone.e164.slice(-4))).toBeVisible();
  await expectAccessible(patient);
  await patient.getByRole('button', { name: 'Text me a code' }).click();
  await expect(patient.getByText(/We texted a 6-digit code to .+\. Enter it below\./)).toBeVisible();
  await patient.getByLabel('6-digit code').fill(await codeFor(request, phone.e164, 'sms'));
  await patient.getByRole('button', { name: 'Continue' }).click();

  // Step 4: review and accept the terms.
  await expect(patient.getByRole('heading', { level: 1, name: 'Review and finish' })).toBeVisible();
  await expect(patient.getByText('Step 4 of 4')).toBeVisible();
  await expect(patient.getByText(`Yourself (${first})`)).toBeVisible();
  await expectAccessible(patient);
  await patient.getByRole('button', { name: 'Finish registration' }).click();
  const terms = patient.getByLabel('I accept the terms of use and privacy notice');
  await expect(terms).toHaveAttribute('aria-invalid', 'true');
  await terms.check();
  await patient.getByRole('button', { name: 'Finish registration' }).click();

  // Home, in the practice's name.
  await expect(patient).toHaveURL(/\/portal$/);
  await expect(patient.getByRole('heading', { level: 1, name: `Welcome, ${first}` })).toBeVisible();
  await expect(patient.getByText('Welcome! Your portal account is ready.')).toBeVisible();
  await expect(patient.getByRole('link', { name: PRACTICE_NAME })).toBeVisible();
  await expect(patient.getByText(`Your patient portal at ${PRACTICE_NAME}.`)).toBeVisible();
  await expect(patient.getByRole('heading', { name: 'What you can do here' })).toBeVisible();
  await expectAccessible(patient);
  await expectFitsPhone(patient);

  // Sign out, then back in with email and password.
  await patient.getByRole('button', { name: 'Sign out' }).click();
  await expect(patient).toHaveURL(/\/portal\/sign-in/);
  await expect(patient.getByRole('heading', { level: 1, name: 'Patient portal sign in' })).toBeVisible();
  await expectAccessible(patient);
  await portalSignIn(patient, email, PASSWORD);
  await expect(patient.getByRole('heading', { level: 1, name: `Welcome, ${first}` })).toBeVisible();
  await expectAccessible(patient);

  // Staff: no pending alert any more; the patient has access.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(access.getByText('Has portal access')).toBeVisible();
  await expect(page.getByText(/Portal invitation pending since/)).toHaveCount(0);
  await expect(access.getByRole('button', { name: /^Invite to portal/ })).toHaveCount(0);
  await expectAccessible(page);

  // The link has done its job: it says so and offers sign-in (INV-4).
  await patient.goto('/');
  await patient.goto(link);
  await expect(patient.getByRole('heading', { level: 1, name: 'You have already registered' })).toBeVisible();
  await expect(patient.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(patient);
  await phoneContext.close();
});
