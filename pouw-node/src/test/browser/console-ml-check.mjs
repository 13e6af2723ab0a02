// The console's market, dead-letter and ML views driven in a real headless Chromium against a live node
// (ConsoleBrowserIT; docs/console.md): each shows what the API answers; the admin, and only the admin, retries a
// dead-lettered job back to pending; a sweep named with markup and a failure reason holding it show as text; a sweep's
// tasks trained while its page is open reach the page and its curve without a reload. ConsoleBrowserIT has posted the
// sweep (POUW_SWEEP_ID, named POUW_SWEEP_NAME) and dead-lettered a job (POUW_DEAD_JOB); it starts the trainer when
// this script writes POUW_TRAIN_NOW. Exit 0 and "console-check: passed" only when every check held.
import {writeFileSync} from 'node:fs';
import {api, base, check, env, inBrowser, keyText, screenshot, signIn, WAIT_MS} from './console-kit.mjs';

const textOf = (page, selector) => page.evaluate(s => document.querySelector(s)?.textContent ?? null, selector);
const waitText = (page, selector, want) => page.waitForFunction(([s, w]) =>
  document.querySelector(s)?.textContent === w, [selector, want], {timeout: WAIT_MS});
const figure = value => value === null || value === undefined ? '–' : Number(value).toFixed(4);

async function checkLabelsAndHeading(page, view) {
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('main input, main select, main textarea')]
    .filter(control => !control.closest('label') && !control.getAttribute('aria-label')).map(control => control.id));
  check(unlabelled.length === 0, view + ': every control has a label' + (unlabelled.length ? ' ' + unlabelled : ''));
  check(await page.evaluate(() => document.querySelectorAll('main h1').length === 1), view + ': one h1');
}

/** Markup from the API stayed text: no element came of it and nothing it holds ran. */
async function checkInert(page, what) {
  const made = await page.evaluate(() => ({images: document.querySelectorAll('main img').length,
    scripts: document.querySelectorAll('main script').length, ran: window.__xss ?? null}));
  check(made.images === 0 && made.scripts === 0 && made.ran === null,
    what + ' shows markup as text: no element, nothing ran ' + JSON.stringify(made));
}

async function signInPage(page, keyName) {
  if (await page.$('#sign-out')) {
    await page.click('#sign-out');
    await page.waitForSelector('#key-file', {timeout: WAIT_MS});
  }
  await page.fill('#key-file', keyText(keyName));
  await page.click('#sign-in');
  await page.waitForSelector('#sign-out', {timeout: WAIT_MS});
}

async function market(page) {
  await page.goto(base + '/#/market', {timeout: WAIT_MS});
  // The node computes a window at most every 2 s: the page and this read see the same as_of_ms, or the page a later
  // one; nothing moves the queues while this runs (no worker yet), so the figures agree either way.
  const state = (await api('GET', '/v1/pouw/market?window_ms=3600000')).json;
  const want = state.kinds.map(k => k.kind + '=' + k.base_price_per_1000_steps.toLocaleString('en')).join(',');
  await page.waitForFunction(w => [...document.querySelectorAll('#market-prices tr[data-kind]')]
    .map(row => row.getAttribute('data-kind') + '=' + row.querySelector('.price').textContent).join(',') === w,
  want, {timeout: WAIT_MS});
  check(state.kinds.length > 0, 'the market view shows the API\'s prices ' + want);
  const depth = state.queues.map(q => q.kind + '/' + q.tier + '=' + q.pending_jobs).join(',');
  await page.waitForFunction(w => [...document.querySelectorAll('#market-queues tr[data-queue]')]
    .map(row => row.getAttribute('data-queue') + '=' + row.querySelector('.pending').textContent).join(',') === w,
  depth, {timeout: WAIT_MS});
  check(state.queues.some(q => q.kind === 'ml-train' && q.pending_jobs === 4),
    'the market view shows the API\'s queue depths ' + depth);
  await checkLabelsAndHeading(page, 'market');
  await screenshot(page, 'market');
}

async function deadLetter(page, client) {
  const jobId = env('POUW_DEAD_JOB');
  const row = '#dead-rows tr[data-job-id="' + jobId + '"]';
  await page.evaluate(() => { location.hash = '#/dead-letter'; });
  await page.waitForSelector(row, {timeout: WAIT_MS});
  const listed = (await api('GET', '/v1/pouw/dead-letter')).json.jobs;
  const shown = await page.evaluate(() => [...document.querySelectorAll('#dead-rows tr[data-job-id]')]
    .map(r => r.getAttribute('data-job-id')));
  check(shown.join(',') === listed.map(j => j.job_id).join(','), 'the dead-letter view lists the API\'s jobs');
  const last = listed[0].attempt_history[listed[0].attempt_history.length - 1];
  check(await textOf(page, row + ' .reason') === last.outcome + ': ' + last.reason,
    'the failure reason is the API\'s, as text: ' + last.reason);
  await checkInert(page, 'the dead-letter view');
  check(await page.$(row + ' button.retry') === null, 'signed out, no retry is offered');

  await signInPage(page, 'POUW_CLIENT_KEY');
  await waitText(page, '#signed-in-as', client.did);
  await page.waitForSelector(row, {timeout: WAIT_MS});
  check(await page.$(row + ' button.retry') === null, 'signed in as a client, no retry is offered');
  await checkLabelsAndHeading(page, 'dead letter');
  await screenshot(page, 'dead-letter');

  await signInPage(page, 'POUW_ADMIN_KEY');
  await page.waitForSelector(row + ' button.retry', {timeout: WAIT_MS});
  check(true, 'signed in as the admin, retry is offered');
  await screenshot(page, 'dead-letter-admin');
  await page.focus(row + ' button.retry');
  await page.keyboard.press('Enter');
  await waitText(page, '#dead-outcome', 'job ' + jobId + ' is pending again');
  const job = (await api('GET', '/v1/pouw/jobs/' + jobId)).json;
  check(job.status === 'pending', 'the admin\'s retry moved the job back to pending, as the API says');
  await page.waitForFunction(s => document.querySelector(s) === null, row, {timeout: WAIT_MS});
  check(!(await api('GET', '/v1/pouw/dead-letter')).json.jobs.some(j => j.job_id === jobId),
    'the job left the dead letter, on the page and in the API');
}

