// Journey 4: Portal Configs rejects a maximum notice below the minimum next to the field,
// saves once fixed, and guards against two admins overwriting each other (ETag / If-Match).
import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from '../support';

test('a maximum below the minimum is refused next to the field, then saved', async ({ page }) => {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Staff consoles' }).getByRole('link', { name: 'Portal Configs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Portal Configs' })).toBeVisible();
  for (const group of ['Schedule notice', 'Appointment requests', 'Online scheduling', 'General permissions', 'Messages', 'Waitlist', 'Invitations', 'Branding']) {
    await expect(page.getByRole('heading', { level: 2, name: group })).toBeVisible();
  }
  await expect(page.getByRole('group', { name: 'Providers offered online' }).getByRole('checkbox').first()).toBeVisible();
  await expectAccessible(page);

  const min = page.getByLabel('Minimum notice');
  const max = page.getByLabel('Maximum notice');
  await min.fill('48');
  await max.fill('24');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(max).toHaveAttribute('aria-invalid', 'true');
  await expect(max).toHaveAccessibleDescription(/Maximum notice cannot be less than the minimum/);
  await expect(max).toBeFocused();
  await expectAccessible(page);

  await max.fill('72');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Portal settings saved.')).toBeVisible();
  await expect(max).not.toHaveAttribute('aria-invalid', 'true');

  await page.reload();
  await expect(page.getByLabel('Maximum notice')).toHaveValue('72');
  await expect(page.getByLabel('Minimum notice')).toHaveValue('48');
});

test('a save over someone else’s change asks to reload', async ({ browser }) => {
  const [a, b] = [await browser.newContext(), await browser.newContext()];
  const [pa, pb] = [await a.newPage(), await b.newPage()];
  for (const p of [pa, pb]) {
    await signIn(p);
    await p.goto('/staff/portal-config');
    await expect(p.getByLabel('Minimum notice')).toBeVisible();
  }

  await pa.getByLabel('Links stay valid for').fill('21');
  await pa.getByRole('button', { name: 'Save changes' }).click();
  await expect(pa.getByText('Portal settings saved.')).toBeVisible();

  await pb.getByLabel('Links stay valid for').fill('30');
  await pb.getByRole('button', { name: 'Save changes' }).click();
  await expect(pb.getByText(/Someone else changed this/)).toBeVisible();
  await pb.getByRole('button', { name: 'Reload settings' }).click();
  await expect(pb.getByLabel('Links stay valid for')).toHaveValue('21');
  await a.close();
  await b.close();
});
