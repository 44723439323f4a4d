// Guardians (INV-1, §5, HOME-1): one person is the guardian of two children. Invited from each
// child's facesheet, they register once; the second link adds the second child to the same
// login, and Home offers a switcher. A guardian does not see the child's gender identity, and
// only guardians and guarantors can be invited (an emergency contact cannot).
import { expect, test, type Page } from '@playwright/test';
import {
  FRONT_DESK,
  PHONE_VIEWPORT,
  addContact,
  codeFor,
  createPatient,
  expectAccessible,
  expectFitsPhone,
  invitationLink,
  signIn,
  staffApi,
  uniqueEmail,
  uniqueName,
  uniquePhone,
  masked,
} from '../support';

const PASSWORD = 'kestrel meadow lantern brook';

/** On the facesheet: invites the contact called `name` from their row, through the dialog. */
async function inviteContact(page: Page, name: string) {
  const row = page.getByRole('region', { name: 'Contacts' }).getByRole('listitem').filter({ hasText: name });
  await row.getByRole('button', { name: /^Invite to portal/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a portal invitation?' });
  await expect(dialog).toContainText(`Send a portal invitation to ${name} by email to`);
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Portal invitation sent to ${name}.`)).toBeVisible();
  await expect(page.getByText(new RegExp(`Portal invitation pending since .+ — ${name} \\(Guardian\\)`))).toBeVisible();
}

test('a guardian invited for two children has one login and a patient switcher', async ({ page, browser, request }) => {
  test.slow();
  const family = uniqueName('Fenwick');
  const guardianEmail = uniqueEmail('guardian');
  const guardianPhone = uniquePhone();
  const guardian = { first_name: 'Morgan', last_name: family, relationship: 'guardian', email: guardianEmail, phone: guardianPhone.typed };
  const guardianName = `Morgan ${family}`;
  const ava = await createPatient(request, {
    first_name: 'Ava',
    last_name: family,
    date_of_birth: '2016-05-04',
    gender_identity: 'Nonbinary',
  });
  const bea = await createPatient(request, { first_name: 'Bea', last_name: family, date_of_birth: '2019-09-21' });
  await addContact(request, ava.id, guardian);
  await addContact(request, bea.id, guardian);
  await addContact(request, ava.id, { first_name: 'Elliot', last_name: 'Neighbour', relationship: 'emergency', phone: '217 555 0142' });

  // Front desk: Ava's facesheet. The guardian's row can be invited; the emergency contact's cannot.
  await signIn(page, FRONT_DESK);
  await page.goto(`/staff/patients/${ava.id}`);
  await expect(page.getByRole('heading', { level: 1, name: `Ava ${family}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Demographics' })).toContainText('Nonbinary');
  const contacts = page.getByRole('region', { name: 'Contacts' });
  const emergency = contacts.getByRole('listitem').filter({ hasText: 'Elliot Neighbour' });
  await expect(emergency.getByText('Emergency')).toBeVisible();
  await expect(emergency.getByRole('button', { name: /Edit/ })).toBeVisible();
  await expect(emergency.getByRole('button', { name: /Invite to portal/ })).toHaveCount(0);
  await expectAccessible(page);
  await inviteContact(page, guardianName);
  await expectAccessible(page);

  // The guardian registers on their phone.
  const first = await invitationLink(request, guardianEmail);
  const context = await browser.newContext({ viewport: PHONE_VIEWPORT });
  const phone = await context.newPage();
  await phone.goto(first.link);
  await expect(phone.getByRole('heading', { level: 1, name: 'Create your account' })).toBeVisible();
  await expect(phone.getByText("Welcome, Morgan. You're registering to see Ava's portal as their guardian.")).toBeVisible();
  await expectAccessible(phone);
  await phone.getByLabel('Choose a password').fill(PASSWORD);
  await phone.getByLabel('Type the password again').fill(PASSWORD);
  await phone.getByRole('button', { name: 'Continue' }).click();
  await expect(phone.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
  await phone.getByLabel('6-digit code').fill(await codeFor(request, guardianEmail, 'email'));
  await phone.getByRole('button', { name: 'Continue' }).click();
  await expect(phone.getByRole('heading', { level: 1, name: 'Confirm your mobile phone' })).toBeVisible();
  await phone.getByRole('button', { name: 'Text me a code' }).click();
  await expect(phone.getByText(/We texted a 6-digit code to/)).toBeVisible();
  await phone.getByLabel('6-digit code').fill(await codeFor(request, guardianPhone.e164, 'sms'));
  await phone.getByRole('button', { name: 'Continue' }).click();
  await expect(phone.getByRole('heading', { level: 1, name: 'Review and finish' })).toBeVisible();
  await expect(phone.getByText('Ava, as their guardian')).toBeVisible();
  await phone.getByLabel('I accept the terms of use and privacy notice').check();
  await phone.getByRole('button', { name: 'Finish registration' }).click();

  await expect(phone).toHaveURL(/\/portal$/);
  await expect(phone.getByRole('heading', { level: 1, name: 'Welcome' })).toBeVisible();
  await expect(phone.getByText("You are looking at Ava's portal as their guardian.")).toBeVisible();
  // One child so far: no switcher.
  await expect(phone.getByRole('navigation', { name: 'Whose portal do you want to see?' })).toHaveCount(0);
  await expectAccessible(phone);
  await phone.getByRole('button', { name: 'Sign out' }).click();
  await expect(phone).toHaveURL(/\/portal\/sign-in/);

  // Later, Bea's facesheet invites the same guardian.
  await page.goto(`/staff/patients/${bea.id}`);
  await expect(page.getByRole('heading', { level: 1, name: `Bea ${family}` })).toBeVisible();
  await inviteContact(page, guardianName);

  // The second link knows the email has an account: the password adds Bea to it.
  const second = await invitationLink(request, guardianEmail, [first.message.id]);
  expect(second.link).not.toEqual(first.link);
  await phone.goto(second.link);
  await expect(phone.getByRole('heading', { level: 1, name: 'Add Bea to your portal' })).toBeVisible();
  await expect(phone.getByText(`You already have a portal account with ${masked(guardianEmail)}.`)).toBeVisible();
  await expect(phone.getByLabel('Email')).toHaveValue(masked(guardianEmail));
  await expectAccessible(phone);
  await expectFitsPhone(phone);
  await phone.getByLabel('Password').fill(PASSWORD);
  await phone.getByRole('button', { name: 'Add Bea and sign in' }).click();

  await expect(phone).toHaveURL(/\/portal$/);
  await expect(phone.getByText('Bea is now in your portal.')).toBeVisible();
  const switcher = phone.getByRole('navigation', { name: 'Whose portal do you want to see?' });
  const toAva = switcher.getByRole('link', { name: 'Ava (you are guardian)' });
  const toBea = switcher.getByRole('link', { name: 'Bea (you are guardian)' });
  await expect(toAva).toBeVisible();
  await expect(toBea).toBeVisible();
  await expectAccessible(phone);
  await expectFitsPhone(phone);

  await toBea.click();
  await expect(toBea).toHaveAttribute('aria-current', 'page');
  await expect(toAva).not.toHaveAttribute('aria-current', 'page');
  await expect(phone.getByText("You are looking at Bea's portal as their guardian.")).toBeVisible();
  await toAva.click();
  await expect(toAva).toHaveAttribute('aria-current', 'page');
  await expect(phone.getByText("You are looking at Ava's portal as their guardian.")).toBeVisible();
  await expect(phone.getByText("You are looking at Bea's portal as their guardian.")).toHaveCount(0);
  await expectAccessible(phone);

  // Ava's information, as her guardian: no gender identity (§5).
  await phone.getByRole('main').getByRole('link', { name: /My Information/i }).click();
  await expect(phone.getByRole('heading', { level: 1, name: "Ava's information" })).toBeVisible();
  const about = phone.getByRole('region', { name: 'About' });
  await expect(about).toContainText(`Ava ${family}`);
  await expect(about).toContainText('Date of birth');
  await expect(phone.getByText('Gender identity')).toHaveCount(0);
  await expect(phone.getByText('Nonbinary')).toHaveCount(0);
  await expectAccessible(phone);
  await expectFitsPhone(phone);

  // The practice writes about Ava; her guardian reads and replies for her (MSG-1).
  const started = await staffApi(request, 'POST', `/patients/${ava.id}/threads`, {
    subject: "Ava's next visit",
    body: 'Please bring Ava’s school sports form on Thursday.',
  });
  expect(started.status(), await started.text()).toBe(201);
  await phone.goto('/portal');
  await expect(phone.getByRole('link', { name: /Messages/ }).getByText('1 new')).toBeVisible();
  await phone.getByRole('link', { name: /Messages/ }).click();
  await phone.getByRole('link', { name: /Ava's next visit/ }).click();
  await expect(phone.getByText(`Between the practice and ${guardianName}.`)).toBeVisible();
  await phone.getByLabel('Your reply').fill('We will bring it. Thank you!');
  await phone.getByRole('button', { name: 'Send' }).click();
  const mine = phone.locator('.bubble.mine').filter({ hasText: 'We will bring it. Thank you!' });
  await expect(mine.getByText('You', { exact: true })).toBeVisible();
  await expectAccessible(phone);
  await expectFitsPhone(phone);
  const thread = (await started.json()).id;
  const seen = await staffApi(request, 'GET', `/threads/${thread}`);
  expect((await seen.json()).messages[1].author_name).toBe(guardianName);
  await context.close();
});