async function ml(page, client) {
  const sweepId = env('POUW_SWEEP_ID');
  const name = env('POUW_SWEEP_NAME');
  await signInPage(page, 'POUW_CLIENT_KEY');
  await page.evaluate(() => { location.hash = '#/ml'; });
  const row = '#ml-sweeps tr[data-sweep-id="' + sweepId + '"]';
  await page.waitForSelector(row, {timeout: WAIT_MS});
  check(await textOf(page, row + ' .name') === name, 'the sweep\'s name shows as the characters it is: ' + name);
  await checkInert(page, 'the ML view');
  const report = (await api('GET', '/v1/ml/sweeps/' + sweepId, undefined, client.token)).json;
  check(await textOf(page, row + ' .verified') === report.jobs_done + ' of ' + report.jobs_total,
    'the sweep row shows the API\'s ' + report.jobs_done + ' of ' + report.jobs_total + ' verified');
  await checkLabelsAndHeading(page, 'ml');
  await screenshot(page, 'ml');

  // The sweep's page is open, then its tasks are trained: they arrive without a reload.
  await page.click(row + ' a');
  await waitText(page, '#sweep-name', 'Sweep ' + name);
  await checkInert(page, 'the sweep\'s page');
  await page.evaluate(() => { window.__samePage = true; });
  writeFileSync(env('POUW_TRAIN_NOW'), 'go');
  await waitText(page, '#sweep-status', 'completed');
  const done = (await api('GET', '/v1/ml/sweeps/' + sweepId, undefined, client.token)).json;
  check(done.status === 'completed' && await textOf(page, '#sweep-done') === done.jobs_done + ' of ' + done.jobs_total,
    'the sweep completed on the page as in the API (' + done.jobs_done + ' of ' + done.jobs_total + ')');
  for (const job of done.jobs) {
    const cells = await page.evaluate(id => {
      const r = document.querySelector('#sweep-tasks tr[data-intent-id="' + id + '"]');
      return {accuracy: r.querySelector('.accuracy').textContent, loss: r.querySelector('.loss').textContent};
    }, job.intent_id);
    check(cells.accuracy === figure(job.accuracy) && cells.loss === figure(job.loss),
      'task ' + job.intent_id.slice(0, 8) + ' shows the API\'s accuracy ' + cells.accuracy + ' and loss ' + cells.loss);
  }
  const points = await page.evaluate(() => document.querySelector('#sweep-curve polyline.accuracy')
    .getAttribute('points').trim().split(/\s+/).length);
  check(points === done.jobs_total, 'the curve has a point for each of the ' + done.jobs_total + ' verified tasks');
  check(await page.evaluate(() => window.__samePage === true), 'the results arrived without a reload');
  await checkLabelsAndHeading(page, 'ml sweep');
  await screenshot(page, 'ml-sweep');

  // A task's page: the API's verified quality, and its model for its owner.
  const first = done.jobs[0].intent_id;
  await page.click('#sweep-tasks tr[data-intent-id="' + first + '"] a');
  const task = (await api('GET', '/v1/ml/tasks/' + first)).json;
  await waitText(page, '#task-accuracy', figure(task.quality.accuracy));
  check(await textOf(page, '#task-loss') === figure(task.quality.loss), 'the task shows the API\'s accuracy and loss');
  const model = await fetch(base + '/v1/ml/tasks/' + first + '/model', {headers: {Authorization: 'Bearer '
    + client.token}});
  const size = (await model.arrayBuffer()).byteLength;
  const download = page.waitForEvent('download', {timeout: WAIT_MS});
  await page.click('#task-download');
  await download;
  await page.waitForSelector('#task-model-file', {timeout: WAIT_MS});
  check((await textOf(page, '#task-model-file')).endsWith('(' + size.toLocaleString('en') + ' bytes)'),
    'the owner downloads the model, as many bytes as the API gives (' + size + ')');
  await checkLabelsAndHeading(page, 'ml task');
  await screenshot(page, 'ml-task');
}

await inBrowser(async page => {
  const client = await signIn(keyText('POUW_CLIENT_KEY'));
  await market(page);
  await deadLetter(page, client);
  await ml(page, client);
});
