// The console's chain and peers views in a real headless Chromium against a live node with the chain and the
// transport on (ConsoleBrowserIT). POUW_CHAIN_BLOCKS holds blocks ConsoleBrowserIT mined: "followed" (two blocks,
// the first carrying a transfer) and "heavier" (three blocks from the genesis by another miner, which reorganise the
// node). The script posts them while the view is open: the view must follow without a reload. Then the peers view,
// signed in with the node's admin key, must show a peer linked through the API while it is open.
import {readFileSync} from 'node:fs';
import {api, base, check, env, inBrowser, keyText, screenshot, signIn, WAIT_MS} from './console-kit.mjs';

const blocks = JSON.parse(readFileSync(env('POUW_CHAIN_BLOCKS'), 'utf8'));
const textOf = (page, selector) => page.evaluate(s => document.querySelector(s)?.textContent ?? null, selector);
const attributes = (page, selector, attribute) => page.evaluate(([s, a]) =>
  [...document.querySelectorAll(s)].map(node => node.getAttribute(a)).join(','), [selector, attribute]);

async function postBlock(encoded) {
  const reply = await api('POST', '/v1/chain/blocks', {block: encoded});
  if (reply.status !== 200) throw new Error('block refused: ' + JSON.stringify(reply.json));
  return reply.json;
}

/** Waits until the view's block rows are the API's recent blocks, newest first, and its height the API's. */
async function showsTheApisBlocks(page, what) {
  const page1 = (await api('GET', '/v1/chain/headers?limit=20')).json;
  const head = (await api('GET', '/v1/chain/head')).json;
  const want = page1.blocks.map(b => b.hash).join(',');
  await page.waitForFunction(([hashes, height]) => [...document.querySelectorAll('#chain-blocks-rows tr[data-hash]')]
    .map(row => row.getAttribute('data-hash')).join(',') === hashes
    && document.getElementById('chain-height')?.textContent === height,
  [want, head.height.toLocaleString('en')], {timeout: WAIT_MS});
  check(await attributes(page, '#chain-blocks-rows tr', 'data-hash') === want, what);
  return page1;
}

async function chainView(page) {
  await postBlock(blocks.followed[0]);
  await page.goto(base + '/#/chain', {timeout: WAIT_MS});
  await showsTheApisBlocks(page, 'the chain view lists the API\'s one block at the API\'s height');
  const tasks = (await api('GET', '/v1/chain/tasks')).json.tasks;
  await page.waitForFunction(n => document.querySelectorAll('#chain-tasks-rows tr[data-task]').length === n,
    tasks.length, {timeout: WAIT_MS});
  check(await attributes(page, '#chain-tasks-rows tr', 'data-task') === tasks.map(t => t.id).join(','),
    'the tasks are the API\'s (' + tasks.length + ')');

  // A block posted while the view is open shows without a reload.
  await postBlock(blocks.followed[1]);
  const two = await showsTheApisBlocks(page, 'a block posted through the API shows without a reload');
  check(await attributes(page, '#chain-miners-rows tr', 'data-miner') === two.blocks[0].miner,
    'the miners are the listed blocks\' signers');
  await screenshot(page, 'chain');

  // The first block's page lists its transfer as the API gives it.
  const first = two.blocks[1];
  await page.click('#chain-blocks-rows tr[data-height="1"] a');
  const full = (await api('GET', '/v1/chain/blocks/' + first.hash)).json;
  check(full.txs.length === 1, 'the first block carries one transaction');
  const tx = (await api('GET', '/v1/chain/txs/' + full.txs[0])).json;
  await page.waitForFunction(id => document.querySelector('#block-txs-rows tr[data-tx="' + id + '"]') !== null,
    tx.id, {timeout: WAIT_MS});
  const cells = await page.evaluate(id => [...document.querySelector('#block-txs-rows tr[data-tx="' + id + '"]').cells]
    .map(cell => cell.textContent), tx.id);
  check(cells[1] === tx.kind && cells[2] === tx.sender && cells[5] === tx.status,
    'the block page shows the transaction\'s kind, sender and status as the API: ' + cells.join(' | '));
  await screenshot(page, 'chain-block');

  // A heavier branch: the node reorganises, the view lists the reorg and the new branch without a reload.
  await page.click('a[href="#/chain"]');
  await showsTheApisBlocks(page, 'back on the chain view');
  for (const encoded of blocks.heavier) await postBlock(encoded);
  const head = (await api('GET', '/v1/chain/head')).json;
  try {
    await page.waitForFunction(tip => document.querySelector('#chain-reorgs li.reorg[data-new-tip]') !== null
      && document.getElementById('chain-tip')?.closest('.card')?.getAttribute('title') === tip, head.hash,
    {timeout: WAIT_MS});
  } catch (e) {
    const seen = await page.evaluate(() => [document.getElementById('chain-reorgs')?.textContent,
      document.getElementById('chain-tip')?.closest('.card')?.getAttribute('title'),
      document.getElementById('stream-state')?.textContent, location.hash]);
    throw new Error('no reorg shown for the API\'s head ' + JSON.stringify(head) + ', the page shows '
      + JSON.stringify(seen) + ': ' + e.message);
  }
  await showsTheApisBlocks(page, 'after the reorg the view lists the heavier branch, as the API');
  check((await textOf(page, '#chain-reorgs li.reorg')).includes('2 blocks left'),
    'the reorg is listed with the depth the node gave: ' + await textOf(page, '#chain-reorgs li.reorg'));
}

