// Solves the proof-of-work challenge of a form (data-pow) in the background, so that the
// person filling it never waits for a puzzle. The server decides; without this script the form
// still works, under a stricter limit.
(() => {
  'use strict';
  const form = document.querySelector('form[data-pow]');
  if (!form || !window.crypto || !window.crypto.subtle) return;
  const field = form.querySelector('input[name="altcha"]');
  const status = form.querySelector('[data-pow-status]');
  const challenge = JSON.parse(form.dataset.pow);
  const encoder = new TextEncoder();
  const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

  async function solve() {
    const started = performance.now();
    const batch = 500;
    for (let base = 0; base <= challenge.maxnumber; base += batch) {
      const tries = [];
      for (let n = base; n < base + batch && n <= challenge.maxnumber; n++) {
        tries.push(crypto.subtle.digest('SHA-256', encoder.encode(challenge.salt + n)).then((h) => [n, hex(h)]));
      }
      for (const [n, h] of await Promise.all(tries)) {
        if (h === challenge.challenge) {
          field.value = btoa(JSON.stringify({
            algorithm: challenge.algorithm, challenge: challenge.challenge, number: n,
            salt: challenge.salt, signature: challenge.signature,
            took: Math.round(performance.now() - started),
          }));
          return true;
        }
      }
    }
    return false;
  }

  status.hidden = false;
  status.textContent = status.dataset.working;
  const solved = solve().then((ok) => { status.textContent = ok ? status.dataset.done : ''; });
  form.addEventListener('submit', (event) => {
    if (field.value) return;
    event.preventDefault();
    solved.then(() => form.submit());
  });
})();
