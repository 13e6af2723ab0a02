// Market: what work costs and how fast it is served (GET /v1/pouw/market): each kind's price, each queue's depth and
// service levels over a window, and, signed in, the caller's own. Re-read when jobs are posted, claimed or finished
// (at most once a second; the node computes a window at most every 2 s anyway).
import {get, identity, onIdentity, query} from './api.js';
import {el, number, show, time} from './dom.js';
import {coalesce, subscribe} from './events.js';

const WINDOWS = [['300000', 'last 5 minutes'], ['3600000', 'last hour'], ['86400000', 'last day']];

export function render(container, parameters) {
  const windowMs = WINDOWS.some(([value]) => value === parameters.get('window_ms'))
    ? parameters.get('window_ms') : '3600000';
  const picker = el('select', {id: 'market-window'},
    WINDOWS.map(([value, label]) => el('option', {value, selected: value === windowMs}, label)));
  const summary = el('p', {id: 'market-summary', role: 'status'});
  const prices = el('tbody', {id: 'market-prices'});
  const queues = el('tbody', {id: 'market-queues'});
  const yours = el('tbody', {id: 'market-yours'});
  const yoursSection = el('section', {hidden: true}, el('h2', {}, 'Your jobs'),
    el('table', {}, serviceHead(), yours));
  const error = el('p', {class: 'error', role: 'alert'});
  show(container, el('h1', {}, 'Market'), error,
    el('form', {class: 'filters'}, el('label', {}, 'service levels over', picker)), summary,
    el('h2', {}, 'Prices'), el('table', {id: 'market-prices-table'}, el('thead', {}, el('tr', {},
      ['kind', 'price a 1,000 steps', 'follows demand'].map(h => el('th', {scope: 'col'}, h)))), prices),
    el('h2', {}, 'Queues: depth and service levels'), el('table', {id: 'market-queues-table'}, serviceHead(), queues),
    yoursSection);
  picker.addEventListener('change', () => {
    location.hash = '#/market' + query({window_ms: picker.value === '3600000' ? '' : picker.value});
  });
  const load = async () => {
    try {
      const market = await get('/v1/pouw/market' + query({window_ms: windowMs}));
      show(prices, market.kinds.map(kind => el('tr', {'data-kind': kind.kind}, el('td', {}, kind.kind),
        el('td', {class: 'num price'}, number(kind.base_price_per_1000_steps)),
        el('td', {}, kind.follows_demand ? 'yes' : 'no'))));
      show(queues, market.queues.length === 0 ? el('tr', {}, el('td', {colspan: 9}, 'no queues yet'))
        : market.queues.map(serviceRow));
      const mine = identity() && Array.isArray(market.yours);
      yoursSection.hidden = !mine;
      show(yours, mine ? market.yours.map(serviceRow) : []);
      summary.textContent = 'as of ' + time(market.as_of_ms) + ', ' + number(market.sampled_jobs)
        + ' completed jobs sampled' + (market.truncated ? ' (the latest 50,000 only)' : '');
      error.textContent = '';
    } catch (e) {
      error.textContent = 'could not read the market: ' + e.message;
    }
  };
  const later = coalesce(load, 1000);
  const unsubscribe = subscribe(type => {
    if (type === 'job.created' || type === 'job.claimed' || type === 'job.completed' || type === 'job.expired'
      || type === 'job.released' || type === 'job.cancelled') later();
  });
  const forget = onIdentity(load);
  load();
  return () => {
    unsubscribe();
    forget();
  };
}

function serviceHead() {
  return el('thead', {}, el('tr', {}, ['kind', 'tier', 'pending jobs', 'pending work units', 'leased', 'completed',
    'on time', 'time to proof p50', 'p95'].map(h => el('th', {scope: 'col'}, h))));
}

function serviceRow(queue) {
  // With nothing completed in the window the API's on-time share and times are placeholders, not measurements.
  const measured = queue.completed > 0;
  return el('tr', {'data-queue': queue.kind + '/' + queue.tier},
    el('td', {}, queue.kind), el('td', {}, queue.tier),
    el('td', {class: 'num pending'}, number(queue.pending_jobs)),
    el('td', {class: 'num'}, number(queue.pending_work_units)),
    el('td', {class: 'num leased'}, number(queue.leased_jobs)),
    el('td', {class: 'num completed'}, number(queue.completed)),
    el('td', {class: 'num'}, !measured || queue.on_time_permille === null || queue.on_time_permille === undefined
      ? '–' : (queue.on_time_permille / 10).toFixed(1) + ' %'),
    el('td', {class: 'num'}, measured ? duration(queue.time_to_proof_p50_ms) : '–'),
    el('td', {class: 'num'}, measured ? duration(queue.time_to_proof_p95_ms) : '–'));
}

function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  return ms < 10_000 ? number(ms) + ' ms' : (ms / 1000).toFixed(1) + ' s';
}
