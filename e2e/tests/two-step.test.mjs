// Two-step verification in a real browser: enrol the authenticator app from the key the page
// shows (this test computes the codes, RFC 6238), sign out, sign in with password and code,
// then with a recovery code. axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startDemo, launch, checkAccessibility, screenshot } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startDemo();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** RFC 6238: SHA-1, 6 digits, 30-second steps, from a base32 key. */
function totp(base32, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

async function signInWithPassword(page) {
  await page.goto(`${server.base}/login`);
  await page.getByLabel('Adresse e-mail ou numéro client').fill('julien.bernard@example.fr');
  await page.getByLabel('Mot de passe').fill('Tournesol-Lyon-2026');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
}

test('enrol the app, then sign in with a code and with a recovery code', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await signInWithPassword(page);
  await page.waitForURL(`${server.base}/`);

  await page.goto(`${server.base}/account/security`);
  await page.getByRole('button', { name: 'Activer la vérification en deux étapes' }).click();
  await page.getByRole('heading', { name: 'Activer l’application d’authentification' }).waitFor();
  await checkAccessibility(page, 'totp enrolment');
  await screenshot(page, '17-totp-enrol');
  const key = await page.locator('#totp-key').innerText();
  await page.getByLabel('Code affiché par l’application').fill(totp(key));
  await page.getByRole('button', { name: 'Activer', exact: true }).click();
  await page.getByRole('heading', { name: 'Vos codes de secours' }).waitFor();
  await checkAccessibility(page, 'recovery codes');
  await screenshot(page, '18-recovery-codes');
  const codes = await page.locator('#recovery-codes code').allInnerTexts();
  assert.equal(codes.length, 10);

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(`${server.base}/login`);

  // Password, then a code from the app (the next step's, as the enrolment used this one).
  await signInWithPassword(page);
  await page.getByRole('heading', { name: 'Vérification en deux étapes' }).waitFor();
  await checkAccessibility(page, 'second factor');
  await screenshot(page, '19-second-factor');
  await page.getByLabel('Code de vérification').fill(totp(key, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForURL(`${server.base}/`);
  assert.equal(await page.locator('h1').innerText(), 'Bonjour Julien');

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(`${server.base}/login`);
  await signInWithPassword(page);
  await page.getByLabel('Code de vérification').fill(codes[0]);
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForURL(`${server.base}/`);
  await page.goto(`${server.base}/account/security`);
  await page.getByText('Codes de secours restants : 9.').waitFor();
  await context.close();
});
