// The console's live charts driven in a real headless Chromium against a live node (ConsoleLiveChartsBrowserIT;
// docs/console.md): the overview's verification-time line takes the verify_ms of a job verified while it is open,
// and an ML task's page draws the training loss its lease holder reports, point by point, as the ml.task.progress
// events arrive — no reload. ConsoleLiveChartsBrowserIT has posted the task (POUW_TASK_INTENT) and a program intent
// whose worker it starts when this script writes POUW_VERIFY_NOW. Exit 0 and "console-check: passed" only when
// every check held.
import {writeFileSync} from 'node:fs';
import {api, base, check, env, inBrowser, keyText, screenshot, signIn, WAIT_MS} from './console-kit.mjs';

/** Every event of the log so far, parsed (the stream ends after `limit` events, all of which exist). */
async function events() {
  const last = (await api('GET', '/v1/pouw/system/status')).json.last_event_seq;
  const text = await (await fetch(base + '/v1/pouw/events?limit=' + last)).text();
  return text.split('\n').filter(line => line.startsWith('data:')).map(line => JSON.parse(line.slice(5)));
}

/** Reports a step as the lease holder, waiting out the node's one-report-a-second bound when it says so. */
async function report(worker, job, step, loss) {
  for (let tries = 0; tries < 20; tries++) {
    const reply = await fetch(base + '/v1/pouw/jobs/' + job.job_id + '/progress', {method: 'POST',
      headers: {'Content-Type': 'application/json', Authorization: 'Bearer ' + worker.token},
      body: JSON.stringify({lease_token: job.lease.token, step, loss})});
    if (reply.status === 200) return (await reply.json()).event_seq;
    if (reply.status !== 429) throw new Error('progress refused: ' + reply.status + ' ' + await reply.text());
    // the wait the node named, not a guess: the report is heard once it is over
    await new Promise(resolve => setTimeout(resolve, 1000 * Number(reply.headers.get('retry-after') || 1)));
  }
  throw new Error('progress of step ' + step + ' still refused after 20 waits');
}

async function overview(page) {
  await page.goto(base + '/#/overview', {timeout: WAIT_MS});
  await page.waitForSelector('#verify-chart', {timeout: WAIT_MS});
  await page.waitForFunction(() => document.getElementById('stream-state').textContent.endsWith('live'), null,
    {timeout: WAIT_MS});
  check(await page.textContent('#verify-latest') === '–', 'before any completion the verification time shows none');
  // The page is following the stream from now on: the worker may verify the job.
  writeFileSync(env('POUW_VERIFY_NOW'), 'now');
  await page.waitForFunction(() => document.getElementById('verify-chart').getAttribute('data-points') === '1', null,
    {timeout: WAIT_MS});
  const completed = (await events()).filter(e => e.type === 'job.completed');
  check(completed.length === 1 && Number.isInteger(completed[0].data.verify_ms),
    'the API\'s job.completed carries verify_ms ' + JSON.stringify(completed.map(e => e.data.verify_ms)));
  const want = Number(completed[0].data.verify_ms).toLocaleString('en');
  check(await page.textContent('#verify-latest') === want && await page.textContent('#verify-median') === want,
    'the overview shows the event\'s verification time, ' + want + ' ms, without a reload');
  check(await page.evaluate(() => document.querySelectorAll('#verify-chart rect').length === 1
    && Number(document.querySelector('#verify-chart rect').getAttribute('height')) >= 1),
  'the verification time is drawn, one bar for the one job');
  check(Number(await page.textContent('#throughput')) > 0, 'the throughput counts the completion');
  await screenshot(page, 'overview-live');
}

async function taskPage(page, worker, job) {
  const intent = env('POUW_TASK_INTENT');
  await page.evaluate(id => { location.hash = '#/ml?task=' + id; }, intent);
  await page.waitForFunction(() => document.getElementById('task-status')?.textContent === 'in_progress', null,
    {timeout: WAIT_MS});
  check(await page.textContent('#task-progress-legend') === 'no training progress reported since this page opened',
    'the task page shows no training progress yet');
  const losses = [[5, 2.0], [10, 1.25], [20, 0.5]];
  for (let i = 0; i < losses.length; i++) {
    const [step, loss] = losses[i];
    await report(worker, job, step, loss);
    await page.waitForFunction(n => document.getElementById('task-progress-curve').getAttribute('data-points') === n,
      String(i + 1), {timeout: WAIT_MS});
  }
  const published = (await events()).filter(e => e.type === 'ml.task.progress' && e.intent_id === intent);
  check(published.map(e => e.data.step + ':' + e.data.loss).join(',') === '5:2,10:1.25,20:0.5',
    'the API published the three reports as ml.task.progress events');
  const points = (await page.getAttribute('#task-progress-curve polyline', 'points')).split(' ')
    .map(point => point.split(',').map(Number));
  // x spans the steps reported (5 → 0, 20 → 100); y is the loss against the largest (2.0 at the top, y = 2).
  const expected = [[0, 2], [100 * 5 / 15, 50 - 48 * 1.25 / 2], [100, 50 - 48 * 0.5 / 2]];
  check(points.length === 3 && points.every((p, i) => Math.abs(p[0] - expected[i][0]) < 0.01
    && Math.abs(p[1] - expected[i][1]) < 0.01), 'the loss curve is the reports, drawn live: ' + JSON.stringify(points));
  check(await page.textContent('#task-progress-legend')
    === '3 reports from attempt 1; step 20, loss 0.5000 (drawn against its largest, 2.0000)',
  'the legend names the latest report');
  check(await page.evaluate(() => document.querySelectorAll('main h1').length === 1), 'the task page has one h1');
  await screenshot(page, 'ml-task-progress');
}

await inBrowser(async page => {
  // The test's prover holds the task's lease; the worker the IT starts runs only programs.
  const worker = await signIn(keyText('POUW_WORKER_KEY'));
  const claimed = await api('POST', '/v1/pouw/jobs/claim', {kinds: ['ml-train'], max_jobs: 1, lease_ms: 600000},
    worker.token);
  if (claimed.status !== 200) throw new Error('claim refused: ' + claimed.status + ' ' + JSON.stringify(claimed.json));
  await overview(page);
  await taskPage(page, worker, claimed.json.jobs[0]);
});
