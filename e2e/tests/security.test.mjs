// The security page in a real browser: two devices signed in, one signs the other out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, launch, checkAccessibility, screenshot, signIn as signInAs } from './support.mjs';

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

const signIn = (context) => signInAs(context, server.base, 'julien.bernard@example.fr');

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

test('change the phone with the code from the captured SMS', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await signIn(context);
  await page.goto(`${server.base}/account/contact`);
  await checkAccessibility(page, 'contact change');
  await page.getByLabel('Nouveau numéro de téléphone mobile').fill('07 11 22 33 44');
  await page.getByRole('button', { name: 'Recevoir un code de vérification' }).first().click();
  await page.getByRole('heading', { name: 'Saisissez le code de vérification' }).waitFor();
  const outbox = await context.newPage();
  let code = null;
  for (let i = 0; i < 50 && !code; i++) {
    await outbox.goto(`${server.base}/dev/outbox`);
    const found = (await outbox.locator('main').innerText()).match(/vérifier ce numéro est (\d{6})/);
    if (found) code = found[1]; else await outbox.waitForTimeout(200);
  }
  assert.ok(code, 'the SMS arrived in the outbox');
  await page.getByLabel('Code à 6 chiffres').fill(code);
  await page.getByRole('button', { name: 'Valider' }).click();
  await page.getByText('Votre numéro de téléphone a été modifié et vérifié.').waitFor();
  assert.match(await page.locator('main').innerText(), /\+33711223344/);
  await context.close();
});

test('replace the IBAN of the direct-debit mandate', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await signIn(context);
  await page.getByRole('link', { name: 'Mon compte' }).click();
  await page.getByRole('link', { name: 'Mon mandat de prélèvement SEPA' }).click();
  await page.getByRole('heading', { name: 'Changer de compte bancaire' }).waitFor();
  await page.getByLabel('IBAN').fill('FR77 3000 6000 0112 3456 7890 189');
  await page.getByRole('button', { name: 'Signer le nouveau mandat' }).click();
  await page.getByText('la clé de contrôle ne correspond pas').waitFor();
  assert.equal(await page.getByLabel('IBAN').inputValue(), 'FR77 3000 6000 0112 3456 7890 189', 'what was typed is kept');
  await checkAccessibility(page, 'mandate with an error');
  await page.getByLabel('IBAN').fill('DE44 5001 0517 5407 3249 31');
  await page.getByRole('button', { name: 'Signer le nouveau mandat' }).click();
  await page.getByText('Votre nouveau mandat de prélèvement est enregistré.').waitFor();
  const shown = await page.locator('main').innerText();
  assert.match(shown, /•••• 4931/);
  assert.doesNotMatch(shown, /5001 ?0517/, 'only the last four characters are shown');
  await checkAccessibility(page, 'mandate');
  await screenshot(page, '20-mandate');
  await context.close();
});

test('choose paperless invoices and how each event is told', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await signIn(context);
  await page.goto(`${server.base}/account/preferences`);
  await page.getByLabel('Factures dématérialisées (sans papier)').check();
  await page.getByLabel('Alarme (déclenchement, mise en marche, panne) – E-mail').uncheck();
  await page.getByLabel('Alarme (déclenchement, mise en marche, panne) – SMS').uncheck();
  await page.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
  await page.getByText('cochez au moins l’e-mail ou le SMS').waitFor();
  await checkAccessibility(page, 'preferences with an error');
  await page.getByLabel('Alarme (déclenchement, mise en marche, panne) – SMS').check();
  await page.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
  await page.getByText('Vos préférences sont enregistrées.').waitFor();
  assert.ok(await page.getByLabel('Factures dématérialisées (sans papier)').isChecked());
  assert.ok(!(await page.getByLabel('Alarme (déclenchement, mise en marche, panne) – E-mail').isChecked()));
  await checkAccessibility(page, 'preferences');
  await screenshot(page, '22-preferences');
  await context.close();
});