async function peersView(page, refusals) {
  await page.click('#nav-peers');
  const status = (await api('GET', '/v1/net/status')).json;
  await page.waitForFunction(did => document.getElementById('peers-self')?.textContent === did
    && /admin key/.test(document.getElementById('peers-message')?.textContent || ''), status.peer_id,
  {timeout: WAIT_MS});
  check(await textOf(page, '#peers-self') === status.peer_id && await page.evaluate(() =>
    document.querySelectorAll('#peers-rows tr').length === 0),
  'before sign-in the peers view shows the public status, asks for the admin key and lists no peer');
  const admin = await signIn(keyText('POUW_ADMIN_KEY'));
  await page.fill('#key-file', keyText('POUW_ADMIN_KEY'));
  await page.click('#sign-in');
  await page.waitForFunction(() => /^0 peers connected/.test(document.getElementById('peers-message')?.textContent
    || ''), null, {timeout: WAIT_MS});
  const none = (await api('GET', '/v1/net/peers', undefined, admin.token)).json.peers;
  check(none.length === 0 && await page.evaluate(() => document.querySelectorAll('#peers-rows tr[data-peer]').length
    === 0), 'signed in as the admin, the peers view lists the API\'s peers (none yet)');

  // A peer linked through the API shows in the table and the graph without a reload (the admin's peer events).
  const added = await api('POST', '/v1/net/peers', {address: env('POUW_PEER_ADDRESS')}, admin.token);
  if (added.status !== 201) throw new Error('peer refused: ' + added.status + ' ' + JSON.stringify(added.json));
  const peer = env('POUW_PEER_ID');
  await page.waitForFunction(did => document.querySelector('#peers-rows tr[data-peer="' + did + '"]') !== null
    && document.querySelector('#peers-graph g.peer[data-peer="' + did + '"]') !== null, peer, {timeout: WAIT_MS});
  const listed = (await api('GET', '/v1/net/peers', undefined, admin.token)).json.peers;
  await page.waitForFunction(n => document.getElementById('peers-message')?.textContent
    === n + (n === 1 ? ' peer' : ' peers') + ' connected', listed.length, {timeout: WAIT_MS});
  check(listed.some(p => p.peer_id === peer), 'the API lists the new peer');
  check(await attributes(page, '#peers-rows tr', 'data-peer') === listed.map(p => p.peer_id).join(','),
    'a peer linked through the API shows in the table and the graph without a reload');
  await screenshot(page, 'peers');
  refusals.expected = 0;
}

await inBrowser(async (page, refusals) => {
  await chainView(page);
  await peersView(page, refusals);
});
