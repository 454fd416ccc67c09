// The alarm page in a real browser: it follows the panel live (SSE) without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

// The demo panels' tokens are derived from their serials (demo data, like the password).
const SERIAL = 'ABR-LYON-0231';
const TOKEN = createHash('sha256').update(`abri-demo-panel:${SERIAL}`).digest('base64url');
let seq = 0;

async function panelSays(events) {
  const body = { events: events.map((e) => ({ seq: ++seq, at: new Date().toISOString(), ...e })) };
  const res = await fetch(`${server.base}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SERIAL}.${TOKEN}` },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.text());
}

const signIn = (context) => signInAs(context, server.base, 'C10000001');

test('arm from the page, the panel carries it out; disarm; find both in the history and the CSV', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', acceptDownloads: true });
  const page = await signIn(context);
  await page.getByRole('link', { name: 'Désarmée' }).click();
  const state = page.locator('#alarm-state');
  await page.getByRole('button', { name: 'Armer en mode total' }).click();
  await page.getByText('Commande envoyée à la centrale').waitFor();
  // The simulated panel polls every second, then reports its exit delay, then armed.
  await page.locator('#alarm-state', { hasText: 'Mise en service en cours (mode total)' }).waitFor({ timeout: 5000 });
  await page.locator('#alarm-state', { hasText: 'Armée — mode total' }).waitFor({ timeout: 10000 });
  await checkAccessibility(page, 'alarm armed');
  await screenshot(page, '27-alarm-armed');

  await page.getByRole('link', { name: 'Désarmer' }).click();
  await page.getByRole('heading', { name: 'Désarmer l’alarme à distance' }).waitFor();
  await checkAccessibility(page, 'disarm confirmation');
  await page.getByRole('button', { name: 'Désarmer maintenant' }).click();
  // The panel hears it at its next poll (every second); a busy CI machine can take longer.
  await page.locator('#alarm-state', { hasText: 'Désarmée' }).waitFor({ timeout: 10000 });
  assert.match(await page.locator('#alarm-command').innerText(), /désarmer/);

  await page.getByRole('link', { name: 'Tout l’historique et l’export' }).click();
  await page.getByLabel('Auteur').selectOption('app');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  const listed = await page.locator('.event-list').innerText();
  assert.match(listed, /Mise en service lancée \(mode total\), depuis l’espace client/);
  assert.match(listed, /Système désarmé, depuis l’espace client/);
  await checkAccessibility(page, 'alarm history');
  await screenshot(page, '28-alarm-history');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Télécharger en CSV' }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^date_utc,type,description/);
  assert.match(csv, /exit_delay/);
  assert.match(csv, /disarmed/);
  await context.close();
});

test('the alarm page follows the panel live', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await signIn(context);
  await page.getByRole('link', { name: 'Désarmée' }).click();
  await page.getByRole('heading', { level: 1, name: /Alarme · Maison de Lyon/ }).waitFor();
  const state = page.locator('#alarm-state');
  assert.equal((await state.innerText()).trim(), 'Désarmée');
  await checkAccessibility(page, 'alarm page');

  await panelSays([{ type: 'exit_delay', mode: 'away', by: { kind: 'keypad', user: 'Camille' } }]);
  await page.getByText('Mise en service en cours (mode total)').waitFor({ timeout: 2000 });
  await panelSays([{ type: 'armed', mode: 'away' }]);
  await page.locator('#alarm-state', { hasText: 'Armée — mode total' }).waitFor({ timeout: 2000 });
  await panelSays([{ type: 'opened', device: 'door-2' }]);
  const row = page.locator('tr[data-device="door-2"]');
  await row.locator('.device-status', { hasText: 'Ouvert' }).waitFor({ timeout: 2000 });
  // The simulated panel speaks too: look for ours among the latest.
  const events = (await page.locator('#alarm-events li').allInnerTexts()).join('\n');
  assert.match(events, /Ouverture\u00a0: Baie vitrée/);
  assert.match(events, /Mise en service lancée \(mode total\), par Camille au clavier/);
  await checkAccessibility(page, 'alarm page after live events');
  await screenshot(page, '26-alarm-live');

  // A reload shows the same truth without the script's help.
  await page.reload();
  assert.equal((await state.innerText()).trim(), 'Armée — mode total');
  await context.close();
});

test('the alarm goes off: the customer confirms the intrusion; monitoring instructions', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await signIn(context);
  await page.getByRole('link', { name: /Armée|Désarmée|Mise en service/ }).first().click();
  await page.getByRole('heading', { level: 1, name: /Alarme · Maison de Lyon/ }).waitFor();
  await panelSays([{ type: 'armed', mode: 'away' }, { type: 'entry_delay', device: 'door-1' }]);
  await panelSays([{ type: 'triggered', device: 'door-1' }]);
  // The page reloads itself to ask what it is.
  await page.getByRole('heading', { name: 'Votre alarme s’est déclenchée' }).waitFor({ timeout: 3000 });
  await checkAccessibility(page, 'alarm triggered');
  await screenshot(page, '29-alarm-triggered');
  await page.getByRole('button', { name: 'Je confirme l’intrusion' }).click();
  await page.getByText(/Intrusion confirmée le/).waitFor();

  await page.getByRole('link', { name: 'Consignes de télésurveillance' }).click();
  await page.getByRole('heading', { level: 1, name: /Consignes de télésurveillance/ }).waitFor();
  await page.locator('#name-1').fill('Marie Martin');
  await page.locator('#phone-1').fill('12');
  await page.getByRole('button', { name: 'Enregistrer la liste' }).click();
  await page.getByText('Saisissez un numéro de mobile valide').waitFor();
  assert.equal(await page.locator('#name-1').inputValue(), 'Marie Martin', 'what was typed is kept');
  await checkAccessibility(page, 'instructions with an error');
  await page.locator('#phone-1').fill('06 11 22 33 44');
  await page.locator('#relation-1').fill('sœur');
  await page.getByRole('button', { name: 'Enregistrer la liste' }).click();
  await page.getByText('La liste des personnes à prévenir est enregistrée.').waitFor();
  await page.getByLabel('Nouveau mot de passe verbal').fill('tournesol bleu');
  await page.getByRole('button', { name: 'Enregistrer le mot de passe verbal' }).click();
  await page.getByText('Le mot de passe verbal est enregistré.').waitFor();
  assert.match(await page.locator('#verbal-current').innerText(), /••••••••••••••/);
  await checkAccessibility(page, 'instructions');
  await screenshot(page, '30-monitoring-instructions');
  await context.close();
});
