// A live strength meter under the new-password field. The server answers with the very rules
// it applies on submission; the form works the same without this script.
(() => {
  'use strict';
  const input = document.getElementById('new_password');
  if (!input || !window.fetch) return;
  const meter = document.createElement('meter');
  meter.min = 0; meter.max = 4; meter.low = 2; meter.high = 3; meter.optimum = 4; meter.value = 0;
  meter.id = 'new_password-meter';
  meter.setAttribute('aria-label', input.dataset.meterLabel || '');
  const note = document.createElement('p');
  note.className = 'meter-note';
  note.id = 'new_password-meter-note';
  note.setAttribute('role', 'status');
  note.setAttribute('aria-live', 'polite');
  input.insertAdjacentElement('afterend', note);
  input.insertAdjacentElement('afterend', meter);
  let timer = null;
  let asked = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      if (!input.value) { meter.value = 0; note.textContent = ''; return; }
      try {
        const response = await fetch('/password/strength', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify({ password: input.value }),
        });
        if (!response.ok || mine !== asked) return;
        const answer = await response.json();
        meter.value = answer.score;
        note.textContent = answer.message;
        note.dataset.accepted = answer.accepted ? 'yes' : 'no';
      } catch (_) { /* the server decides on submission anyway */ }
    }, 300);
  });
})();
