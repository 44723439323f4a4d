// The access token lives only in memory and expires; a 401 refreshes it once (one refresh even
// when several requests fail together, since refresh tokens rotate) and retries once.
import { expect, test, type Route } from '@playwright/test';
import { signIn } from '../support';

const expired = (route: Route) =>
  route.fulfill({
    status: 401,
    contentType: 'application/problem+json',
    body: JSON.stringify({ type: 'about:blank', title: 'Unauthenticated', status: 401, detail: 'Expired.', code: 'unauthenticated' }),
  });

test('requests that meet an expired token share one refresh and retry', async ({ page }) => {
  await signIn(page);
  const refused = new Set<string>();
  // Providers and appointment types load together on Portal Configs; each is refused once.
  await page.route(/\/api\/v1\/staff\/(providers|appointment-types)/, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (refused.has(path)) return route.continue();
    refused.add(path);
    return expired(route);
  });
  // A slow refresh: the second 401 surely arrives while the first refresh is still running.
  let refreshes = 0;
  await page.route('**/api/v1/staff/auth/refresh', async (route) => {
    refreshes += 1;
    await new Promise((done) => setTimeout(done, 500));
    await route.continue();
  });

  await page.getByRole('navigation', { name: 'Staff consoles' }).getByRole('link', { name: 'Portal Configs' }).click();
  await expect(page.getByLabel('Minimum notice')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Providers offered online' }).getByRole('checkbox').first()).toBeVisible();
  expect(refused.size).toBe(2);
  expect(refreshes).toBe(1);
});

test('when the refresh is refused too, staff go back to sign in', async ({ page }) => {
  await signIn(page);
  await page.route('**/api/v1/staff/auth/refresh', expired);
  await page.route('**/api/v1/staff/patients?*', expired);
  await page.getByRole('navigation', { name: 'Staff consoles' }).getByRole('link', { name: 'Patients' }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in\?next=%2Fstaff%2Fpatients/);
  await expect(page.getByText('Your session has ended. Sign in again to continue.')).toBeVisible();
});
