// The security page in a real browser: two devices signed in, one signs the other out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

async function signIn(context) {
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.getByLabel('Adresse e-mail ou numéro client').fill('julien.bernard@example.fr');
  await page.getByLabel('Mot de passe').fill('Tournesol-Lyon-2026');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL(`${server.base}/`);
  return page;
}

test('a device signs another one out from the security page', async () => {
  const laptop = await browser.newContext({ locale: 'fr-FR' });
  const phone = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 800 }, isMobile: true });
  const mine = await signIn(laptop);
  const theirs = await signIn(phone);

  await mine.getByRole('link', { name: 'Mon compte' }).click();
  await mine.getByRole('link', { name: 'Sécurité du compte' }).click();
  await mine.getByRole('heading', { name: 'Appareils connectés' }).waitFor();
  await checkAccessibility(mine, 'security');
  await screenshot(mine, '16-security');
  await mine.getByRole('button', { name: /^Déconnecter / }).first().click();
  await mine.getByText('L’appareil a été déconnecté.').waitFor();
  await checkAccessibility(mine, 'security after revoke');

  await theirs.reload();
  assert.equal(theirs.url(), `${server.base}/login`, 'the other device is signed out');
  await laptop.close();
  await phone.close();
});
