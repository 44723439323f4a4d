// Ending portal access (issue 9, item 1): the front desk locks and unlocks a portal account from
// the Portal Directory, and ends a patient's access from the facesheet; each through a
// confirmation that starts on the safe choice, and each takes effect on the portal at once.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { FRONT_DESK, PHONE_VIEWPORT, PRACTICE, expectAccessible, expectFitsPhone, registeredPatient, signIn } from '../support';

const PASSWORD = 'quiet harbour lantern 58';

/** A portal access token for `email`, or the status the sign-in answered. */
async function portalLogin(request: APIRequestContext, email: string): Promise<{ status: number; token?: string }> {
  const response = await request.post('/api/v1/portal/auth/login', { data: { practice: PRACTICE, email, password: PASSWORD } });
  const status = response.status();
  return { status, token: status === 200 ? (await response.json()).access_token : undefined };
}

function row(page: Page, name: string) {
  return page.getByRole('row').filter({ hasText: name });
}

test('lock and unlock from the directory, end access from the facesheet', async ({ page, request }) => {
  test.slow();
  const patient = await registeredPatient(request, PASSWORD);
  const name = `${patient.first_name} ${patient.last_name}`;
  const before = await portalLogin(request, patient.email);
  expect(before.status).toBe(200);

  await signIn(page, FRONT_DESK);
  await page.goto(`/staff/portal-directory?q=${patient.first_name}`);
  const entry = row(page, name);
  await expect(entry.getByText('Registered', { exact: true })).toBeVisible();
  await expectAccessible(page);

  // Lock: the dialog explains, starts on "Keep unlocked", and the portal session ends at once.
  await entry.getByRole('button', { name: `Lock the portal account of ${name}` }).click();
  const lock = page.getByRole('dialog', { name: `Lock ${name}'s portal account?` });
  await expect(lock.getByText(/signed out everywhere now and cannot sign in/)).toBeVisible();
  await expect(lock.getByRole('button', { name: 'Keep unlocked' })).toBeFocused();
  await expectAccessible(page);
  await lock.getByRole('button', { name: 'Lock account' }).click();
  await expect(lock).toBeHidden();
  await expect(page.getByText(`${name}'s portal account is locked.`)).toBeVisible();
  await expect(entry.getByText('Locked', { exact: true })).toBeVisible();
  const me = await request.get('/api/v1/portal/me', { headers: { authorization: `Bearer ${before.token}` } });
  expect(me.status()).toBe(401);
  expect((await portalLogin(request, patient.email)).status).toBe(401);

  // Unlock: signing in works again.
  await entry.getByRole('button', { name: `Unlock the portal account of ${name}` }).click();
  const unlock = page.getByRole('dialog', { name: `Unlock ${name}'s portal account?` });
  await expect(unlock.getByRole('button', { name: 'Keep locked' })).toBeFocused();
  await unlock.getByRole('button', { name: 'Unlock account' }).click();
  await expect(page.getByText(`${name}'s portal account is unlocked.`)).toBeVisible();
  await expect(entry.getByText('Registered', { exact: true })).toBeVisible();
  const again = await portalLogin(request, patient.email);
  expect(again.status).toBe(200);

  // The facesheet: end this patient's access.
  await page.goto(`/staff/patients/${patient.id}`);
  const access = page.getByRole('region', { name: 'Portal access' });
  await expect(access.getByText('Registered', { exact: true })).toBeVisible();
  await access.getByRole('button', { name: `End access (${name})` }).click();
  const end = page.getByRole('dialog', { name: `End ${name}'s portal access?` });
  await expect(end.getByText(/no longer see this patient in the portal, starting now/)).toBeVisible();
  await expect(end.getByRole('button', { name: 'Keep access' })).toBeFocused();
  await expectAccessible(page);
  await end.getByRole('button', { name: 'End access' }).click();
  await expect(end).toBeHidden();
  await expect(page.getByText(`${name} no longer has portal access to this patient.`)).toBeVisible();
  await expect(access.getByText('Revoked', { exact: true })).toBeVisible();
  // They can be invited again; the old token opens nothing.
  const invite = new RegExp(`^(Invite to portal|You can send again in .+) \\(${name}\\)$`);
  await expect(access.getByRole('button', { name: invite })).toBeVisible();
  const after = await request.get('/api/v1/portal/me', { headers: { authorization: `Bearer ${again.token}` } });
  expect(after.status()).toBe(401);
});

test.describe('on a phone', () => {
  test.use({ viewport: PHONE_VIEWPORT });

  test('the lock confirmation fits a 375 px screen', async ({ page, request }) => {
    const patient = await registeredPatient(request, PASSWORD);
    const name = `${patient.first_name} ${patient.last_name}`;
    await signIn(page, FRONT_DESK);
    await page.goto(`/staff/portal-directory?q=${patient.first_name}`);
    await row(page, name).getByRole('button', { name: `Lock the portal account of ${name}` }).click();
    await expect(page.getByRole('dialog', { name: `Lock ${name}'s portal account?` })).toBeVisible();
    await expectFitsPhone(page);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Keep unlocked' }).click();
  });
});
