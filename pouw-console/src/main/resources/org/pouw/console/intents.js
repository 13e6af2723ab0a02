// Intents: the signed-in client's own, newest first. The API has no list of a client's intents, but every intent
// reserves its fee in a ledger entry keyed `fee:<intent id>` on the client's account, so the client's latest account
// entries (GET /v1/ledger/accounts/{did}) name its latest intents, and each is read as the client may read it
// (GET /v1/intents/{id}, bearer). Only what the public API gives; the list reaches back over the account's latest
// LOOKBACK entries.
import {get, identity, onIdentity, query} from './api.js';
import {el, number, show, time} from './dom.js';
import {coalesce, subscribe} from './events.js';

const LOOKBACK = 500;
const PAGE = 20;

export function render(container, parameters) {
  const offset = Math.max(0, parseInt(parameters.get('from'), 10) || 0);
  const body = el('tbody', {id: 'intents-rows'});
  const summary = el('p', {id: 'intents-count', role: 'status'});
  const previous = el('button', {type: 'button', id: 'intents-previous', disabled: offset === 0}, '← newer');
  const next = el('button', {type: 'button', id: 'intents-next', disabled: true}, 'older →');
  const error = el('p', {class: 'error', role: 'alert'});
  show(container, el('h1', {}, 'Your intents'), error, summary,
    el('table', {id: 'intents-table'}, el('thead', {}, el('tr', {},
      ['intent', 'status', 'tier', 'fee', 'steps', 'output', 'jobs', 'created'].map(h => el('th', {scope: 'col'}, h)))),
    body),
    el('div', {class: 'pager'}, previous, next));
  let ids = [];
  const load = async () => {
    const did = identity();
    if (!did) {
      summary.textContent = 'Sign in with your key (top right) to see your intents.';
      show(body);
      next.disabled = true;
      return;
    }
    try {
      const account = await get('/v1/ledger/accounts/' + encodeURIComponent(did) + query({limit: LOOKBACK}));
      ids = account.recent_entries.filter(e => e.kind === 'fee_reserved' && e.key.startsWith('fee:'))
        .map(e => e.key.slice('fee:'.length));
      const shown = ids.slice(offset, offset + PAGE);
      const intents = await Promise.all(shown.map(id => get('/v1/intents/' + encodeURIComponent(id))));
      show(body, intents.length === 0
        ? el('tr', {}, el('td', {colspan: 8}, 'no intents'))
        : intents.map(row));
      summary.textContent = number(ids.length) + ' intents of ' + did + (ids.length === 0 ? '' : ', showing '
        + number(offset + 1) + ' to ' + number(offset + shown.length));
      next.disabled = offset + PAGE >= ids.length;
      error.textContent = '';
    } catch (e) {
      error.textContent = 'could not list your intents: ' + e.message;
    }
  };
  next.addEventListener('click', () => {
    location.hash = '#/intents' + query({from: offset + PAGE});
  });
  previous.addEventListener('click', () => {
    location.hash = '#/intents' + query({from: Math.max(0, offset - PAGE) || ''});
  });
  const later = coalesce(load);
  const unsubscribe = subscribe((type, event) => {
    if (type.startsWith('intent.') || (type === 'job.completed' && ids.includes(event.intent_id))) later();
  });
  const forget = onIdentity(load);
  load();
  return () => {
    unsubscribe();
    forget();
  };
}

function row(intent) {
  const done = intent.jobs.filter(job => job.status === 'completed').length;
  return el('tr', {'data-intent-id': intent.intent_id},
    el('td', {}, el('a', {href: '#/jobs' + query({intent_id: intent.intent_id}), class: 'mono'}, intent.intent_id)),
    el('td', {class: 'status'}, intent.status), el('td', {}, intent.tier), el('td', {class: 'num'}, number(intent.fee)),
    el('td', {class: 'num'}, number(intent.steps)),
    el('td', {class: 'mono'}, intent.output === null || intent.output === undefined ? '–'
      : JSON.stringify(intent.output)),
    el('td', {class: 'num jobs'}, done + ' of ' + intent.jobs.length + ' proven'),
    el('td', {}, time(intent.created_at_ms)));
}
