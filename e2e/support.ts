// Shared by the journeys: demo accounts, signing in, and the accessibility check.
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** What serve.sh seeds every demo staff user with (set in playwright.config.ts). */
export const DEMO_PASSWORD = 'e2e-demo-pass-portico-2026';
export const ADMIN = 'admin@riverside.example';
export const FRONT_DESK = 'frontdesk@riverside.example';
export const BILLING = 'billing@riverside.example';

/** Signs in through the real form (email, then password) and waits for the staff home. */
export async function signIn(page: Page, email = ADMIN, password = DEMO_PASSWORD) {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Welcome/ })).toBeVisible();
}

/** Signs out with the sidebar's button (desktop) and waits for the sign-in page. */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
}

/** Adds a staff user on the Staff users page; the signed-in user must be an administrator. */
export async function addStaffUser(page: Page, user: { name: string; email: string; role: string; password: string }) {
  await page.goto('/staff/staff-users');
  await page.getByRole('button', { name: 'Add staff user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add staff user' });
  await dialog.getByLabel('Name').fill(user.name);
  await dialog.getByLabel('Email').fill(user.email);
  await dialog.getByLabel(user.role).check();
  await dialog.getByLabel('Initial password').fill(user.password);
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText(`${user.name} can now sign in.`)).toBeVisible();
}

/** Fails on any axe violation of impact serious or critical, listing each with its elements. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Portal journeys: setup through the staff API, and the messages the outbox delivers.

/** The demo practice the portal journeys use. */
export const PRACTICE = 'riverside-pt';
export const PRACTICE_NAME = 'Riverside Physical Therapy';
/** The phone the patient pages are checked on. */
export const PHONE_VIEWPORT = { width: 375, height: 740 };

let serial = 0;
/** A suffix no other test of this run (or an earlier run on the same server) uses. */
export function unique(): string {
  serial += 1;
  return `${Date.now().toString(36)}${serial}${Math.floor(Math.random() * 1000)}`;
}
/** A fresh email address, lower case (the server keeps addresses as typed, compared lower case). */
export function uniqueEmail(prefix = 'e2e'): string {
  return `${prefix}-${unique()}@example.com`;
}
/** A fresh US mobile number, as typed ("312 555 1234") and as stored (E.164, "+13125551234"). */
export function uniquePhone(): { typed: string; e164: string } {
  const area = 300 + Math.floor(Math.random() * 600);
  const line = String(Math.floor(Math.random() * 10_000)).padStart(4, '0');
  return { typed: `${area} 555 ${line}`, e164: `+1${area}555${line}` };
}

let admin: { token: string; at: number } | undefined;

/** An admin access token for setup and for the demo mailbox (cached for 10 minutes). */
export async function adminToken(request: APIRequestContext): Promise<string> {
  if (admin && Date.now() - admin.at < 10 * 60_000) return admin.token;
  const response = await request.post('/api/v1/staff/auth/login', { data: { email: ADMIN, password: DEMO_PASSWORD } });
  expect(response.status(), 'admin sign-in for setup').toBe(200);
  admin = { token: (await response.json()).access_token, at: Date.now() };
  return admin.token;
}

export async function staffApi(request: APIRequestContext, method: 'GET' | 'POST' | 'PUT', path: string, data?: unknown) {
  const headers = { authorization: `Bearer ${await adminToken(request)}` };
  const response = await request.fetch(`/api/v1/staff${path}`, { method, headers, data });
  return response;
}

export type PatientSetup = {
  first_name: string;
  last_name: string;
  date_of_birth: string;
  email?: string | null;
  phone?: string | null;
  sex?: string;
  gender_identity?: string | null;
  preferred_name?: string | null;
};

