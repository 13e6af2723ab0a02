// What the console's browser scripts share (console-check.mjs, console-views-check.mjs; ConsoleBrowserIT runs them):
// the settings ConsoleBrowserIT passes, the API spoken from Node.js, the numbered checks, and a browser page that
// records every console and page error. Every wait in the scripts ends as soon as its condition holds, bounded by
// WAIT_MS, so a loaded machine makes them slower, never wrong.
import {createPrivateKey, sign} from 'node:crypto';
import {mkdirSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

export const env = name => {
  const value = process.env[name];
  if (!value) throw new Error('console-check: ' + name + ' is not set');
  return value;
};
export const base = env('POUW_BASE');
export const artefacts = env('POUW_ARTEFACTS');
export const keyText = name => readFileSync(env(name), 'utf8');
export const WAIT_MS = 90_000;
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

let checks = 0;
export function check(condition, what) {
  if (!condition) throw new Error('check failed: ' + what);
  checks++;
  console.log('ok ' + checks + ' - ' + what);
}

export async function api(method, route, body, token) {
  const headers = {'Content-Type': 'application/json'};
  if (token) headers.Authorization = 'Bearer ' + token;
  const response = await fetch(base + route, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await response.text();
  return {status: response.status, json: text ? JSON.parse(text) : null};
}

export async function signIn(text) {
  const did = /^did = (\S+)$/m.exec(text)[1];
  const seed = Buffer.from(/^private_key = ([0-9a-f]{64})$/m.exec(text)[1], 'hex');
  const key = createPrivateKey({key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8'});
  const challenge = (await api('POST', '/v1/auth/challenge', {did})).json.challenge;
  const signature = sign(null, Buffer.from('pouw-auth-v1:' + challenge), key).toString('base64url');
  const reply = await api('POST', '/v1/auth/token', {did, challenge, signature});
  if (reply.status !== 200) throw new Error('API sign-in of ' + did + ' refused: ' + JSON.stringify(reply.json));
  return {did, token: reply.json.token};
}

/** Posts a three-step program intent; returns the whole answer (intent_id, job_ids, …). */
export async function postIntentReply(token, input) {
  const reply = await api('POST', '/v1/intents', {program: 'li r1 1\nmuli r1 r1 ' + input + '\nhalt', inputs: [],
    max_steps: 100, tier: 'micro', fee: 200}, token);
  if (reply.status !== 201) throw new Error('intent refused: ' + JSON.stringify(reply.json));
  return reply.json;
}

export async function postIntent(token, input) {
  return (await postIntentReply(token, input)).job_ids[0];
}

/**
 * Runs {@code steps(page, refusals)} in a fresh headless Chromium page, then prints the verdict line ConsoleBrowserIT
 * looks for, failing it on any console or page error; {@code refusals.expected} lets that many sign-in 401s through,
 * {@code refusals.failingReads} (regular expressions of addresses) the browser's report of reads that failed there.
 */
export async function inBrowser(steps) {
  const {chromium} = createRequire(path.join(env('POUW_PLAYWRIGHT_DIR'), 'package.json'))('playwright-core');
  const browser = await chromium.launch({executablePath: env('POUW_CHROMIUM'), headless: true});
  try {
    mkdirSync(artefacts, {recursive: true});
    const page = await browser.newPage();
    const errors = [];
    const refusals = {expected: 0};
    page.on('pageerror', error => errors.push('page error: ' + error.message));
    page.on('console', message => {
      if (message.type() !== 'error') return;
      // The one error the browser itself logs on purpose: the node's 401 for the wrong key's signature.
      const refusal = message.text().includes('status of 401') && message.location().url.endsWith('/v1/auth/token');
      if (refusal && refusals.expected > 0) {
        refusals.expected--;
        return;
      }
      // A script that provokes failed reads on purpose (the pool view with its pool gone) lists their addresses.
      if (message.text().startsWith('Failed to load resource')
        && (refusals.failingReads || []).some(pattern => pattern.test(message.location().url))) return;
      errors.push('console error: ' + message.text() + ' at ' + message.location().url);
    });
    await steps(page, refusals);
    check(errors.length === 0, 'no console errors' + (errors.length ? ': ' + errors.join('; ') : ''));
    console.log('console-check: passed (' + checks + ' checks)');
  } catch (e) {
    console.log('console-check: FAILED: ' + e.message);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

/**
 * axe-core (npm, pinned; scripts/install-test-tools.sh) run on the view the page shows: no serious or critical
 * violation. Its source is evaluated through the browser's debugging protocol, which the page's
 * Content-Security-Policy does not govern, so the policy stays as strict as the node serves it.
 */
export async function accessible(page, view) {
  if (!await page.evaluate(() => typeof window.axe === 'object')) {
    await page.evaluate(readFileSync(path.join(env('POUW_AXE_DIR'), 'axe.min.js'), 'utf8'));
  }
  const violations = await page.evaluate(async () => (await window.axe.run(document, {resultTypes: ['violations']}))
    .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.impact + ' ' + v.id + ' (' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ') + ')'));
  check(violations.length === 0, view + ': axe-core finds no serious or critical violation'
    + (violations.length ? ': ' + violations.join('; ') : ''));
}

/** Checks the view with axe-core, then saves its screenshot: every view pictured is a view checked. */
export async function screenshot(page, name) {
  await accessible(page, name);
  await page.screenshot({path: path.join(artefacts, name + '.png'), fullPage: true});
}
