// Jobs: a page of GET /v1/pouw/jobs at a time (the server pages by cursor; the console never loads the whole list),
// newest first unless asked otherwise, filtered by status, kind, tier and prover; and one job's page with its
// attempts, lease countdown and verdicts. New and changed jobs show without a reload: the event stream says which to
// read again.
import {get, query} from './api.js';
import {el, number, show, time} from './dom.js';
import {coalesce, subscribe} from './events.js';

const STATUSES = ['', 'pending', 'in_progress', 'completed', 'failed', 'expired', 'dead_letter'];
const TIERS = ['', 'micro', 'macro', 'full'];
const PAGE = 25;

export function renderList(container, parameters) {
  const filter = {status: parameters.get('status') || '', kind: parameters.get('kind') || '',
    tier: parameters.get('tier') || '', prover: parameters.get('prover') || '',
    order: parameters.get('order') === 'oldest' ? 'oldest' : 'newest', intent_id: parameters.get('intent_id') || ''};
  // Rows a page: 25 unless the address asks for another number (1 to 500, the API's bound).
  const limit = Math.min(500, Math.max(1, parseInt(parameters.get('limit'), 10) || PAGE));
  // The cursors of the pages before this one, so "previous" goes back without the server keeping anything.
  const cursors = [];
  let cursor = '';
  const status = el('select', {name: 'status', id: 'filter-status'},
    STATUSES.map(s => el('option', {value: s, selected: s === filter.status}, s === '' ? 'any' : s)));
  const kind = el('select', {name: 'kind', id: 'filter-kind'}, el('option', {value: ''}, 'any'));
  const tier = el('select', {name: 'tier', id: 'filter-tier'},
    TIERS.map(t => el('option', {value: t, selected: t === filter.tier}, t === '' ? 'any' : t)));
  const prover = el('input', {type: 'text', name: 'prover', id: 'filter-prover', value: filter.prover,
    placeholder: 'did:key:z6Mk…', spellcheck: 'false', autocomplete: 'off', size: 30});
  const order = el('select', {name: 'order', id: 'filter-order'},
    ['newest', 'oldest'].map(o => el('option', {value: o, selected: o === filter.order}, o + ' first')));
  const form = el('form', {class: 'filters', role: 'search', 'aria-label': 'filter jobs'},
    el('label', {}, 'status', status), el('label', {}, 'kind', kind), el('label', {}, 'tier', tier),
    el('label', {}, 'prover (did that claimed it)', prover), el('label', {}, 'order', order),
    el('button', {type: 'submit'}, 'Filter'));
  const body = el('tbody', {id: 'jobs-rows'});
  const table = el('table', {id: 'jobs-table'}, el('thead', {}, el('tr', {},
    ['job', 'kind', 'tier', 'status', 'attempts', 'fee budget', 'created'].map(h => el('th', {scope: 'col'}, h)))),
  body);
  const previous = el('button', {type: 'button', id: 'jobs-previous'}, '← previous');
  const next = el('button', {type: 'button', id: 'jobs-next'}, 'next →');
  const where = el('span', {id: 'jobs-page'});
  const error = el('p', {class: 'error', role: 'alert'});
  show(container, el('h1', {}, 'Jobs'), filter.intent_id ? el('p', {id: 'jobs-intent'}, 'of intent ',
    el('code', {}, filter.intent_id)) : null, form, error, table, el('div', {class: 'pager'}, previous, where, next));

  get('/v1/pouw/system/status').then(s => {
    for (const name of s.kinds || []) kind.append(el('option', {value: name, selected: name === filter.kind}, name));
  }).catch(() => {});

  let nextCursor = null;
  const load = async () => {
    try {
      const page = await get('/v1/pouw/jobs' + query({status: filter.status, kind: filter.kind, tier: filter.tier,
        prover: filter.prover, order: filter.order, intent_id: filter.intent_id, limit, cursor}));
      show(body, page.jobs.length === 0
        ? el('tr', {}, el('td', {colspan: 7}, 'no jobs'))
        : page.jobs.map(row));
      nextCursor = page.next_cursor;
      next.disabled = !nextCursor;
      previous.disabled = cursors.length === 0;
      where.textContent = 'page ' + (cursors.length + 1);
      error.textContent = '';
    } catch (e) {
      error.textContent = 'could not list jobs: ' + e.message;
    }
  };
  form.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = '#/jobs' + query({status: status.value, kind: kind.value, tier: tier.value,
      prover: prover.value.trim(), order: order.value === 'newest' ? '' : order.value, intent_id: filter.intent_id,
      limit: limit === PAGE ? '' : limit});
  });
  next.addEventListener('click', () => {
    if (!nextCursor) return;
    cursors.push(cursor);
    cursor = nextCursor;
    load();
  });
  previous.addEventListener('click', () => {
    cursor = cursors.pop() || '';
    load();
  });
  const later = coalesce(load);
  const unsubscribe = subscribe(type => {
    if (type.startsWith('job.')) later();
  });
  load();
  return unsubscribe;
}

