// Pool (docs/api.md "The pool", docs/console.md "Pool"): the node's mining pool as the node reads it — the totals for
// everyone (GET /v1/pool/status: miners, shares accepted and refused by reason, hash-rate, credited difficulty) and,
// for the node's admin key only, the most recently active miners (GET /v1/pool/miners: a pool's miners are its
// customers). The pool's shares reach the pool, not the node, so the node's event stream says nothing when a share
// is taken: the view reads again every REFRESH_MS while it is open, and stops when the reader leaves it. The node
// serves one read of the pool for 3 s to every caller, so pages open anywhere add no load on the pool.
import {ApiError, get, identity, isAdmin, onIdentity} from './api.js';
import {card, el, number, show, time} from './dom.js';

const REFRESH_MS = 5000;
const HEADINGS = ['miner', 'last share', 'difficulty', 'reputation', 'probation'];

export function render(container) {
  const error = el('p', {class: 'error', role: 'alert', id: 'pool-error'});
  const cards = el('div', {class: 'cards', id: 'pool-status'});
  const refused = el('tbody', {id: 'pool-refused'});
  const message = el('p', {id: 'pool-message', role: 'status'});
  const miners = el('tbody', {id: 'pool-miners'});
  const read = el('p', {class: 'note', id: 'pool-read'});
  show(container, el('h1', {}, 'Pool'), error, cards,
    el('h2', {}, 'Shares refused, by reason'),
    el('table', {id: 'pool-refused-table'}, el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'reason'),
      el('th', {scope: 'col', class: 'num'}, 'shares'))), refused),
    el('h2', {}, 'Miners'), message,
    el('table', {id: 'pool-miners-table'}, el('thead', {}, el('tr', {},
      HEADINGS.map(h => el('th', {scope: 'col'}, h)))), miners),
    read);
  // One read at a time; a sign-in during a read asks for another right after it, so the miners show at once.
  let busy = false;
  let again = false;
  const load = async () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        await loadStatus();
        await loadMiners();
      } while (again);
    } finally {
      busy = false;
    }
  };
  const loadStatus = async () => {
    try {
      const s = await get('/v1/pool/status');
      const d = s.difficulty;
      show(cards, card('pool', s.pool, 'pool-name'),
        card('miners active', number(s.miners_active), 'pool-miners-active'),
        card('miners known', number(s.miners_known), 'pool-miners-known'),
        card('shares accepted', number(s.shares_accepted), 'pool-accepted'),
        card('shares refused', number(Object.values(s.shares_rejected).reduce((a, b) => a + b, 0)), 'pool-refused-total'),
        card('hash-rate', hashRate(s.hashrate_estimate), 'pool-hashrate'),
        card('difficulty p50 / p99', d ? number(d.p50) + ' / ' + number(d.p99) : '–', 'pool-difficulty'),
        card('largest difficulty', d ? number(d.max) : '–', 'pool-difficulty-max'),
        card('uptime', duration(s.uptime_ms)));
      const reasons = Object.entries(s.shares_rejected);
      show(refused, reasons.length === 0 ? el('tr', {}, el('td', {colspan: 2}, 'none refused'))
        : reasons.map(([reason, n]) => el('tr', {}, el('td', {}, reason), el('td', {class: 'num'}, number(n)))));
      read.textContent = 'Read from the pool at ' + time(s.read_at_ms) + (d ? '; difficulty of its last '
        + number(d.shares) + ' accepted shares, in expected hashes' : '') + '. Refreshed every '
        + REFRESH_MS / 1000 + ' s while this view is open.';
      error.textContent = '';
    } catch (e) {
      show(cards);
      show(refused);
      read.textContent = '';
      error.textContent = e instanceof ApiError && e.code === 'pool_disabled'
        ? 'This node has no mining pool (mining_pool.enabled = false).'
        : 'could not read the pool: ' + e.message;
    }
  };
  const loadMiners = async () => {
    if (!identity()) {
      message.textContent = 'Sign in with the node\'s admin key to see the pool\'s miners.';
      show(miners);
      return;
    }
    if (!isAdmin()) {
      message.textContent = 'Only the node\'s admin key may see the pool\'s miners.';
      show(miners);
      return;
    }
    try {
      const list = (await get('/v1/pool/miners?limit=100')).miners;
      message.textContent = number(list.length) + (list.length === 1 ? ' miner' : ' miners')
        + ' with an accepted share in the last 10 minutes, newest first';
      show(miners, list.length === 0 ? el('tr', {}, el('td', {colspan: HEADINGS.length}, 'no miners'))
        : list.map(m => el('tr', {}, el('td', {class: 'did'}, m.miner), el('td', {}, time(m.last_share_at_ms)),
          el('td', {class: 'num'}, number(m.difficulty)),
          el('td', {class: 'num'}, m.miner_reputation === undefined ? '–'
            : Math.round(m.miner_reputation * 1000) / 10 + ' %'),
          el('td', {}, m.probation === undefined ? '–' : m.probation ? 'yes' : 'no'))));
    } catch (e) {
      message.textContent = e instanceof ApiError && e.status === 403
        ? 'Only the node\'s admin key may see the pool\'s miners.' : 'could not list the miners: ' + e.message;
      show(miners);
    }
  };
  const stopIdentity = onIdentity(() => load());
  const timer = setInterval(load, REFRESH_MS);
  load();
  return () => {
    stopIdentity();
    clearInterval(timer);
  };
}

/** Expected hashes a second, with a unit a person reads at a glance. */
function hashRate(perSecond) {
  const units = ['H/s', 'kH/s', 'MH/s', 'GH/s', 'TH/s', 'PH/s'];
  let value = perSecond;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return (value >= 100 || unit === 0 && Number.isInteger(value) ? Math.round(value) : value.toPrecision(3)) + ' '
    + units[unit];
}

function duration(ms) {
  const s = Math.floor(ms / 1000);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min';
  return Math.floor(s / 3600) + ' h ' + Math.floor(s % 3600 / 60) + ' min';
}
