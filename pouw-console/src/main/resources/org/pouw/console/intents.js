// Intents: the signed-in client's own, newest first, a page of GET /v1/intents at a time (bearer). The address keeps
// the cursors of the pages before this one (`?pages=c1,c2`), so "newer" goes back a page and a reload shows the same;
// `?kind=` keeps the intents with a job of that kind (the select lists the node's kinds).
import {get, identity, onIdentity, query} from './api.js';
import {el, number, show, time} from './dom.js';
import {coalesce, subscribe} from './events.js';

const PAGE = 20;

export function render(container, parameters) {
  const trail = (parameters.get('pages') || '').split(',').filter(Boolean);
  const cursor = trail.length === 0 ? null : trail[trail.length - 1];
  const chosen = parameters.get('kind') || '';
  const kind = el('select', {name: 'kind', id: 'intents-kind'}, el('option', {value: ''}, 'any'));
  get('/v1/pouw/system/status').then(s => {
    for (const name of s.kinds || []) kind.append(el('option', {value: name, selected: name === chosen}, name));
  }).catch(() => {});
  kind.addEventListener('change', () => { location.hash = '#/intents' + query({kind: kind.value}); });
  const body = el('tbody', {id: 'intents-rows'});
  const summary = el('p', {id: 'intents-count', role: 'status'});
  const previous = el('button', {type: 'button', id: 'intents-previous', disabled: trail.length === 0}, '← newer');
  const next = el('button', {type: 'button', id: 'intents-next', disabled: true}, 'older →');
  const error = el('p', {class: 'error', role: 'alert'});
  show(container, el('h1', {}, 'Your intents'), el('label', {}, 'with a job of kind', kind), error, summary,
    el('table', {id: 'intents-table'}, el('thead', {}, el('tr', {},
      ['intent', 'status', 'tier', 'fee', 'steps', 'output', 'jobs', 'created'].map(h => el('th', {scope: 'col'}, h)))),
    body),
    el('div', {class: 'pager'}, previous, next));
  let ids = [];
  let nextCursor = null;
  const load = async () => {
    const did = identity();
    if (!did) {
      summary.textContent = 'Sign in with your key (top right) to see your intents.';
      show(body);
      next.disabled = true;
      return;
    }
    try {
      const page = await get('/v1/intents' + query({limit: PAGE, cursor, kind: chosen}));
      ids = page.intents.map(intent => intent.intent_id);
      nextCursor = page.next_cursor;
      show(body, page.intents.length === 0
        ? el('tr', {}, el('td', {colspan: 8}, 'no intents'))
        : page.intents.map(row));
      const first = trail.length * PAGE;
      summary.textContent = 'Intents of ' + did + (ids.length === 0 ? '' : ', newest first: '
        + number(first + 1) + ' to ' + number(first + ids.length));
      next.disabled = nextCursor === null;
      error.textContent = '';
    } catch (e) {
      error.textContent = 'could not list your intents: ' + e.message;
    }
  };
  next.addEventListener('click', () => {
    if (nextCursor === null) return;
    location.hash = '#/intents' + query({kind: chosen, pages: [...trail, nextCursor].join(',')});
  });
  previous.addEventListener('click', () => {
    location.hash = '#/intents' + query({kind: chosen, pages: trail.slice(0, -1).join(',')});
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
