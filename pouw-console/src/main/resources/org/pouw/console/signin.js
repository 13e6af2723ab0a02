// Sign-in with a did:key inside the page (docs/api.md "Signing in"). The key file's private key is imported into
// WebCrypto as a non-extractable Ed25519 key: the page can sign with it but no script can read it back, and it is
// never stored (no localStorage, no cookie) nor sent anywhere. Only the signature of the node's challenge leaves the
// page, and the bearer token that comes back stays in memory (api.js).
import {identity, onIdentity, post, signOut, useToken} from './api.js';
import {el, show} from './dom.js';

// PKCS #8 wrapping of a raw Ed25519 private key (RFC 8410 §7): this fixed prefix, then the 32-byte seed.
const PKCS8_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/** The did and the private key's 32 bytes from a key file as `pouw keys new` writes it, or an Error naming what. */
export function parseKeyFile(text) {
  let did = null;
  let hex = null;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = /^([a-z_]+)\s*=\s*(\S+)$/.exec(trimmed);
    if (!match) throw new Error("key file: expected 'name = value' lines");
    if (match[1] === 'did') did = match[2];
    if (match[1] === 'private_key') hex = match[2];
  }
  if (!did || !did.startsWith('did:key:z')) throw new Error('key file: did must be a did:key');
  if (!hex || !/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('key file: private_key must be 64 hex digits');
  const seed = new Uint8Array(32);
  for (let i = 0; i < 32; i++) seed[i] = parseInt(hex.substr(i * 2, 2), 16);
  return {did, seed};
}

async function importKey(seed) {
  const der = new Uint8Array(PKCS8_PREFIX.length + 32);
  der.set(PKCS8_PREFIX);
  der.set(seed, PKCS8_PREFIX.length);
  try {
    return await crypto.subtle.importKey('pkcs8', der, {name: 'Ed25519'}, false, ['sign']);
  } finally {
    der.fill(0);
    seed.fill(0);
  }
}

function base64url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Trades a signature of the node's challenge for a bearer token; throws the node's refusal as it came. */
export async function signIn(keyFileText) {
  const {did, seed} = parseKeyFile(keyFileText);
  const key = await importKey(seed);
  const {challenge} = await post('/v1/auth/challenge', {did});
  const message = new TextEncoder().encode('pouw-auth-v1:' + challenge);
  const signature = new Uint8Array(await crypto.subtle.sign({name: 'Ed25519'}, key, message));
  const {token, admin} = await post('/v1/auth/token', {did, challenge, signature: base64url(signature)});
  useToken(did, token, admin);
  return did;
}

export function mount(container) {
  const draw = () => {
    const did = identity();
    if (did) {
      const out = el('button', {type: 'button', id: 'sign-out'}, 'Sign out');
      out.addEventListener('click', signOut);
      show(container, el('span', {id: 'signed-in-as', class: 'mono', title: did}, did), out);
      return;
    }
    const text = el('textarea', {id: 'key-file', 'aria-label': 'key file (did and private_key lines)',
      placeholder: 'paste a key file, or choose one', spellcheck: 'false', autocomplete: 'off'});
    const file = el('input', {type: 'file', id: 'key-file-picker', 'aria-label': 'choose a key file'});
    const button = el('button', {type: 'submit', id: 'sign-in'}, 'Sign in');
    const message = el('span', {id: 'sign-in-message', class: 'error', role: 'alert'});
    const form = el('form', {}, text, file, button, message);
    file.addEventListener('change', async () => {
      if (file.files.length > 0) text.value = await file.files[0].text();
      file.value = '';
    });
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const keyText = text.value;
      text.value = '';
      message.textContent = 'signing in…';
      try {
        await signIn(keyText);
      } catch (e) {
        message.textContent = 'sign-in refused: ' + e.message;
      }
    });
    show(container, form);
  };
  onIdentity(draw);
  draw();
}
