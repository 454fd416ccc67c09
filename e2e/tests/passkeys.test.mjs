// Passkeys in a real browser, with Chromium's virtual authenticator (DevTools WebAuthn domain):
// register one from the security page, sign in without a password, use it as the second factor
// after a password, and remove it. axe on the pages involved.
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

test('register a passkey, sign in with it alone, use it as second factor, remove it', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    },
  });

  await page.goto(`${server.base}/login`);
  await page.getByLabel('Adresse e-mail ou numéro client').fill('C10000001');
  await page.getByLabel('Mot de passe').fill('Tournesol-Lyon-2026');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL(`${server.base}/`);

  await page.goto(`${server.base}/account/security`);
  await page.getByLabel('Nom de l’appareil (facultatif)').fill('Ordinateur du salon');
  await page.getByRole('button', { name: 'Ajouter une clé d’accès' }).click();
  await page.getByText('La clé d’accès a été ajoutée.').waitFor();
  assert.ok(await page.getByRole('strong').filter({ hasText: 'Ordinateur du salon' }).isVisible());
  await checkAccessibility(page, 'security with a passkey');
  await screenshot(page, '20-passkey-added');

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(`${server.base}/login`);
  await page.getByRole('button', { name: 'Se connecter avec une clé d’accès' }).click();
  await page.waitForURL(`${server.base}/`);
  assert.equal(await page.locator('h1').innerText(), 'Bonjour Camille', 'signed in without a password');

  // With a passkey, a password alone is no longer enough: the passkey is the second factor.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(`${server.base}/login`);
  await page.getByLabel('Adresse e-mail ou numéro client').fill('C10000001');
  await page.getByLabel('Mot de passe').fill('Tournesol-Lyon-2026');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.getByRole('heading', { name: 'Vérification en deux étapes' }).waitFor();
  await checkAccessibility(page, 'second factor with passkey');
  await page.getByRole('button', { name: 'Utiliser ma clé d’accès' }).click();
  await page.waitForURL(`${server.base}/`);

  await page.goto(`${server.base}/account/security`);
  await page.getByRole('button', { name: /^Supprimer/ }).click();
  await page.getByText('La clé d’accès a été supprimée.').waitFor();
  await context.close();
});
