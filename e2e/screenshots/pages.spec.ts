// Writes docs/screenshots/<page>-<desktop|phone>.png from the running app with demo data.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import {
  DEMO_PASSWORD,
  createPatient,
  invitationLink,
  inviteByApi,
  portalSignIn,
  signIn,
  uniqueEmail,
  uniqueName,
  uniquePhone,
} from '../support';

const out = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 812 } } as const;

for (const [device, viewport] of Object.entries(sizes)) {
  test.describe(device, () => {
    test.use({ viewport });

    const shot = (page: Page, name: string) =>
      page.screenshot({ path: path.join(out, `${name}-${device}.png`), animations: 'disabled', caret: 'hide' });

    test('pages', async ({ page }) => {
      await page.goto('/staff/sign-in');
      await page.getByLabel('Email').fill('admin@riverside.example');
      await page.getByRole('button', { name: 'Continue' }).click();
      await shot(page, 'sign-in');

      await signIn(page);
      await page.mouse.move(0, 0);
      await shot(page, 'staff-home');

      await page.goto('/staff/patients?q=Adams');
      await expect(page.getByRole('link', { name: 'Patricia Adams' })).toBeVisible();
      await shot(page, 'patient-search');

      await page.getByRole('link', { name: 'Patricia Adams' }).click();
      await expect(page.getByRole('heading', { name: 'Contacts' })).toBeVisible();
      await expect(page.getByText('Loading…')).toHaveCount(0);
      await shot(page, 'facesheet');

      await page.goto('/staff/portal-config');
      await expect(page.getByRole('group', { name: 'Providers offered online' })).toBeVisible();
      await shot(page, 'portal-config');

      if (device === 'phone') {
        await page.getByRole('button', { name: 'Menu' }).click();
        await shot(page, 'menu');
      }

      await page.goto('/staff/staff-users');
      await expect(page.getByRole('button', { name: 'Edit Alex Morgan' })).toBeVisible();
      await shot(page, 'staff-users');

      // The add dialog sent empty: every field says what it needs.
      await page.getByRole('button', { name: 'Add staff user' }).click();
      const add = page.getByRole('dialog', { name: 'Add staff user' });
      await add.getByRole('button', { name: 'Add user' }).click();
      await expect(add.getByLabel('Initial password')).toHaveAttribute('aria-invalid', 'true');
      await shot(page, 'add-staff-user');
      await page.keyboard.press('Escape');

      await page.goto('/staff/account');
      await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
      await shot(page, 'account');
    });
  });
}

// The onboarding journey and the portal, with their own patient so the demo data stays as seeded.
for (const [device, viewport] of Object.entries(sizes)) {
  test.describe(`${device} portal`, () => {
    test.use({ viewport });

    const shot = (page: Page, name: string) =>
      page.screenshot({ path: path.join(out, `${name}-${device}.png`), animations: 'disabled', caret: 'hide' });

    test('portal pages', async ({ page, browser, request }) => {
      test.setTimeout(90_000);
      const email = uniqueEmail('shot');
      const phone = uniquePhone();
      const patient = await createPatient(request, {
        first_name: 'Rosa',
        last_name: uniqueName('Delgado'),
        date_of_birth: '1956-04-09',
        email,
        phone: phone.typed,
      });
      await inviteByApi(request, patient.id);

      await signIn(page);
      await page.goto(`/staff/patients/${patient.id}`);
      await expect(page.getByText(/Portal invitation pending since/)).toBeVisible();
      await page.mouse.move(0, 0);
      await shot(page, 'facesheet-invited');

      await page.goto('/staff/portal-directory');
      await expect(page.getByText(/Last sign-in/).first()).toBeVisible();
      await shot(page, 'portal-directory');

      await page.goto('/staff/deliveries');
      await page.getByRole('button', { name: /View/ }).first().click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await shot(page, 'delivery-message');
      await page.keyboard.press('Escape');

      await page.goto('/staff/outreach');
      await page.getByRole('link', { name: 'Portal invitation' }).first().click();
      await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
      await shot(page, 'outreach-template');

      await page.goto('/staff/messages');
      await expect(page.locator('.thread-row').first()).toBeVisible();
      await shot(page, 'messages-inbox');
      await page.locator('.thread-row a').first().click();
      await expect(page.locator('.bubble').first()).toBeVisible();
      await shot(page, 'staff-thread');

      // The patient registers in a browser of their own.
      const patientContext = await browser.newContext({ viewport });
      const portal = await patientContext.newPage();
      const { link } = await invitationLink(request, email);
      await portal.goto(link);
      await expect(portal.getByText('Step 1 of 4')).toBeVisible();
      await shot(portal, 'register-account');
      await portal.getByLabel('Choose a password').fill(DEMO_PASSWORD);
      await portal.getByLabel('Type the password again').fill(DEMO_PASSWORD);
      await portal.getByRole('button', { name: 'Continue' }).click();
      await expect(portal.getByText('Step 2 of 4')).toBeVisible();
      await shot(portal, 'register-email-code');
      await patientContext.close();

      // A demo portal account (`portico demo` prints it), so the page shows a real-looking name.
      const home = await browser.newContext({ viewport });
      const homePage = await home.newPage();
      await portalSignIn(homePage, 'avery.harris@example.com', DEMO_PASSWORD);
      await expect(homePage.getByRole('link', { name: /My Information/ })).toBeVisible();
      await shot(homePage, 'portal-home');
      // The demo seeds a conversation for each demo portal account.
      await homePage.getByRole('link', { name: /Messages/ }).click();
      await expect(homePage.getByRole('heading', { level: 1, name: 'Messages' })).toBeVisible();
      await shot(homePage, 'portal-messages');
      await homePage.locator('.thread-row a').first().click();
      await expect(homePage.locator('.bubble').first()).toBeVisible();
      await shot(homePage, 'portal-thread');
      await homePage.getByRole('link', { name: 'Messages' }).first().click();
      await homePage.getByRole('link', { name: 'Home' }).first().click();
      await homePage.getByRole('link', { name: /My Files/ }).click();
      await homePage.getByLabel('Choose files').setInputFiles({
        name: 'Referral from Dr Patel.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
      });
      await homePage.getByRole('button', { name: 'Upload' }).click();
      await expect(homePage.getByText(/Sent to the practice/)).toBeVisible();
      await shot(homePage, 'portal-my-files');
      await home.close();
    });
  });
}
