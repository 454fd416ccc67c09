// A demo customer signs in, sees the dashboard, opens a contract, switches to English and signs
// out; every page passes axe (no serious or critical violation) and is saved as a screenshot.
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

test('sign in, dashboard, contract, English, sign out', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();

  await page.goto(`${server.base}/login`);
  assert.equal(await page.locator('h1').innerText(), 'Connexion à votre espace client');
  await checkAccessibility(page, 'sign-in');
  await screenshot(page, '01-sign-in-fr');

  // A wrong password keeps the identifier and says so, in French.
  await page.getByLabel('Adresse e-mail ou numéro client').fill('C10000001');
  await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /Identifiant ou mot de passe incorrect/);
  assert.equal(await page.getByLabel('Adresse e-mail ou numéro client').inputValue(), 'C10000001');
  await checkAccessibility(page, 'sign-in failure');
  await screenshot(page, '02-sign-in-failed-fr');

  // After a failure the account waits a second before the next try.
  await page.waitForTimeout(1100);
  await page.getByLabel('Mot de passe').fill('Tournesol-Lyon-2026');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL(`${server.base}/`);
  assert.equal(await page.locator('h1').innerText(), 'Bonjour Camille');
  for (const text of ['Maison de Lyon', 'Appartement de Paris', 'Télésurveillance']) {
    assert.ok(await page.locator('main').getByText(text).first().isVisible(), `${text} on the dashboard`);
  }
  await checkAccessibility(page, 'dashboard');
  await screenshot(page, '03-dashboard-fr');

  await page.getByRole('link', { name: 'Maison de Lyon' }).first().click();
  await page.getByRole('heading', { name: 'Équipements installés' }).waitFor();
  await checkAccessibility(page, 'home');
  await screenshot(page, '04-home-fr');
  await page.getByLabel('Nom du logement').fill('   ');
  await page.getByRole('button', { name: 'Enregistrer le nom' }).click();
  await page.getByText('Ce champ est obligatoire.').waitFor();
  await checkAccessibility(page, 'home name error');
  await page.getByLabel('Nom du logement').fill('Maison de Lyon – rue des Lilas');
  await page.getByRole('button', { name: 'Enregistrer le nom' }).click();
  await page.getByText('Le nom du logement a été enregistré.').waitFor();
  assert.equal(await page.locator('h1').innerText(), 'Maison de Lyon – rue des Lilas');

  await page.getByRole('link', { name: /Assurance habitation/ }).first().click();
  await page.getByRole('heading', { name: 'Garanties' }).waitFor();
  assert.ok(await page.getByText('Dégât des eaux').isVisible());
  assert.ok(await page.getByRole('heading', { name: 'Options disponibles' }).isVisible());
  await checkAccessibility(page, 'contract');
  await screenshot(page, '05-contract-fr');
  const contractUrl = page.url();

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Guarantees' }).waitFor();
  assert.equal(page.url(), contractUrl, 'the switch comes back to the same page');
  assert.ok(await page.getByText('Water damage').isVisible());
  await checkAccessibility(page, 'contract (en)');
  await screenshot(page, '06-contract-en');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${server.base}/login`);
  assert.equal(await page.locator('h1').innerText(), 'Sign in to your customer space');
  await page.goto(`${server.base}/`);
  assert.equal(page.url(), `${server.base}/login`, 'signed out for good');
  await context.close();
});

test('error pages are accessible in both languages', async () => {
  for (const [locale, title] of [['fr-FR', 'Page introuvable'], ['en-GB', 'Page not found']]) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const response = await page.goto(`${server.base}/no/such/page`);
    assert.equal(response.status(), 404);
    assert.equal(await page.locator('h1').innerText(), title);
    assert.match(await page.locator('code').innerText(), /^[0-9a-f]{32}$/);
    await checkAccessibility(page, `404 ${locale}`);
    await screenshot(page, `07-not-found-${locale}`);
    await context.close();
  }
});

test('the sign-in page reads well on a phone', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 740 }, isMobile: true });
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'no horizontal scrolling');
  await page.getByLabel('Adresse e-mail ou numéro client').fill('camille.martin@example.fr');
  await page.getByLabel('Mot de passe').fill('Tournesol-Lyon-2026');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL(`${server.base}/`);
  const overflowAfter = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflowAfter, false, 'the dashboard fits a phone');
  await checkAccessibility(page, 'dashboard (phone)');
  await screenshot(page, '08-dashboard-phone');
  await context.close();
});

test('dark mode keeps its contrast', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await checkAccessibility(page, 'sign-in (dark)');
  await page.getByLabel(/Adresse e-mail|E-mail address/).fill('C10000002');
  await page.getByLabel(/^(Mot de passe|Password)$/).fill('Tournesol-Lyon-2026');
  await page.getByRole('button', { name: /^(Se connecter|Sign in)$/ }).click();
  await page.waitForURL(`${server.base}/`);
  await checkAccessibility(page, 'dashboard (dark)');
  await page.getByRole('link', { name: /Assurance habitation|Home insurance/ }).first().click();
  await page.getByRole('heading', { name: /Garanties|Guarantees/ }).waitFor();
  await checkAccessibility(page, 'contract (dark)');
  await screenshot(page, '09-contract-dark');
  await context.close();
});
