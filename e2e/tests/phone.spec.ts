// Journey 5: on a 375 px wide phone the navigation folds into a menu button.
import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from '../support';

test.use({ viewport: { width: 375, height: 812 } });

test('the menu opens and navigates', async ({ page }) => {
  await signIn(page);
  const nav = page.getByRole('navigation', { name: 'Staff consoles' });
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expectAccessible(page);

  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav).toBeVisible();
  await nav.getByRole('link', { name: 'Patients' }).click();

  await expect(page).toHaveURL(/\/staff\/patients$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Patients' })).toBeFocused();
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectAccessible(page);

  // Escape closes the menu and returns to its button.
  await menu.click();
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
});
