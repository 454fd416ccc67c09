// Passkeys: buttons marked data-passkey call the browser's WebAuthn API with the options the
// server prepared, send the answer back as JSON, and follow the server's redirect. Without this
// script (or WebAuthn) the buttons stay hidden and the password forms work as before.
(() => {
  'use strict';
  if (!window.PublicKeyCredential || !window.fetch) return;
  const fromB64u = (s) => {
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=');
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
  };
  const toB64u = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const post = async (url, body) => {
    const response = await fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body || {}),
    });
    return { ok: response.ok, body: await response.json().catch(() => ({})) };
  };

  async function register(options) {
    const pk = options.publicKey;
    pk.challenge = fromB64u(pk.challenge);
    pk.user.id = fromB64u(pk.user.id);
    (pk.excludeCredentials || []).forEach((c) => { c.id = fromB64u(c.id); });
    const cred = await navigator.credentials.create({ publicKey: pk });
    return {
      id: cred.id, rawId: toB64u(cred.rawId), type: cred.type, extensions: {},
      response: {
        attestationObject: toB64u(cred.response.attestationObject),
        clientDataJSON: toB64u(cred.response.clientDataJSON),
        transports: cred.response.getTransports ? cred.response.getTransports() : undefined,
      },
    };
  }

  async function assert(options) {
    const pk = options.publicKey;
    pk.challenge = fromB64u(pk.challenge);
    (pk.allowCredentials || []).forEach((c) => { c.id = fromB64u(c.id); });
    const cred = await navigator.credentials.get({ publicKey: pk });
    return {
      id: cred.id, rawId: toB64u(cred.rawId), type: cred.type, extensions: {},
      response: {
        authenticatorData: toB64u(cred.response.authenticatorData),
        clientDataJSON: toB64u(cred.response.clientDataJSON),
        signature: toB64u(cred.response.signature),
        userHandle: cred.response.userHandle ? toB64u(cred.response.userHandle) : null,
      },
    };
  }

  document.querySelectorAll('[data-passkey]').forEach((button) => {
    const status = document.getElementById(button.dataset.status);
    const show = (text) => { if (status) { status.hidden = false; status.textContent = text; } };
    button.hidden = false;
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const started = await post(button.dataset.options);
        if (!started.ok) {
          if (started.body.redirect) { window.location.assign(started.body.redirect); return; }
          show(started.body.error || button.dataset.failed);
          return;
        }
        const creating = button.dataset.passkey === 'register';
        const credential = creating ? await register(started.body.options) : await assert(started.body.options);
        const name = button.dataset.nameField ? document.getElementById(button.dataset.nameField).value : '';
        const finished = await post(button.dataset.finish, { ceremony: started.body.ceremony, credential, name });
        if (finished.ok && finished.body.redirect) { window.location.assign(finished.body.redirect); return; }
        show(finished.body.error || button.dataset.failed);
      } catch (_) {
        show(button.dataset.failed);
      } finally {
        button.disabled = false;
      }
    });
  });
})();
