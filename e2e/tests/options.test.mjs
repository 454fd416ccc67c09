// Options in a real browser: quote, subscribe (new premium, amendment), remove.
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

const signIn = (context) => signInAs(context, server.base, 'C10000001');

test('quote, subscribe and remove an option', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await signIn(context);
  await page.getByRole('link', { name: /Assurance habitation/ }).first().click();
  const before = await page.locator('#premium-total').innerText();

  await page.getByRole('link', { name: 'Voir le devis Protection juridique' }).click();
  await page.getByRole('heading', { name: 'Ajouter une option' }).waitFor();
  await checkAccessibility(page, 'option quote');
  await screenshot(page, '21-option-quote');
  const after = await page.locator('#premium-after').innerText();
  await page.getByRole('button', { name: 'Confirmer l’ajout de l’option' }).click();
  await page.getByText('L’option a été ajoutée.').waitFor();
  assert.equal(await page.locator('#premium-total').innerText(), after, 'the quoted premium is the new premium');
  assert.notEqual(after, before);
  await checkAccessibility(page, 'contract after amendment');
  await screenshot(page, '22-contract-amended');

  await page.getByRole('link', { name: 'Retirer cette option Protection juridique' }).click();
  await page.getByRole('button', { name: 'Confirmer le retrait de l’option' }).click();
  await page.getByText('L’option a été retirée.').waitFor();
  assert.equal(await page.locator('#premium-total').innerText(), before);
  await context.close();
});

test('cancel a contract in three clicks, then withdraw', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.getByLabel('Adresse e-mail ou numéro client').fill('C10000002');
  await page.getByLabel('Mot de passe').fill('Tournesol-Lyon-2026');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL(`${server.base}/`);
  await page.getByRole('link', { name: /Assurance habitation/ }).first().click();

  await page.getByRole('link', { name: 'Résilier mon contrat' }).click(); // 1
  await page.getByLabel('Déménagement').check();
  await checkAccessibility(page, 'cancellation form');
  await page.getByRole('button', { name: 'Continuer' }).click(); // 2
  await page.getByRole('heading', { name: 'Vérifiez votre demande de résiliation' }).waitFor();
  await checkAccessibility(page, 'cancellation recap');
  await screenshot(page, '23-cancellation-recap');
  await page.getByRole('button', { name: 'Confirmer ma demande de résiliation' }).click(); // 3
  await page.getByRole('heading', { name: 'Demande de résiliation enregistrée' }).waitFor();
  await checkAccessibility(page, 'cancellation acknowledged');
  await page.getByRole('link', { name: /Revenir au contrat/ }).click();
  await page.getByText(/Résiliation demandée/).waitFor();
  await page.getByRole('button', { name: 'Annuler ma demande de résiliation' }).click();
  await page.getByText(/le contrat continue/).waitFor();
  await context.close();
});

test('ask to protect one more home, after fixing the postal code', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await signIn(context);
  await page.getByRole('link', { name: 'Ajouter un logement ou déménager' }).click();
  await page.getByRole('heading', { name: 'Nouvelle demande' }).waitFor();
  await checkAccessibility(page, 'home request');
  await page.getByLabel('Protéger un logement de plus').check();
  await page.getByLabel('Adresse du nouveau logement (numéro et voie)').fill('3 place Bellecour');
  await page.getByLabel('Code postal').fill('6900');
  await page.getByLabel('Ville').fill('Lyon');
  const inAMonth = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
  await page.getByLabel('Date souhaitée').fill(inAMonth);
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await page.getByText('Le code postal compte 5 chiffres').waitFor();
  assert.equal(await page.getByLabel('Ville').inputValue(), 'Lyon', 'what was typed is kept');
  await checkAccessibility(page, 'home request with an error');
  await page.getByLabel('Code postal').fill('69002');
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await page.getByText('Votre demande est enregistrée.').waitFor();
  assert.match(await page.locator('main').innerText(), /3 place Bellecour, 69002 Lyon/);
  await checkAccessibility(page, 'home requests');
  await screenshot(page, '21-home-request');
  await context.close();
});

test('switch between two homes from the layout', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await signIn(context);
  await page.getByText('Mes logements').click();
  await page.locator('.home-switcher').getByRole('link', { name: /Maison de Lyon/ }).click();
  await page.getByRole('heading', { level: 1, name: /Maison de Lyon/ }).waitFor();
  await page.getByText('Mes logements').click();
  await checkAccessibility(page, 'home switcher open');
  await screenshot(page, '23-home-switcher');
  await page.locator('.home-switcher').getByRole('link', { name: 'Appartement de Paris' }).click();
  await page.getByRole('heading', { level: 1, name: 'Appartement de Paris' }).waitFor();
  await context.close();
});

test('change my name, then correct the street of a home', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await signIn(context);
  await page.goto(`${server.base}/account`);
  await page.getByRole('link', { name: 'Modifier mon nom' }).click();
  await page.getByLabel('Nom de famille').fill('Martin 2');
  await page.getByRole('button', { name: 'Enregistrer mon nom' }).click();
  await page.getByText('Seulement des lettres').waitFor();
  assert.equal(await page.getByLabel('Nom de famille').inputValue(), 'Martin 2', 'what was typed is kept');
  await checkAccessibility(page, 'name with an error');
  await page.getByLabel('Nom de famille').fill('Martin-Dubois');
  await page.getByRole('button', { name: 'Enregistrer mon nom' }).click();
  await page.getByText('Votre nom a été modifié').waitFor();
  assert.match(await page.locator('main').innerText(), /Camille Martin-Dubois/);
  await checkAccessibility(page, 'account with addresses');
  await screenshot(page, '24-account-addresses');

  await page.locator('main').getByRole('link', { name: 'Corriger l’adresse' }).nth(1).click();
  await page.getByRole('heading', { level: 1, name: 'Appartement de Paris' }).waitFor();
  await page.getByLabel('Numéro, voie et complément').fill('48 rue de la Roquette, bât. C, 3e étage');
  await page.getByRole('button', { name: 'Corriger l’adresse' }).click();
  await page.getByText('L’adresse a été corrigée.').waitFor();
  assert.match(await page.locator('main').innerText(), /48 rue de la Roquette, bât. C, 3e étage, 75011 Paris/);
  await checkAccessibility(page, 'home with a corrected address');
  await screenshot(page, '25-home-address');
  await page.getByRole('link', { name: 'faire une demande de déménagement' }).click();
  assert.equal(await page.getByLabel('Je déménage').isChecked(), true);
  await context.close();
});
