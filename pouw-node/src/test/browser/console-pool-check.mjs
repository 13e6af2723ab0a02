// The console's pool view in a real headless Chromium against a live node reading a real pool (ConsolePoolBrowserIT).
// The view must show the API's figures, the miners only to the admin signed in in the page, a share the pool takes
// while the view is open without a reload, and — once the pool is gone and only a hostile second pool answers, with
// markup where a reason code belongs — the node's refusal as text: no element made, nothing run.
import {existsSync, writeFileSync} from 'node:fs';
import {api, base, check, env, inBrowser, keyText, screenshot, signIn, WAIT_MS} from './console-kit.mjs';

const textOf = (page, selector) => page.evaluate(s => document.querySelector(s)?.textContent ?? null, selector);
const number = n => Number(n).toLocaleString('en');

async function waitForFile(file) {
  const until = Date.now() + WAIT_MS;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error('no ' + file + ' within ' + WAIT_MS + ' ms');
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/** Waits until the view's totals are the API's (read again until they agree: the node serves a read for 3 s). */
async function showsTheApisStatus(page, what) {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const s = (await api('GET', '/v1/pool/status')).json;
    const shown = await page.evaluate(() => ({
      accepted: document.getElementById('pool-accepted')?.textContent,
      active: document.getElementById('pool-miners-active')?.textContent,
      name: document.getElementById('pool-name')?.textContent,
      difficulty: document.getElementById('pool-difficulty')?.textContent,
      refused: [...document.querySelectorAll('#pool-refused tr')].map(row => [...row.cells].map(c => c.textContent)
        .join('=')).join(',')}));
    const want = {accepted: number(s.shares_accepted), active: number(s.miners_active), name: s.pool,
      difficulty: number(s.difficulty.p50) + ' / ' + number(s.difficulty.p99),
      refused: Object.entries(s.shares_rejected).map(([r, n]) => r + '=' + number(n)).join(',')};
    if (JSON.stringify(shown) === JSON.stringify(want)) {
      check(true, what + ': ' + JSON.stringify(want));
      return s;
    }
    if (Date.now() > until) check(false, what + ': shown ' + JSON.stringify(shown) + ', API ' + JSON.stringify(want));
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

async function minerRows(page) {
  return page.evaluate(() => [...document.querySelectorAll('#pool-miners tr')].map(row => row.cells[0].textContent)
    .join(','));
}

await inBrowser(async (page, refusals) => {
  await page.goto(base + '/#/pool');
  const first = await showsTheApisStatus(page, 'the pool view shows the API\'s totals, refusals by reason and difficulty');
  check(first.shares_accepted === 2 && first.shares_rejected.duplicate === 1,
    'the API relays the pool: two shares accepted, one duplicate refused');
  await page.waitForFunction(() => /admin key/.test(document.getElementById('pool-message')?.textContent || ''), null,
    {timeout: WAIT_MS});
  check(await page.evaluate(() => document.querySelectorAll('#pool-miners tr').length === 0),
    'before sign-in the view asks for the admin key and lists no miner');

  const admin = await signIn(keyText('POUW_ADMIN_KEY'));
  await page.fill('#key-file', keyText('POUW_ADMIN_KEY'));
  await page.click('#sign-in');
  const miners = (await api('GET', '/v1/pool/miners?limit=100', undefined, admin.token)).json.miners;
  await page.waitForFunction(n => document.querySelectorAll('#pool-miners tr').length === n, miners.length,
    {timeout: WAIT_MS});
  check(await minerRows(page) === miners.map(m => m.miner).join(','),
    'signed in as the admin, the view lists the API\'s miners, newest first');
  await screenshot(page, 'pool');

  // A share the pool takes while the view is open shows without a reload.
  writeFileSync(env('POUW_SHARE_NOW'), 'now');
  await waitForFile(env('POUW_SHARE_SENT'));
  const late = env('POUW_LATE_MINER');
  await page.waitForFunction(did => document.querySelector('#pool-miners tr td')?.textContent === did, late,
    {timeout: WAIT_MS});
  const after = await showsTheApisStatus(page, 'a share taken while the view is open shows without a reload');
  check(after.shares_accepted === 3, 'the API counts the third share');
  const now = (await api('GET', '/v1/pool/miners?limit=100', undefined, admin.token)).json.miners;
  check(await minerRows(page) === now.map(m => m.miner).join(',') && now[0].miner === late,
    'the new miner heads the view\'s table as it heads the API\'s list');

  // The pool gone, only the hostile one answers: the node refuses its markup, and the page shows the refusal as text.
  // From here the view's reads fail on purpose (503), which the browser reports as console errors of those reads.
  refusals.failingReads = [/\/v1\/pool\/(status|miners)(\?|$)/];
  writeFileSync(env('POUW_STOP_NOW'), 'now');
  await waitForFile(env('POUW_POOL_STOPPED'));
  const markup = env('POUW_MARKUP');
  const quoted = JSON.stringify(markup).slice(1, -1);
  await page.waitForFunction(q => (document.getElementById('pool-error')?.textContent || '').includes(q), quoted,
    {timeout: WAIT_MS});
  const refused = await api('GET', '/v1/pool/status');
  check(refused.status === 503 && refused.json.error.code === 'pool_unavailable'
    && refused.json.error.message.includes(quoted), 'the API says 503 pool_unavailable quoting the hostile pool\'s key');
  check(await page.evaluate(() => document.querySelector('#pool-error img, #pool-error script') === null
    && window.__xss === undefined && document.querySelectorAll('img').length === 0),
  'the hostile pool\'s markup shows as text: no element made, nothing run');
  check((await textOf(page, '#pool-error')).startsWith('could not read the pool: no pool answered /pool/status'),
    'the view says why there are no figures: ' + await textOf(page, '#pool-error'));
  await screenshot(page, 'pool-unavailable');
});