/** Registers a patient through the staff API (setup only); answers with the stored patient. */
export async function createPatient(request: APIRequestContext, patient: PatientSetup): Promise<{ id: string } & PatientSetup> {
  const response = await staffApi(request, 'POST', '/patients', patient);
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

/** Adds a contact to a patient through the staff API (setup only). */
export async function addContact(
  request: APIRequestContext,
  patientId: string,
  contact: { first_name: string; last_name: string; relationship: string; email?: string | null; phone?: string | null },
): Promise<{ id: string }> {
  const response = await staffApi(request, 'POST', `/patients/${patientId}/contacts`, contact);
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

/** Invites the patient or one of their contacts through the staff API (setup only). */
export async function inviteByApi(request: APIRequestContext, patientId: string, contactId?: string) {
  const data = contactId
    ? { role: 'guardian', contact_id: contactId, origin: 'facesheet' }
    : { role: 'self', origin: 'facesheet' };
  const response = await staffApi(request, 'POST', `/patients/${patientId}/invitations`, data);
  expect([200, 201], await response.text()).toContain(response.status());
}

export type Message = { id: string; to: string; subject?: string; body: string };
type Kind = 'invitation' | 'verification_code' | 'password_reset' | 'outreach' | 'message_notice';

/**
 * The newest message of `kind` to `to` (an email address or an E.164 number), read from the demo
 * mailbox once the outbox worker has delivered it. `skip` lists messages already used, so a
 * second code is not mistaken for the first.
 */
export async function latestMessage(
  request: APIRequestContext,
  { to, kind, channel, skip = [] }: { to: string; kind: Kind; channel?: 'email' | 'sms'; skip?: string[] },
): Promise<Message> {
  let found: Message | undefined;
  await expect
    .poll(
      async () => {
        const list = await staffApi(request, 'GET', '/deliveries?limit=100');
        if (!list.ok()) return `deliveries: ${list.status()}`;
        const items: { id: string; kind: string; channel: string; recipient: string }[] = (await list.json()).items;
        const hit = items.find(
          (d) =>
            d.kind === kind &&
            d.recipient.toLowerCase() === to.toLowerCase() &&
            (!channel || d.channel === channel) &&
            !skip.includes(d.id),
        );
        if (!hit) return `no ${kind} to ${to} yet`;
        const message = await staffApi(request, 'GET', `/deliveries/${hit.id}/message`);
        if (!message.ok()) return `${kind} to ${to} not delivered yet (${message.status()})`;
        found = { id: hit.id, ...(await message.json()) };
        return 'delivered';
      },
      { message: `a ${kind} message to ${to}`, timeout: 30_000, intervals: [250, 500, 1000] },
    )
    .toBe('delivered');
  return found!;
}

/** The path (with its `#t=` token) of a link to `path` in a message. */
export function linkIn(message: Message, path: string): string {
  const match = message.body.match(new RegExp(`https?://[^/\\s]+(${path}#t=[A-Za-z0-9_-]+)`));
  expect(match, `a ${path} link in: ${message.body}`).not.toBeNull();
  return match![1];
}

/** The newest invitation link emailed to `email`, as a path: `/register#t=…`. */
export async function invitationLink(request: APIRequestContext, email: string, skip: string[] = []) {
  const message = await latestMessage(request, { to: email, kind: 'invitation', channel: 'email', skip });
  return { link: linkIn(message, '/register'), message };
}

/** The newest password-reset link emailed to `email`, as a path: `/portal/reset-password#t=…`. */
export async function resetLink(request: APIRequestContext, email: string) {
  const message = await latestMessage(request, { to: email, kind: 'password_reset', channel: 'email' });
  return linkIn(message, '/portal/reset-password');
}

/** The 6-digit code of the newest verification message to `to` (an email address or an E.164 number). */
export async function codeFor(request: APIRequestContext, to: string, channel: 'email' | 'sms') {
  const message = await latestMessage(request, { to, kind: 'verification_code', channel });
  const match = message.body.match(/verification code is (\d{6})/);
  expect(match, `a code in: ${message.body}`).not.toBeNull();
  return match![1];
}

/** Letters only (for names): "Kbqzd…", different on every call. */
export function uniqueName(prefix: string): string {
  return prefix + unique().replace(/\d/g, (d) => 'abcdefghij'[Number(d)]);
}

/**
 * Setup only: an adult patient with a portal account, registered through the API with an
 * invitation, both codes and the terms, exactly as the wizard would. Answers with the patient.
 */
export async function registeredPatient(request: APIRequestContext, password: string) {
  const email = uniqueEmail('portal');
  const phone = uniquePhone();
  const first_name = uniqueName('Pat');
  const patient = await createPatient(request, {
    first_name,
    last_name: 'Portalist',
    date_of_birth: '1984-06-15',
    email,
    phone: phone.typed,
  });
  await inviteByApi(request, patient.id);
  await registerByApi(request, email, phone.e164, password);
  return { ...patient, email, phone };
}

/**
 * Setup only: a guardian of the patient `patientId` (a new contact) with a portal account,
 * invited and registered through the API like `registeredPatient`. Answers with their name as
 * the portal and the staff consoles show it, and their email.
 */
export async function registeredGuardian(request: APIRequestContext, patientId: string, first_name: string, password: string) {
  const email = uniqueEmail('guardian');
  const phone = uniquePhone();
  const last_name = uniqueName('Guard');
  const contact = await addContact(request, patientId, { first_name, last_name, relationship: 'guardian', email, phone: phone.typed });
  await inviteByApi(request, patientId, contact.id);
  await registerByApi(request, email, phone.e164, password);
  return { name: `${first_name} ${last_name}`, email };
}

/** Registers with the newest invitation emailed to `email`: both codes and the terms, as the wizard would. */
async function registerByApi(request: APIRequestContext, email: string, phone: string, password: string) {
  const { link } = await invitationLink(request, email);
  const started = await request.post('/api/v1/registration', { data: { token: link.split('#t=')[1] } });
  expect(started.status(), await started.text()).toBe(200);
  const headers = { authorization: `Bearer ${(await started.json()).registration_token}` };
  const step = async (path: string, data: unknown) => {
    const response = await request.post(`/api/v1/registration/${path}`, { headers, data });
    expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  };
  await step('account', { password });
  await step('email/verify', { code: await codeFor(request, email, 'email') });
  await step('phone/send', {});
  await step('phone/verify', { code: await codeFor(request, phone, 'sms') });
  await step('complete', { accept_terms: true });
}

/**
 * Portal sign-in through the real form: the practice (only when this browser does not know it
 * yet), the email, then the password. Waits for Home.
 */
export async function portalSignIn(page: Page, email: string, password: string) {
  await page.goto('/portal/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Patient portal sign in' })).toBeVisible();
  const practice = page.getByLabel("Your practice's portal code");
  const emailField = page.getByLabel('Email');
  await expect(practice.or(emailField)).toBeVisible();
  if (await practice.isVisible()) {
    await practice.fill(PRACTICE);
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await emailField.fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/portal(\?|$)/);
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome/ })).toBeVisible();
}

/** An address as registration shows it before its code is entered: `m•••@example.com`. */
export function masked(email: string): string {
  return email.replace(/^(.)[^@]*/, '$1•••');
}

/** Nothing on the page is wider than the phone's screen. */
export async function expectFitsPhone(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
}
