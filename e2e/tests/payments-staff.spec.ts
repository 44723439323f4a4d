// Billing in the staff consoles (PAY-1, PAY-2, PAY-4, §7 Patient Responsibility): billing posts a
// charge and an adjustment on the facesheet, refunds part of a payment made in the portal (and is
// told under Amount when asking for more than is left), opens the receipt, and charges a saved
// card — a declining one first, in an alert. The front desk reads the same ledger without the
// posting buttons. Patient Responsibility lists patients with a balance, by balance or by oldest
// charge, the order kept in the address. Screenshots go to /tmp/shots-staff/.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
  BILLING,
  FRONT_DESK,
  PHONE_VIEWPORT,
  PRACTICE,
  createPatient,
  expectAccessible,
  expectFitsPhone,
  registeredPatient,
  signIn,
  staffApi,
  uniqueName,
} from '../support';

const PASSWORD = 'ledger lantern orchard 41';
const SHOTS = '/tmp/shots-staff';

/** A portal access token for the registered patient's account. */
async function portalToken(request: APIRequestContext, email: string): Promise<string> {
  const response = await request.post('/api/v1/portal/auth/login', { data: { practice: PRACTICE, email, password: PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).access_token;
}

/** A sandbox gateway token for a test card. */
async function cardToken(request: APIRequestContext, number: string): Promise<string> {
  const response = await request.post('/sandbox-gateway/v1/tokens', { data: { number, exp_month: 12, exp_year: 2030, cvc: '123' } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).token;
}

/** Pays `amount` cents in the portal with a new 4242 card, saving it. */
async function payInPortal(request: APIRequestContext, patientId: string, token: string, amount: number) {
  const response = await request.post(`/api/v1/portal/patients/${patientId}/payments`, {
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
    data: { amount, card_token: await cardToken(request, '4242 4242 4242 4242'), save_card: true },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** Saves the sandbox's always-declining card as the account's default, without charging it. */
async function saveDecliningCard(request: APIRequestContext, token: string) {
  const response = await request.post('/api/v1/portal/payment-methods', {
    headers: { authorization: `Bearer ${token}` },
    data: { card_token: await cardToken(request, '4000 0000 0000 0002'), make_default: true },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** Posts a charge through the staff API (setup only). */
async function chargeByApi(request: APIRequestContext, patientId: string, amount: number, date_of_service: string) {
  const response = await staffApi(request, 'POST', `/patients/${patientId}/charges`, {
    date_of_service,
    description: 'Therapeutic exercise, 30 min',
    procedure_code: '97110',
    amount,
  });
  expect(response.status(), await response.text()).toBe(201);
}

let zone: string | undefined;

/** Today at the practice (YYYY-MM-DD), the day the API measures "not in the future" by. */
async function today(request: APIRequestContext): Promise<string> {
  if (!zone) zone = (await (await staffApi(request, 'GET', '/me')).json()).practice.timezone as string;
  return new Date().toLocaleDateString('en-CA', { timeZone: zone });
}

function billing(page: Page) {
  return page.getByRole('region', { name: 'Billing' });
}

/** `part` of the page at 1280 px and on a phone (the shell's sticky bars spoil full-page shots). */
async function shots(page: Page, name: string, part = page.locator('main')) {
  await part.screenshot({ path: `${SHOTS}/${name}-1280.png` });
  await page.setViewportSize(PHONE_VIEWPORT);
  await part.screenshot({ path: `${SHOTS}/${name}-375.png` });
  await expectFitsPhone(page);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('billing posts a charge and an adjustment, refunds a portal payment and charges a saved card', async ({ page, request }) => {
  test.slow();
  const patient = await registeredPatient(request, PASSWORD);
  const name = `${patient.first_name} ${patient.last_name}`;
  await signIn(page, BILLING);
  await page.goto(`/staff/patients/${patient.id}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const card = billing(page);
  await expect(card.getByText('Nothing posted yet.', { exact: false })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Charge a saved card' })).toHaveCount(0);

  // A charge: the date starts at today; a missing amount is told beside its field.
  await card.getByRole('button', { name: 'Post a charge' }).click();
  const charge = page.getByRole('dialog', { name: 'Post a charge' });
  await expect(charge.getByLabel('Date of service')).toHaveValue(await today(request));
  await charge.getByLabel('Description').fill('Therapeutic exercise, 30 min');
  await charge.getByRole('button', { name: 'Post charge' }).click();
  const chargeAmount = charge.getByLabel('Amount');
  await expect(chargeAmount).toHaveAttribute('aria-invalid', 'true');
  await expect(chargeAmount).toBeFocused();
  await expect(chargeAmount).toHaveAccessibleDescription(/Enter the amount in dollars and cents/);
  await charge.getByLabel('Procedure code').fill('97110');
  await charge.getByLabel('Provider').selectOption({ index: 1 });
  const provider = (await charge.getByLabel('Provider').locator('option:checked').textContent())!;
  await chargeAmount.fill('150.10');
  await expectAccessible(page);
  await shots(page, 'charge-dialog', charge);
  await charge.getByRole('button', { name: 'Post charge' }).click();
  await expect(charge).toBeHidden();
  await expect(card.getByRole('status').getByText('Charge of $150.10 posted.')).toBeVisible();
  await expect(card.getByRole('heading', { name: 'Billing' })).toBeFocused();
  await expect(card.getByText('Balance due $150.10')).toBeVisible();
  const chargeRow = card.getByRole('row').filter({ hasText: 'Therapeutic exercise, 30 min' });
  await expect(chargeRow).toContainText('97110');
  await expect(chargeRow).toContainText(provider);
  await expect(chargeRow.getByRole('cell').nth(5)).toHaveText(/\$150\.10$/);

  // An adjustment lowers the balance.
  await card.getByRole('button', { name: 'Adjust balance' }).click();
  const adjust = page.getByRole('dialog', { name: 'Adjust the balance' });
  await expect(adjust.getByLabel('Lower the balance')).toBeChecked();
  await adjust.getByLabel('Amount').fill('20');
  await adjust.getByLabel('Reason').fill('Courtesy discount');
  await expectAccessible(page);
  await adjust.getByRole('button', { name: 'Post adjustment' }).click();
  await expect(card.getByRole('status').getByText('Balance lowered by $20.00.')).toBeVisible();
  await expect(card.getByText('Balance due $130.10')).toBeVisible();
  const adjustment = card.getByRole('row').filter({ hasText: 'Courtesy discount' });
  await expect(adjustment).toContainText('Adjustment');
  await expect(adjustment.getByRole('cell').nth(4)).toHaveText(/-\$20\.00$/);
  await expect(adjustment.getByRole('cell').nth(5)).toHaveText(/\$130\.10$/);

  // $100.00 paid in the portal: refund $40.00 of it, then ask for more than the $60.00 left.
  const token = await portalToken(request, patient.email);
  await payInPortal(request, patient.id, token, 10_000);
  await page.reload();
  await expect(card.getByText('Balance due $30.10')).toBeVisible();
  await card.getByRole('button', { name: /^Refund the payment of \$100\.00/ }).click();
  const refund = page.getByRole('dialog', { name: 'Refund a payment' });
  await expect(refund.getByLabel('Amount')).toHaveValue('100.00');
  await refund.getByLabel('Amount').fill('40');
  await refund.getByLabel('Reason').fill('Paid twice');
  await expectAccessible(page);
  await refund.getByRole('button', { name: 'Refund' }).click();
  await expect(card.getByRole('status').getByText('Refunded $40.00.')).toBeVisible();
  await expect(card.getByText('Balance due $70.10')).toBeVisible();
  await expect(card.getByRole('row').filter({ hasText: 'Refund to Visa ending 4242: Paid twice' })).toBeVisible();

  await card.getByRole('button', { name: /^Refund the payment of \$100\.00/ }).click();
  const amount = refund.getByLabel('Amount');
  await expect(amount).toHaveValue('60.00');
  await amount.fill('60.01');
  await refund.getByLabel('Reason').fill('Paid twice');
  await refund.getByRole('button', { name: 'Refund' }).click();
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(amount).toBeFocused();
  await expect(refund.locator('#refund-amount-error')).toHaveText(/has left, \$60\.00\./);
  await expectAccessible(page);
  await refund.getByRole('button', { name: 'Cancel' }).click();
  await expect(card.getByText('Balance due $70.10')).toBeVisible();
  await shots(page, 'facesheet-billing', card);

  // The refund's receipt: amount, card and balance after, with Print.
  await card.getByRole('link', { name: /^Receipt for the refund of \$40\.00/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Receipt R-/ })).toBeVisible();
  const receipt = page.getByRole('article', { name: 'Refund receipt' });
  await expect(receipt).toContainText('$40.00');
  await expect(receipt).toContainText('Visa ending 4242');
  await expect(receipt).toContainText('$70.10');
  await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
  await expectAccessible(page);
  await shots(page, 'receipt');
  await page.getByRole('link', { name: 'Facesheet' }).click();

  // A saved card: the declining default first (an alert, nothing charged), then the 4242 card.
  await saveDecliningCard(request, token);
  await card.getByRole('button', { name: 'Charge a saved card' }).click();
  const charging = page.getByRole('dialog', { name: 'Charge a saved card' });
  const cardSelect = charging.getByLabel('Card');
  await expect(cardSelect.locator('option:checked')).toHaveText(`Visa ending 0002 · ${name} · expires 12/2030 (default)`);
  await expect(charging.getByLabel('Amount')).toHaveValue('70.10');
  await charging.getByRole('button', { name: 'Charge card' }).click();
  await expect(charging.getByLabel('Consent')).toHaveAttribute('aria-invalid', 'true');
  await expect(charging.getByLabel('Consent')).toBeFocused();
  await charging.getByLabel('Consent').fill(`Agreed by phone with ${patient.first_name} today`);
  await charging.getByRole('button', { name: 'Charge card' }).click();
  await expect(charging.getByRole('alert')).toHaveText('The card was declined. Nothing was charged. Ask the card holder for another card.');
  await expectAccessible(page);
  await shots(page, 'card-declined', charging);
  await cardSelect.selectOption({ label: `Visa ending 4242 · ${name} · expires 12/2030` });
  await charging.getByRole('button', { name: 'Charge card' }).click();
  await expect(charging).toBeHidden();
  await expect(card.getByRole('status').getByText(/^Charged \$70\.10 to Visa ending 4242\. Receipt P-/)).toBeVisible();
  await expect(card.getByText('Balance due $0.00')).toBeVisible();
  await expect(card.getByRole('button', { name: 'Charge a saved card' })).toHaveCount(0);
  await expect(card.getByRole('row').filter({ hasText: 'Card payment taken by the practice' })).toBeVisible();
});

test('the front desk reads the ledger without posting', async ({ page, request }) => {
  const last = uniqueName('Ledgerly');
  const patient = await createPatient(request, { first_name: 'Rosa', last_name: last, date_of_birth: '1962-03-09' });
  await chargeByApi(request, patient.id, 8_500, await today(request));

  await signIn(page, FRONT_DESK);
  await page.goto(`/staff/patients/${patient.id}`);
  const card = billing(page);
  await expect(card.getByText('Balance due $85.00')).toBeVisible();
  await expect(card.getByRole('row').filter({ hasText: 'Therapeutic exercise, 30 min' })).toContainText('97110');
  for (const label of ['Post a charge', 'Adjust balance', 'Charge a saved card']) {
    await expect(card.getByRole('button', { name: label })).toHaveCount(0);
  }
  await expectAccessible(page);
});

test('Patient Responsibility lists balances, largest first or by oldest charge', async ({ page, request }) => {
  const big = await createPatient(request, { first_name: 'Bram', last_name: uniqueName('Owes'), date_of_birth: '1970-05-02' });
  const old = await createPatient(request, { first_name: 'Olga', last_name: uniqueName('Since'), date_of_birth: '1955-11-23' });
  await chargeByApi(request, big.id, 100_000_000, await today(request));
  await chargeByApi(request, old.id, 500, '2001-02-03');
  const bigName = `Bram ${big.last_name}`;
  const oldName = `Olga ${old.last_name}`;

  await signIn(page, BILLING);
  await page.goto('/staff/patient-responsibility');
  const list = page.getByRole('region', { name: 'Patients with a balance' });
  const rows = list.getByRole('row');
  await expect(rows.nth(1)).toContainText(bigName);
  await expect(rows.nth(1)).toContainText('May 2, 1970');
  await expect(rows.nth(1)).toContainText('$1,000,000.00');
  const sort = list.getByRole('navigation', { name: 'Sort patients with a balance' });
  await expect(sort.getByRole('link', { name: 'Largest balance' })).toHaveAttribute('aria-current', 'page');
  await expectAccessible(page);
  await shots(page, 'responsibility');

  await sort.getByRole('link', { name: 'Oldest charge' }).click();
  await expect(page).toHaveURL(/\/staff\/patient-responsibility\?sort=oldest_charge$/);
  await expect(rows.nth(1)).toContainText(oldName);
  await expect(rows.nth(1)).toContainText('$5.00');
  await expect(rows.nth(1)).toContainText('Feb 3, 2001');
  await page.reload();
  await expect(sort.getByRole('link', { name: 'Oldest charge' })).toHaveAttribute('aria-current', 'page');
  await expect(rows.nth(1)).toContainText(oldName);

  // A search keeps the order; the name opens the patient's detail view with their ledger.
  await page.getByLabel('Search patients').fill(old.last_name);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?q=${old.last_name}&sort=oldest_charge$`));
  await expect(page.getByText(`1 patient matching “${old.last_name}”`)).toBeVisible();
  await list.getByRole('link', { name: oldName }).click();
  await expect(page).toHaveURL(`/staff/patient-responsibility/${old.id}`);
  await expect(page.getByRole('heading', { level: 1, name: oldName })).toBeVisible();
  await expect(billing(page).getByText('Balance due $5.00')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Patient actions' })).toBeVisible();
  await expectAccessible(page);
  await shots(page, 'responsibility-detail');
});
