// The seed's six steps in a real browser: "Mot de passe oublié ?", the customer number, the
// proof of work solved by the page's script, the e-mailed link, the SMS code, a strong new
// password, and the dashboard. Every page passes axe; each step is saved as a screenshot.
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

/** Reloads the demo outbox until a message matching `pattern` is there; returns its text. */
async function fromOutbox(page, pattern) {
  for (let i = 0; i < 50; i++) {
    await page.goto(`${server.base}/dev/outbox`);
    const text = await page.locator('main').innerText();
    const found = text.match(pattern);
    if (found) return found;
    await page.waitForTimeout(200);
  }
  throw new Error(`nothing matching ${pattern} in the outbox`);
}

test('forgotten password, the seed journey end to end', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const outbox = await context.newPage();

  // 1. The sign-in page links to the journey.
  await page.goto(`${server.base}/login`);
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await page.getByRole('heading', { name: 'Mot de passe oublié' }).waitFor();
  await checkAccessibility(page, 'reset request');
  await screenshot(page, '10-reset-request');

  // 2–3. The customer number; the proof of work is solved by the page while the person types.
  await page.getByLabel('Adresse e-mail ou numéro client').fill('C10000001');
  await page.getByText('Vérification anti-robot terminée.').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Recevoir le lien' }).click();
  await page.getByRole('heading', { name: 'Vérifiez votre boîte e-mail' }).waitFor();
  await checkAccessibility(page, 'reset sent');
  await screenshot(page, '11-reset-sent');

  // 4. The e-mail's link.
  const [link] = await fromOutbox(outbox, /http:\/\/localhost:\d+\/password\/reset\/[A-Za-z0-9_-]{43}/);
  await checkAccessibility(outbox, 'outbox');
  await screenshot(outbox, '12-outbox');
  await page.goto(link);
  await page.getByRole('heading', { name: 'Réinitialiser votre mot de passe' }).waitFor();
  await checkAccessibility(page, 'reset continue');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByRole('heading', { name: 'Saisissez le code reçu par SMS' }).waitFor();
  assert.match(await page.locator('main').innerText(), /06 •• •• •• 78/);
  await checkAccessibility(page, 'sms code');
  await screenshot(page, '13-reset-code');

  // The SMS code.
  const [, code] = await fromOutbox(outbox, /réinitialisation est (\d{6})/);
  await page.getByLabel('Code à 6 chiffres').fill(code);
  await page.getByRole('button', { name: 'Valider le code' }).click();

  // 5. A strong new password, typed twice; a weak one is refused first, with its reason.
  await page.getByRole('heading', { name: 'Choisissez un nouveau mot de passe' }).waitFor();
  await checkAccessibility(page, 'new password');
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('azertyuiop123');
  await page.getByLabel('Confirmez le nouveau mot de passe').fill('azertyuiop123');
  await page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
  await page.getByText(/trop courant/).waitFor();
  await checkAccessibility(page, 'new password refused');
  await screenshot(page, '14-reset-password-refused');
  const strong = 'Girouette verte sur le toit 2026';
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(strong);
  await page.getByText('Mot de passe solide.').waitFor();
  await page.getByLabel('Confirmez le nouveau mot de passe').fill(strong);
  await page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();

  // 6. Signed in, on the dashboard.
  await page.waitForURL(`${server.base}/`);
  assert.equal(await page.locator('h1').innerText(), 'Bonjour Camille');
  await checkAccessibility(page, 'dashboard after reset');
  await screenshot(page, '15-dashboard-after-reset');

  // The link is spent, and the confirmation arrived.
  await page.goto(link);
  await page.getByRole('heading', { name: 'Ce lien n’est plus valable' }).waitFor();
  await fromOutbox(outbox, /Votre mot de passe a été réinitialisé/);
  await context.close();
});
