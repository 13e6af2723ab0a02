// The web console driven as a person would use it, in a real headless Chromium (ConsoleBrowserIT starts the node and
// runs this script; docs/console.md). Every wait ends as soon as its condition holds, with a generous bound, so a
// loaded machine makes it slower, never wrong. Exit 0 and the last line "console-check: passed" only when every
// check held; otherwise the first failure is printed and the exit status is 1.
import {api, base, check, inBrowser, keyText, postIntent, screenshot, signIn, WAIT_MS} from './console-kit.mjs';

const PAYLOAD = '<img src=x onerror="window.__xss = 1"><script>window.__xss = 2</script>';

await inBrowser(async (page, refusals) => {
  const client = await signIn(keyText('POUW_CLIENT_KEY'));
  await postIntent(client.token, 3);
  await postIntent(client.token, 5);

  // Overview: the same queue counts as the API.
  await page.goto(base + '/', {timeout: WAIT_MS});
  const status = (await api('GET', '/v1/pouw/system/status')).json;
  const fields = ['pending_count', 'in_progress_count', 'completed_count', 'failed_count', 'expired_count',
    'dead_letter_count'];
  await page.waitForFunction(([queue, names]) => names.every(name => {
    const shown = document.getElementById('queue-' + name);
    return shown && shown.textContent === Number(queue[name]).toLocaleString('en');
  }), [status.queue, fields], {timeout: WAIT_MS});
  check(status.queue.pending_count >= 2, 'overview shows the API\'s queue counts ' + JSON.stringify(status.queue));
  check(await page.textContent('#mode') === status.pouw_mode, 'overview shows the mode ' + status.pouw_mode);
  const pool = (await api('GET', '/v1/pouw/pool')).json;
  await page.waitForFunction(balance => {
    const shown = document.getElementById('pool-balance');
    return shown && shown.textContent === balance;
  }, Number(pool.balance).toLocaleString('en'), {timeout: WAIT_MS});
  check(true, 'overview shows the API\'s fee pool balance ' + pool.balance);
  await page.waitForFunction(() => document.getElementById('stream-state').textContent.endsWith('live'), null,
    {timeout: WAIT_MS});
  check(true, 'the event stream is live');
  // The queue follows the event stream: a job posted now shows in the pending count without a reload.
  await page.evaluate(() => { window.__samePage = true; });
  await postIntent(client.token, 4);
  const pendingNow = (await api('GET', '/v1/pouw/system/status')).json.queue.pending_count;
  await page.waitForFunction(count => document.getElementById('queue-pending_count').textContent === count,
    Number(pendingNow).toLocaleString('en'), {timeout: WAIT_MS});
  check(await page.evaluate(() => window.__samePage === true),
    'the overview\'s pending count followed the event stream to ' + pendingNow + ' without a reload');
  await screenshot(page, 'overview');
  // The first view's weight (issue 29: under 300 KB): the page, every file it loaded and the API reads so far, as
  // the browser counted them on the wire (headers included); the event stream is open-ended and left out.
  const weight = await page.evaluate(() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .filter(entry => !entry.name.includes('/v1/pouw/events'));
    return {bytes: entries.reduce((sum, entry) => sum + entry.transferSize, 0), requests: entries.length};
  });
  console.log('first view: ' + weight.bytes + ' bytes transferred in ' + weight.requests + ' requests');
  check(weight.bytes > 0 && weight.bytes < 300 * 1024, 'the first view transfers ' + weight.bytes + ' bytes (< 300 KB)');

  // Jobs: a job posted through the API appears without a reload.
  await page.evaluate(() => { window.__samePage = true; });
  await page.click('#nav-jobs');
  await page.waitForSelector('#jobs-rows tr[data-job-id]', {timeout: WAIT_MS});
  const posted = await postIntent(client.token, 7);
  await page.waitForSelector('#jobs-rows tr[data-job-id="' + posted + '"]', {timeout: WAIT_MS});
  check(await page.evaluate(() => window.__samePage === true), 'job ' + posted + ' appeared in the jobs view without a reload');
  await screenshot(page, 'jobs');

  // Paging is the server's: two rows a page, "next" follows the API's cursor, "previous" comes back.
  // The console lists newest first.
  const firstTwo = (await api('GET', '/v1/pouw/jobs?order=newest&limit=2')).json;
  const secondTwo = (await api('GET', '/v1/pouw/jobs?order=newest&limit=2&cursor=' + firstTwo.next_cursor)).json;
  const shownIds = () => page.evaluate(() => [...document.querySelectorAll('#jobs-rows tr[data-job-id]')]
    .map(row => row.getAttribute('data-job-id')).join(','));
  const ids = reply => reply.jobs.map(job => job.job_id).join(',');
  await page.evaluate(() => { location.hash = '#/jobs?limit=2'; });
  await page.waitForFunction(expected => [...document.querySelectorAll('#jobs-rows tr[data-job-id]')]
    .map(row => row.getAttribute('data-job-id')).join(',') === expected, ids(firstTwo), {timeout: WAIT_MS});
  await page.click('#jobs-next');
  await page.waitForFunction(expected => [...document.querySelectorAll('#jobs-rows tr[data-job-id]')]
    .map(row => row.getAttribute('data-job-id')).join(',') === expected, ids(secondTwo), {timeout: WAIT_MS});
  check(await page.textContent('#jobs-page') === 'page 2', 'next shows the API\'s second page ' + await shownIds());
  await page.click('#jobs-previous');
  await page.waitForFunction(expected => [...document.querySelectorAll('#jobs-rows tr[data-job-id]')]
    .map(row => row.getAttribute('data-job-id')).join(',') === expected, ids(firstTwo), {timeout: WAIT_MS});
  check(true, 'previous comes back to the first page');
  await page.evaluate(() => { location.hash = '#/jobs?tier=macro'; });
  await page.waitForFunction(() => document.querySelector('#jobs-rows td[colspan]')?.textContent === 'no jobs', null,
    {timeout: WAIT_MS});
  check(true, 'the tier filter goes to the API (no macro jobs were posted)');

  // A failure reason with markup in it shows as text: no element made, no script run.
  const worker = await signIn(keyText('POUW_WORKER_KEY'));
  const claimed = await api('POST', '/v1/pouw/jobs/claim', {max_jobs: 1}, worker.token);
  if (claimed.status !== 200) throw new Error('claim refused: ' + claimed.status + ' ' + JSON.stringify(claimed.json));
  const job = claimed.json.jobs[0];
  const failed = await api('POST', '/v1/pouw/jobs/' + job.job_id + '/fail', {lease_token: job.lease.token,
    reason: PAYLOAD}, worker.token);
  if (failed.status !== 200) throw new Error('fail refused: ' + failed.status + ' ' + JSON.stringify(failed.json));
  await page.evaluate(id => { location.hash = '#/jobs/' + id; }, job.job_id);
  await page.waitForFunction(payload => [...document.querySelectorAll('#job-attempts td.reason')]
    .some(cell => cell.textContent === payload), PAYLOAD, {timeout: WAIT_MS});
  check(await page.evaluate(() => document.querySelectorAll('main img, main script').length === 0),
    'the failure reason made no element');
  check(await page.evaluate(() => window.__xss === undefined), 'the failure reason ran no script');
  await screenshot(page, 'job');

  // A held lease counts down on the job's page.
  const leased = await api('POST', '/v1/pouw/jobs/claim', {max_jobs: 1, lease_ms: 600000}, worker.token);
  if (leased.status !== 200) throw new Error('claim refused: ' + leased.status + ' ' + JSON.stringify(leased.json));
  await page.evaluate(id => { location.hash = '#/jobs/' + id; }, leased.json.jobs[0].job_id);
  await page.waitForFunction(() => /^[0-9]+ s left/.test(document.getElementById('lease-countdown')?.textContent || ''),
    null, {timeout: WAIT_MS});
  const first = parseInt(await page.textContent('#lease-countdown'), 10);
  check(first > 0 && first <= 600, 'the lease countdown shows ' + first + ' s left');
  await page.waitForFunction(start => parseInt(document.getElementById('lease-countdown').textContent, 10) < start,
    first, {timeout: WAIT_MS});
  check(true, 'the lease countdown moves');

  // Sign-in in the page: a key that is not the did's is refused, the right one works.
  refusals.expected = 1;
  await page.fill('#key-file', keyText('POUW_WRONG_KEY'));
  await page.click('#sign-in');
  await page.waitForFunction(() => document.getElementById('sign-in-message').textContent.startsWith('sign-in refused'),
    null, {timeout: WAIT_MS});
  check(await page.$('#signed-in-as') === null, 'a key that does not match the did is refused');
  await page.fill('#key-file', keyText('POUW_WORKER_KEY'));
  await page.click('#sign-in');
  await page.waitForSelector('#signed-in-as', {timeout: WAIT_MS});
  check(await page.textContent('#signed-in-as') === worker.did, 'the right key signs in as ' + worker.did);
  check(await page.evaluate(() => localStorage.length === 0 && sessionStorage.length === 0 && document.cookie === ''),
    'nothing of the key or token is stored in the browser');
  check(refusals.expected === 0, 'the wrong key\'s 401 was seen');
});
