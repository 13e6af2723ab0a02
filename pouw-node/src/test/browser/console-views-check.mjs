// The console's intents, provers and ledger views and the jobs view's order and prover filter, driven in a real
// headless Chromium against a live node (ConsoleBrowserIT; docs/console.md): each view shows what the API answers.
// With POUW_PHASE=tampered (ConsoleBrowserIT has altered one stored ledger entry, POUW_TAMPERED_SEQ) the ledger's
// verify must say failed and name that entry. Exit 0 and "console-check: passed" only when every check held.
import {api, base, check, env, inBrowser, keyText, postIntentReply, screenshot, signIn, WAIT_MS}
  from './console-kit.mjs';

const textOf = (page, selector) => page.evaluate(s => document.querySelector(s)?.textContent ?? null, selector);
const waitRows = (page, selector, attribute, expected) => page.waitForFunction(([s, a, want]) =>
  [...document.querySelectorAll(s)].map(row => row.getAttribute(a)).join(',') === want,
[selector, attribute, expected.join(',')], {timeout: WAIT_MS});

/** Every control of the view has a label, and the view has one h1: what a screen reader needs to find its way. */
async function checkLabelsAndHeading(page, view) {
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('main input, main select, main textarea')]
    .filter(control => !control.closest('label') && !control.getAttribute('aria-label')).map(control => control.id));
  check(unlabelled.length === 0, view + ': every control has a label' + (unlabelled.length ? ' ' + unlabelled : ''));
  check(await page.evaluate(() => document.querySelectorAll('main h1').length === 1), view + ': one h1');
}

/** Every ledger entry the API gives, page after page: what verify must have counted. */
async function ledgerSize() {
  let after = 0;
  let count = 0;
  for (;;) {
    const page = (await api('GET', '/v1/ledger/entries?limit=1000&after=' + after)).json.entries;
    count += page.length;
    if (page.length < 1000) return count;
    after = page[page.length - 1].seq;
  }
}

async function verify(page) {
  await page.focus('#ledger-verify');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^(passed|failed|could not)/.test(document.getElementById('ledger-verdict')
    ?.textContent || ''), null, {timeout: WAIT_MS});
  return textOf(page, '#ledger-verdict');
}

