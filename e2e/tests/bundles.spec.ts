// "A patient never downloads the staff consoles": the portal and the staff consoles are two
// WASM apps; a patient's visit loads the portal app only, and its assets arrive precompressed.
import { expect, test, type Page } from '@playwright/test';
import { PHONE_VIEWPORT, expectFitsPhone, portalSignIn, registeredPatient, signIn } from '../support';

test.use({ viewport: PHONE_VIEWPORT });

const PASSWORD = 'meadow lantern quiet harbour';

/** Every URL the page requests from now on, and the responses' headers by URL. */
function recordNetwork(page: Page) {
  const requests: string[] = [];
  const responses = new Map<string, Record<string, string>>();
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('response', async (r) => responses.set(new URL(r.url()).pathname, await r.allHeaders()));
  return { requests, responses };
}

test('a patient signing in on a phone downloads the portal app and nothing of the staff app', async ({
  page,
  request,
}) => {
  const patient = await registeredPatient(request, PASSWORD);
  const { requests, responses } = recordNetwork(page);

  await portalSignIn(page, patient.email, PASSWORD);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectFitsPhone(page);

  const wasm = requests.filter((p) => p.endsWith('.wasm'));
  expect(wasm.length, requests.join('\n')).toBeGreaterThan(0);
  // Trunk's content hash drops leading zeros, so its length varies.
  expect(wasm.every((p) => /^\/portico-portal-[0-9a-f]{8,16}_bg\.wasm$/.test(p)), wasm.join('\n')).toBe(true);
  expect(requests.filter((p) => p.startsWith('/staff/') || p.includes('portico-staff')), 'staff assets').toEqual([]);

  // The portal app's assets: compressed (the browser sends br), cached for a year.
  const served = responses.get(wasm[0]) ?? {};
  expect(served['content-type']).toBe('application/wasm');
  expect(served['content-encoding']).toBe('br');
  expect(served['cache-control']).toBe('public, max-age=31536000, immutable');
});

test('the staff consoles are their own app under /staff/', async ({ page }) => {
  const { requests } = recordNetwork(page);
  await signIn(page);
  const wasm = requests.filter((p) => p.endsWith('.wasm'));
  expect(wasm.length).toBeGreaterThan(0);
  expect(wasm.every((p) => /^\/staff\/portico-staff-[0-9a-f]{8,16}_bg\.wasm$/.test(p)), wasm.join('\n')).toBe(true);
  expect(requests.filter((p) => p.includes('portico-portal')), 'portal assets').toEqual([]);
});

test('the portal wasm is negotiated by Accept-Encoding', async ({ page, request }) => {
  await page.goto('/portal/sign-in');
  const path = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .find((p) => p.endsWith('.wasm')),
  );
  expect(path).toMatch(/^\/portico-portal-/);
  for (const [accept, encoding] of [
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['identity', undefined],
  ] as const) {
    const res = await request.get(path!, { headers: { 'Accept-Encoding': accept } });
    expect(res.status()).toBe(200);
    expect(res.headers()['content-encoding'], accept).toBe(encoding);
    expect(res.headers()['content-type']).toBe('application/wasm');
    expect(res.headers()['vary']).toBe('Accept-Encoding');
  }
  // index.html is never cached without asking.
  const index = await request.get('/portal/sign-in');
  expect(index.headers()['cache-control']).toBe('no-cache');
});
