// Dead letter: the jobs that used up their retries (GET /v1/pouw/dead-letter, oldest first), each with its attempts'
// outcomes and reasons. The admin, and only the admin (the token's answer said so, api.js isAdmin), sees a retry
// button a job (POST /v1/pouw/dead-letter/{id}/retry), which puts it back to pending; the node checks the admin key
// on the call itself, so the button's absence is a courtesy, not the protection.
import {get, isAdmin, onIdentity, post, query} from './api.js';
import {el, number, show, time} from './dom.js';
import {coalesce, subscribe} from './events.js';

const PAGE = 50;

export function render(container, parameters) {
  const cursor = Math.max(0, parseInt(parameters.get('cursor'), 10) || 0);
  const body = el('tbody', {id: 'dead-rows'});
  const summary = el('p', {id: 'dead-count', role: 'status'});
  const outcome = el('p', {id: 'dead-outcome', role: 'status'});
  const error = el('p', {class: 'error', role: 'alert'});
  const first = el('button', {type: 'button', id: 'dead-first', disabled: cursor === 0}, '← first page');
  const next = el('button', {type: 'button', id: 'dead-next', disabled: true}, 'next →');
  show(container, el('h1', {}, 'Dead letter'), error, summary, outcome,
    el('table', {id: 'dead-table'}, el('thead', {}, el('tr', {},
      ['job', 'kind', 'tier', 'fee budget', 'attempts', 'last reason', 'created', 'action']
        .map(h => el('th', {scope: 'col'}, h)))), body),
    el('div', {class: 'pager'}, first, next));
  let nextCursor = null;
  const load = async () => {
    try {
      const page = await get('/v1/pouw/dead-letter' + query({limit: PAGE, cursor: cursor || ''}));
      const admin = isAdmin();
      show(body, page.jobs.length === 0 ? el('tr', {}, el('td', {colspan: 8}, 'no dead-lettered jobs'))
        : page.jobs.map(job => row(job, admin, retry)));
      nextCursor = page.jobs.length === PAGE ? page.jobs[page.jobs.length - 1].created_seq : null;
      next.disabled = nextCursor === null;
      summary.textContent = number(page.jobs.length) + (page.jobs.length === 1 ? ' job' : ' jobs')
        + ' on this page' + (admin ? '; signed in as the admin: retry puts a job back to pending' : '');
      error.textContent = '';
    } catch (e) {
      error.textContent = 'could not list the dead letter: ' + e.message;
    }
  };
  const retry = async jobId => {
    try {
      const answer = await post('/v1/pouw/dead-letter/' + encodeURIComponent(jobId) + '/retry', {});
      outcome.textContent = 'job ' + jobId + ' is ' + answer.job.status + ' again';
      outcome.className = 'ok';
    } catch (e) {
      outcome.textContent = 'retry of ' + jobId + ' refused: ' + e.message;
      outcome.className = 'error';
    }
    load();
  };
  first.addEventListener('click', () => {
    location.hash = '#/dead-letter';
  });
  next.addEventListener('click', () => {
    if (nextCursor !== null) location.hash = '#/dead-letter' + query({cursor: nextCursor});
  });
  const later = coalesce(load);
  const unsubscribe = subscribe(type => {
    if (type === 'job.dead_lettered' || type === 'job.retried' || type === 'job.cancelled') later();
  });
  const forget = onIdentity(load);
  load();
  return () => {
    unsubscribe();
    forget();
  };
}

function row(job, admin, retry) {
  const attempts = job.attempt_history || [];
  const last = attempts.length === 0 ? null : attempts[attempts.length - 1];
  let action = '–';
  if (admin) {
    action = el('button', {type: 'button', class: 'retry', 'aria-label': 'retry job ' + job.job_id}, 'Retry');
    action.addEventListener('click', () => {
      action.disabled = true;
      retry(job.job_id);
    });
  }
  return el('tr', {'data-job-id': job.job_id},
    el('td', {}, el('a', {href: '#/jobs/' + encodeURIComponent(job.job_id), class: 'mono'}, job.job_id)),
    el('td', {}, job.kind), el('td', {}, job.tier), el('td', {class: 'num'}, number(job.fee_budget)),
    el('td', {class: 'num attempts'}, number(attempts.length)),
    el('td', {class: 'reason'}, last ? last.outcome + (last.reason ? ': ' + last.reason : '') : '–'),
    el('td', {}, time(job.created_at_ms)), el('td', {class: 'action'}, action));
}