async function views(page) {
  const client = await signIn(keyText('POUW_CLIENT_KEY'));
  const worker = await signIn(keyText('POUW_WORKER_KEY'));
  const intents = [];
  for (const input of [3, 5, 6]) intents.push((await postIntentReply(client.token, input)).intent_id);
  const claimed = await api('POST', '/v1/pouw/jobs/claim', {max_jobs: 2}, worker.token);
  if (claimed.status !== 200) throw new Error('claim refused: ' + claimed.status + ' ' + JSON.stringify(claimed.json));
  const failed = claimed.json.jobs[0];
  const reply = await api('POST', '/v1/pouw/jobs/' + failed.job_id + '/fail', {lease_token: failed.lease.token,
    reason: 'gave up'}, worker.token);
  if (reply.status !== 200) throw new Error('fail refused: ' + reply.status + ' ' + JSON.stringify(reply.json));

  // The ledger's hash function in the browser gives docs/test-vectors.md's first entry.
  await page.goto(base + '/#/ledger', {timeout: WAIT_MS});
  const vector = await page.evaluate(async () => (await import('/console/ledger-chain.js')).entryHash({seq: 1,
    kind: 'genesis', key: 'genesis:did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    postings: [{account: 'sys:genesis', amount: -1000000},
      {account: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', amount: 1000000}],
    job_ids: [], memo: 'dev genesis allocation', at_ms: 1700000000000, prev_hash: '0'.repeat(64)}));
  check(vector === 'e1bbfda2a1d44d7f2930c87f14d800f162769351d9ada90d0c09f3a06dfde9f4',
    'the page\'s BLAKE3 ledger hash matches docs/test-vectors.md');

  // And BLAKE3 itself over one and several chunks (bytes i mod 251, the specification's test inputs; the same
  // digests as pouw-crypto's Blake3): a long memo makes an entry longer than one 1,024-byte chunk.
  const digests = {0: 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262',
    1024: '42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7',
    1025: 'd00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444',
    2049: '5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030',
    5000: 'ee78d92070de3df1c57c37002abf0a6b1a6589acdeef4d8ffac7cf3d9e8f2836'};
  const wrong = await page.evaluate(async want => {
    const {blake3, hex} = await import('/console/blake3.js');
    return Object.keys(want).filter(length => {
      const bytes = Uint8Array.from({length: Number(length)}, (_, i) => i % 251);
      return hex(blake3(bytes)) !== want[length];
    });
  }, digests);
  check(wrong.length === 0, 'the page\'s BLAKE3 gives the reference digests for 0 to 5000 bytes' + (wrong.length
    ? ', not for ' + wrong.join(', ') : ''));

  // Ledger: the API's first page of entries, a balance, and verify passes over every entry. Entries only ever
  // follow the last, so the page must start with the API's (the reaper may add one after the read).
  const entries = (await api('GET', '/v1/ledger/entries?after=0&limit=50')).json.entries.map(e => String(e.seq));
  await page.waitForFunction(want => {
    const rows = [...document.querySelectorAll('#ledger-rows tr[data-seq]')].map(row => row.getAttribute('data-seq'));
    return rows.length >= want.length && rows.slice(0, want.length).join(',') === want.join(',');
  }, entries, {timeout: WAIT_MS});
  check(entries.length >= 4, 'the ledger view shows the API\'s entries ' + entries.join(','));
  await checkLabelsAndHeading(page, 'ledger');
  const sizeBefore = await ledgerSize();
  const verdict = await verify(page);
  const sizeAfter = await ledgerSize();
  const counted = /^passed: ([0-9,]+) entries/.exec(verdict);
  const count = counted ? Number(counted[1].replaceAll(',', '')) : -1;
  check(count >= sizeBefore && count <= sizeAfter, 'verify passed over every entry (' + sizeBefore + ' in the API): '
    + verdict);
  const balance = (await api('GET', '/v1/ledger/accounts/' + client.did + '?limit=0')).json.balance;
  await page.fill('#ledger-account', client.did);
  await page.press('#ledger-account', 'Enter');
  await page.waitForFunction(text => document.getElementById('ledger-balance').textContent === text,
    'balance of ' + client.did + ': ' + balance.toLocaleString('en'), {timeout: WAIT_MS});
  check(true, 'the balance shown is the API\'s ' + balance);
  await screenshot(page, 'ledger');

  // Provers: the API's list, each with its level and reputation; the keyboard reaches the view from the menu. A
  // reputation decays with time (docs/economics.md), so the page's figure is held to the API's read just before or
  // just after the page's own: one of the two, whichever side of a rounding step the page read on.
  const before = (await api('GET', '/v1/pouw/provers')).json.provers;
  await page.focus('#nav-provers');
  await page.keyboard.press('Enter');
  await waitRows(page, '#provers-rows tr[data-prover]', 'data-prover', before.map(p => p.prover_id));
  const after = new Map((await api('GET', '/v1/pouw/provers')).json.provers.map(p => [p.prover_id, p]));
  check(before.some(p => p.prover_id === worker.did), 'the provers view lists the API\'s ' + before.length
    + ' provers, the worker among them');
  const shown = p => ({level: p.level, reputation: (p.reputation_permille / 10).toFixed(1) + ' %'});
  for (const p of before) {
    const cells = await page.evaluate(id => {
      const row = document.querySelector('#provers-rows tr[data-prover="' + id + '"]');
      return {level: row.querySelector('.level').textContent, reputation: row.querySelector('.reputation').textContent};
    }, p.prover_id);
    const same = api => api && cells.level === shown(api).level && cells.reputation === shown(api).reputation;
    check(same(p) || same(after.get(p.prover_id)),
      'prover ' + p.prover_id.slice(-8) + ' shows the API\'s level ' + cells.level + ' and reputation '
      + cells.reputation);
  }
  await checkLabelsAndHeading(page, 'provers');
  await screenshot(page, 'provers');

  // Jobs: newest first, and the prover filter typed in the form gives the API's answer for that prover.
  await page.click('#provers-rows tr[data-prover="' + worker.did + '"] a');
  const byWorker = (await api('GET', '/v1/pouw/jobs?order=newest&limit=25&prover=' + worker.did)).json.jobs;
  await waitRows(page, '#jobs-rows tr[data-job-id]', 'data-job-id', byWorker.map(j => j.job_id));
  check(byWorker.length === 2, 'a prover\'s link shows the two jobs it claimed, as the API lists them');
  await page.evaluate(() => { location.hash = '#/jobs'; });
  const newest = (await api('GET', '/v1/pouw/jobs?order=newest&limit=25')).json.jobs.map(j => j.job_id);
  await waitRows(page, '#jobs-rows tr[data-job-id]', 'data-job-id', newest);
  check(true, 'the jobs view lists newest first, as the API does');
  await page.fill('#filter-prover', worker.did);
  await page.press('#filter-prover', 'Enter');
  await waitRows(page, '#jobs-rows tr[data-job-id]', 'data-job-id', byWorker.map(j => j.job_id));
  check(decodeURIComponent(await page.evaluate(() => location.hash)).includes('prover=' + worker.did),
    'the prover typed in the form goes to the API');
  await checkLabelsAndHeading(page, 'jobs');

  // Intents: nothing before sign-in; after it, the client's own, newest first; a new one shows without a reload.
  await page.evaluate(() => { location.hash = '#/intents'; });
  await page.waitForFunction(() => document.getElementById('intents-count')?.textContent.startsWith('Sign in'), null,
    {timeout: WAIT_MS});
  check(true, 'the intents view asks to sign in first');
  await page.fill('#key-file', keyText('POUW_CLIENT_KEY'));
  await page.click('#sign-in');
  await waitRows(page, '#intents-rows tr[data-intent-id]', 'data-intent-id', intents.toReversed());
  for (const id of intents) {
    const intent = (await api('GET', '/v1/intents/' + id, undefined, client.token)).json;
    const status = await textOf(page, '#intents-rows tr[data-intent-id="' + id + '"] .status');
    check(status === intent.status, 'intent ' + id.slice(0, 8) + ' shows the API\'s status ' + intent.status);
  }
  await page.evaluate(() => { window.__samePage = true; });
  const later = (await postIntentReply(client.token, 7)).intent_id;
  await waitRows(page, '#intents-rows tr[data-intent-id]', 'data-intent-id', [later, ...intents.toReversed()]);
  check(await page.evaluate(() => window.__samePage === true), 'a new intent appeared without a reload');
  // The kind select lists the API's page for that kind (GET /v1/intents?kind=), for a kind the intents have and one
  // they do not.
  const kinds = (await api('GET', '/v1/pouw/system/status')).json.kinds;
  const ownKind = (await api('GET', '/v1/intents/' + later, undefined, client.token)).json.jobs[0].kind;
  for (const kind of [ownKind, kinds.find(k => k !== ownKind)].filter(Boolean)) {
    await page.waitForSelector('#intents-kind option[value="' + kind + '"]', {state: 'attached', timeout: WAIT_MS});
    await page.selectOption('#intents-kind', kind);
    const listed = (await api('GET', '/v1/intents?limit=20&kind=' + kind, undefined, client.token)).json.intents;
    if (listed.length === 0) {
      await page.waitForFunction(() => document.querySelector('#intents-rows td')?.textContent === 'no intents',
        null, {timeout: WAIT_MS});
    } else {
      await waitRows(page, '#intents-rows tr[data-intent-id]', 'data-intent-id', listed.map(i => i.intent_id));
    }
    check(true, 'the kind ' + kind + ' lists what the API lists (' + listed.length + ' intents)');
  }
  await checkLabelsAndHeading(page, 'intents');
  await screenshot(page, 'intents');
}

async function tampered(page) {
  const seq = env('POUW_TAMPERED_SEQ');
  await page.goto(base + '/#/ledger', {timeout: WAIT_MS});
  await page.waitForSelector('#ledger-rows tr[data-seq]', {timeout: WAIT_MS});
  const verdict = await verify(page);
  check(verdict.startsWith('failed: entry ' + seq + ' was altered'), 'verify failed on the altered entry: ' + verdict);
  check(await page.evaluate(() => document.getElementById('ledger-verdict').className === 'error'),
    'the failure is shown as one');
  await screenshot(page, 'ledger-failed');
}

await inBrowser(page => process.env.POUW_PHASE === 'tampered' ? tampered(page) : views(page));