function row(job) {
  return el('tr', {'data-job-id': job.job_id},
    el('td', {}, el('a', {href: '#/jobs/' + encodeURIComponent(job.job_id), class: 'mono'}, job.job_id)),
    el('td', {}, job.kind), el('td', {}, job.tier), el('td', {class: 'status'}, job.status),
    el('td', {class: 'num'}, number(job.attempts)), el('td', {class: 'num'}, number(job.fee_budget)),
    el('td', {}, time(job.created_at_ms)));
}

export function renderJob(container, jobId) {
  const facts = el('dl', {class: 'facts', id: 'job-facts'});
  const attempts = el('tbody', {id: 'job-attempts'});
  const countdown = el('span', {id: 'lease-countdown'}, '–');
  const error = el('p', {class: 'error', role: 'alert'});
  show(container, el('h1', {}, 'Job ', el('code', {}, jobId)), error, facts,
    el('p', {}, 'lease: ', countdown),
    el('h2', {}, 'Attempts and verdicts'),
    el('table', {}, el('thead', {}, el('tr', {},
      ['attempt', 'prover', 'started', 'ended', 'outcome', 'reason'].map(h => el('th', {scope: 'col'}, h)))),
    attempts),
    el('p', {}, el('a', {href: '#/jobs'}, '← all jobs')));
  let leaseEnds = null;
  const load = async () => {
    try {
      const path = '/v1/pouw/jobs/' + encodeURIComponent(jobId);
      const [job, history] = await Promise.all([get(path), get(path + '/history')]);
      const fact = (label, value) => [el('dt', {}, label), el('dd', {}, value)];
      show(facts, fact('status', el('span', {id: 'job-status'}, job.status)), fact('kind', job.kind),
        fact('tier', job.tier), fact('intent', el('code', {}, job.intent_id)),
        fact('requester', el('code', {}, job.requester)),
        fact('fee budget', number(job.fee_budget)), fact('reward budget', number(job.reward_budget)),
        fact('price', number(job.price)), fact('attempts', number(job.attempts) + ' of ' + number(job.max_retries)),
        fact('lease holder', el('code', {}, job.lease_holder || '–')), fact('created', time(job.created_at_ms)),
        fact('deadline', time(job.deadline_ms)), fact('trace', el('code', {}, job.trace_ref || '–')),
        fact('proof', el('code', {}, job.proof_ref || '–')), fact('last error', job.last_error || '–'),
        fact('result', job.result === null || job.result === undefined ? '–' : JSON.stringify(job.result)),
        fact('reward paid', history.reward ? number(history.reward.amount) + ' to ' + history.reward.prover_id : '–'));
      show(attempts, history.attempts.length === 0
        ? el('tr', {}, el('td', {colspan: 6}, 'no attempts yet'))
        : history.attempts.map(a => el('tr', {},
          el('td', {class: 'num'}, a.attempt), el('td', {}, el('code', {}, a.prover_id)),
          el('td', {}, time(a.started_at_ms)), el('td', {}, time(a.ended_at_ms)), el('td', {}, a.outcome),
          el('td', {class: 'reason'}, a.reason))));
      leaseEnds = job.status === 'in_progress' ? job.lease_expires_at_ms : null;
      tick();
      error.textContent = '';
    } catch (e) {
      error.textContent = 'could not read job ' + jobId + ': ' + e.message;
    }
  };
  // The countdown is arithmetic on the expiry already read; the node is asked again only when an event names the job.
  const tick = () => {
    countdown.textContent = leaseEnds === null ? 'none held'
      : Math.max(0, Math.ceil((leaseEnds - Date.now()) / 1000)) + ' s left (until ' + time(leaseEnds) + ')';
  };
  const clock = setInterval(tick, 1000);
  const later = coalesce(load);
  const unsubscribe = subscribe((type, event) => {
    if (event.job_id === jobId) later();
  });
  load();
  return () => {
    unsubscribe();
    clearInterval(clock);
  };
}
