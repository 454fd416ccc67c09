// The alarm page in a real browser: it follows the panel live (SSE) without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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

test('the alarm page follows the panel live', async () => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.getByLabel('Adresse e-mail ou numéro client').fill('C10000001');
  await page.getByLabel('Mot de passe').fill('Tournesol-Lyon-2026');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL(`${server.base}/`);
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
  const events = await page.locator('#alarm-events li').allInnerTexts();
  assert.match(events[0], /Ouverture\u00a0: Baie vitrée/);
  assert.match(events[2], /Mise en service lancée \(mode total\), par Camille au clavier/);
  await checkAccessibility(page, 'alarm page after live events');
  await screenshot(page, '26-alarm-live');

  // A reload shows the same truth without the script's help.
  await page.reload();
  assert.equal((await state.innerText()).trim(), 'Armée — mode total');
  await context.close();
});
