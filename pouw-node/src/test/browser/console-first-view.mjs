// The console's first view measured in headless Chromium, for pouw-bench's ConsoleFirstViewBenchmark (not a test:
// it prints figures). Each round opens a fresh browser context (an empty cache, as a first visit) on the node at
// POUW_BASE, and measures
//   - the overview: time from navigation start until the queue shows the API's counts, and the bytes and requests
//     the browser counted on the wire (headers included; the open-ended event stream left out);
//   - the jobs view, opened from the menu: time until its first page of rows shows.
// One JSON line a round: {"round","overview_ms","bytes","requests","jobs_ms","jobs_rows"}.
import {createRequire} from 'node:module';
import path from 'node:path';

const env = name => {
  const value = process.env[name];
  if (!value) throw new Error(name + ' is not set');
  return value;
};
const base = env('POUW_BASE');
const rounds = Number(process.env.POUW_ROUNDS || '5');
const WAIT_MS = 120_000;
const {chromium} = createRequire(path.join(env('POUW_PLAYWRIGHT_DIR'), 'package.json'))('playwright-core');
const browser = await chromium.launch({executablePath: env('POUW_CHROMIUM'), headless: true});
try {
  for (let round = 1; round <= rounds; round++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const status = await (await fetch(base + '/v1/pouw/system/status')).json();
    await page.goto(base + '/', {timeout: WAIT_MS});
    await page.waitForFunction(pending => document.getElementById('queue-pending_count')?.textContent === pending,
      Number(status.queue.pending_count).toLocaleString('en'), {timeout: WAIT_MS});
    const overview = await page.evaluate(() => {
      const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
        .filter(entry => !entry.name.includes('/v1/pouw/events'));
      return {ms: Math.round(performance.now()), bytes: entries.reduce((sum, entry) => sum + entry.transferSize, 0),
        requests: entries.length};
    });
    const started = await page.evaluate(() => performance.now());
    await page.click('#nav-jobs');
    await page.waitForSelector('#jobs-rows tr[data-job-id]', {timeout: WAIT_MS});
    const jobs = await page.evaluate(start => ({ms: Math.round(performance.now() - start),
      rows: document.querySelectorAll('#jobs-rows tr[data-job-id]').length}), started);
    console.log(JSON.stringify({round, overview_ms: overview.ms, bytes: overview.bytes, requests: overview.requests,
      jobs_ms: jobs.ms, jobs_rows: jobs.rows}));
    await context.close();
  }
} finally {
  await browser.close();
}
