// Shared set-up of Abri's browser tests: a demo server of its own, Debian's Chromium, axe-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const here = dirname(fileURLToPath(import.meta.url));
export const artifacts = join(here, '..', 'artifacts');
mkdirSync(artifacts, { recursive: true });

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `abri demo` (E2E_ABRI_BIN) on a free port with its own data folder. */
export async function startDemo() {
  const bin = process.env.E2E_ABRI_BIN;
  assert.ok(bin, 'E2E_ABRI_BIN must point at the abri binary');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'abri-e2e-'));
  const env = { ...process.env, ABRI_LISTEN: `127.0.0.1:${port}`, ABRI_DATA_DIR: dataDir };
  delete env.ABRI_TEST_DATABASE_URL;
  delete env.ABRI_DATABASE_URL;
  const child = spawn(bin, ['demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const base = `http://localhost:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return { base, stop: () => child.kill('SIGINT'), output: () => output };
    } catch { /* not yet */ }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`abri demo did not start:\n${output}`);
}

/** Debian's Chromium, headless, with the flags this machine needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
}

/** Runs axe on the page; fails on any serious or critical violation. */
export async function checkAccessibility(page, name) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  assert.equal(bad.length, 0, `axe on ${name}:\n${summary.join('\n')}`);
}

/** Saves a full-page screenshot under e2e/artifacts/. */
export async function screenshot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** Signs `identifier` in with the demo password in a new page of `context`; the dashboard. */
export async function signIn(context, base, identifier) {
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Adresse e-mail ou numéro client').fill(identifier);
  await page.getByLabel('Mot de passe').fill('Tournesol-Lyon-2026');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL(`${base}/`);
  return page;
}
