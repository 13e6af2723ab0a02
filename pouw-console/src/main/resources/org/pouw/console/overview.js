// Overview: mode, health, queue by status, fee pool, throughput and verification time. The figures come from the
// API; the event stream says when to read them again (no polling loop) and feeds the throughput line and the
// verification-time bars (each job.completed event's verify_ms: how long the node took to verify its proof).
import {get} from './api.js';
import {card, el, number, show} from './dom.js';
import {coalesce, subscribe} from './events.js';

const QUEUE = [['pending', 'pending_count'], ['in progress', 'in_progress_count'], ['completed', 'completed_count'],
  ['failed', 'failed_count'], ['expired', 'expired_count'], ['dead letter', 'dead_letter_count']];
const BUCKET_MS = 5000;
const BUCKETS = 60;

const VERIFICATIONS = 60;

// Completions per 5 s bucket, kept across view changes so the line does not restart each visit.
const completions = new Map();
// The verification times (ms) of the latest completed jobs, oldest first, kept across view changes too.
const verifications = [];

subscribe((type, event) => {
  if (type !== 'job.completed') return;
  const verifyMs = event.data?.verify_ms;
  if (Number.isInteger(verifyMs) && verifyMs >= 0) {
    verifications.push(verifyMs);
    if (verifications.length > VERIFICATIONS) verifications.shift();
  }
  const bucket = Math.floor((event.at_ms || Date.now()) / BUCKET_MS);
  completions.set(bucket, (completions.get(bucket) || 0) + 1);
  for (const key of completions.keys()) {
    if (key < bucket - BUCKETS) completions.delete(key);
  }
});

export function render(container) {
  const queue = el('div', {class: 'cards', id: 'queue'});
  const system = el('div', {class: 'cards', id: 'system'});
  const pool = el('div', {class: 'cards', id: 'fee-pool'});
  const rate = el('span', {class: 'value', id: 'throughput'}, '0');
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  line.setAttribute('class', 'spark');
  line.setAttribute('viewBox', '0 0 ' + BUCKETS + ' 60');
  line.setAttribute('preserveAspectRatio', 'none');
  line.setAttribute('role', 'img');
  line.setAttribute('aria-label', 'jobs completed per 5 seconds over the last 5 minutes');
  const verifyLatest = el('span', {class: 'value', id: 'verify-latest'}, '–');
  const verifyMedian = el('span', {class: 'value', id: 'verify-median'}, '–');
  const verifyBars = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  verifyBars.setAttribute('class', 'spark');
  verifyBars.setAttribute('id', 'verify-chart');
  verifyBars.setAttribute('viewBox', '0 0 ' + VERIFICATIONS + ' 60');
  verifyBars.setAttribute('preserveAspectRatio', 'none');
  verifyBars.setAttribute('role', 'img');
  verifyBars.setAttribute('aria-label', 'verification time of each of the last ' + VERIFICATIONS
    + ' completed jobs, one bar each, against the slowest of them');
  const error = el('p', {class: 'error', role: 'alert'});
  show(container, el('h1', {}, 'Overview'), error, el('h2', {}, 'Node'), system,
    el('h2', {}, 'Queue by status'), queue,
    el('h2', {}, 'Throughput'), el('div', {class: 'card'},
      el('span', {class: 'label'}, 'jobs completed a second, last minute (live from the event stream)'), rate), line,
    el('h2', {}, 'Verification time'), el('div', {class: 'cards'},
      el('div', {class: 'card'}, el('span', {class: 'label'}, 'latest job verified in (ms)'), verifyLatest),
      el('div', {class: 'card'}, el('span', {class: 'label'}, 'median of the last ' + VERIFICATIONS + ' (ms)'),
        verifyMedian)), verifyBars,
    el('h2', {}, 'Fee pool'), pool);

  const refresh = async () => {
    try {
      const [status, health, fees] = await Promise.all([get('/v1/pouw/system/status'), readiness(),
        get('/v1/pouw/pool')]);
      show(system, card('mode', status.pouw_mode, 'mode'), card('zk mode', status.zk_mode),
        card('health', health, 'health'), card('version', status.version),
        card('claiming', status.claiming ? status.claiming.claiming : '–'),
        card('last event', number(status.last_event_seq)));
      show(queue, QUEUE.map(([label, field]) => card(label, number(status.queue[field]), 'queue-' + field)));
      show(pool, card('balance', number(fees.balance), 'pool-balance'), card('reserved', number(fees.reserved)),
        card('total paid', number(fees.total_paid)), card('total refunded', number(fees.total_refunded)));
      error.textContent = '';
    } catch (e) {
      error.textContent = 'could not read the node: ' + e.message;
    }
  };
  const drawThroughput = () => {
    const now = Math.floor(Date.now() / BUCKET_MS);
    const counts = [];
    for (let b = now - BUCKETS + 1; b <= now; b++) counts.push(completions.get(b) || 0);
    const lastMinute = counts.slice(-12).reduce((a, b) => a + b, 0);
    rate.textContent = (lastMinute / 60).toFixed(2);
    const top = Math.max(1, ...counts);
    const polyline = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    polyline.setAttribute('points', counts.map((c, i) => i + ',' + (58 - 56 * c / top)).join(' '));
    line.replaceChildren(polyline);
  };
  const drawVerification = () => {
    if (verifications.length === 0) return;
    verifyLatest.textContent = number(verifications[verifications.length - 1]);
    const sorted = [...verifications].sort((a, b) => a - b);
    verifyMedian.textContent = number(sorted[Math.floor((sorted.length - 1) / 2)]);
    const top = Math.max(1, sorted[sorted.length - 1]);
    // One bar a job, the newest at the right edge, so the bars move leftwards as jobs complete; a bar shows from the
    // first job on, where a line would need two.
    const offset = VERIFICATIONS - verifications.length;
    verifyBars.replaceChildren(...verifications.map((ms, i) => {
      const bar = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      const height = Math.max(1, 56 * ms / top);
      bar.setAttribute('x', String(offset + i + 0.1));
      bar.setAttribute('width', '0.8');
      bar.setAttribute('y', String(58 - height));
      bar.setAttribute('height', String(height));
      return bar;
    }));
    verifyBars.setAttribute('data-points', String(verifications.length));
  };
  const later = coalesce(refresh);
  const unsubscribe = subscribe(type => {
    if (type.startsWith('job.') || type.startsWith('ledger.') || type === 'admin.action') later();
    if (type === 'job.completed') {
      drawThroughput();
      drawVerification();
    }
  });
  // The line moves with time even when nothing completes: redrawn from memory, the node is not asked.
  const clock = setInterval(drawThroughput, BUCKET_MS);
  refresh();
  drawThroughput();
  drawVerification();
  return () => {
    unsubscribe();
    clearInterval(clock);
  };
}

async function readiness() {
  try {
    const ready = await get('/readyz');
    return ready.status;
  } catch (e) {
    return e.code || 'unreachable';
  }
}
