// Provers: the public list (GET /v1/pouw/provers: stats, standing, level, reputation) beside each prover's service
// levels over the last hour (GET /v1/pouw/market: on time, time to proof). Each prover links to the jobs it claimed.
import {get, query} from './api.js';
import {el, number, show, time} from './dom.js';
import {coalesce, subscribe} from './events.js';

const HEADINGS = ['prover', 'level', 'standing', 'reputation', 'completed', 'failed', 'earned', 'avg completion',
  'on time (last hour)', 'time to proof p50 / p95', 'last seen'];

export function render(container) {
  const body = el('tbody', {id: 'provers-rows'});
  const summary = el('p', {id: 'provers-count', role: 'status'});
  const error = el('p', {class: 'error', role: 'alert'});
  show(container, el('h1', {}, 'Provers'), error, summary,
    el('table', {id: 'provers-table'}, el('thead', {}, el('tr', {}, HEADINGS.map(h => el('th', {scope: 'col'}, h)))),
      body),
    el('p', {class: 'note'}, 'Level and reputation: docs/economics.md. On time and time to proof: the jobs each'
      + ' prover completed in the last hour.'));
  const load = async () => {
    try {
      const [list, market] = await Promise.all([get('/v1/pouw/provers'), get('/v1/pouw/market')]);
      const levels = new Map(market.provers.map(p => [p.prover_id, p]));
      show(body, list.provers.length === 0
        ? el('tr', {}, el('td', {colspan: HEADINGS.length}, 'no provers yet'))
        : list.provers.map(p => row(p, levels.get(p.prover_id))));
      summary.textContent = number(list.provers.length) + ' provers';
      error.textContent = '';
    } catch (e) {
      error.textContent = 'could not list provers: ' + e.message;
    }
  };
  const later = coalesce(load, 1000);
  const unsubscribe = subscribe(type => {
    if (type === 'job.claimed' || type === 'job.completed' || type === 'job.failed' || type === 'job.expired'
      || type === 'admin.action') later();
  });
  load();
  return unsubscribe;
}

function row(p, level) {
  const ms = value => value === null || value === undefined ? '–' : number(value) + ' ms';
  return el('tr', {'data-prover': p.prover_id},
    el('td', {}, el('a', {href: '#/jobs' + query({prover: p.prover_id}), class: 'mono'}, p.prover_id)),
    el('td', {class: 'level'}, p.level), el('td', {}, p.standing + (p.standing_until_ms
      ? ' until ' + time(p.standing_until_ms) : '') + (p.quarantine_reason ? ': ' + p.quarantine_reason : '')),
    el('td', {class: 'num reputation'}, (p.reputation_permille / 10).toFixed(1) + ' %'),
    el('td', {class: 'num completed'}, number(p.jobs_completed)), el('td', {class: 'num'}, number(p.jobs_failed)),
    el('td', {class: 'num'}, number(p.total_fee_earned)), el('td', {class: 'num'}, ms(p.avg_completion_time_ms)),
    el('td', {class: 'num'}, level ? number(level.on_time) + ' of ' + number(level.completed) : '–'),
    el('td', {class: 'num'}, level ? ms(level.time_to_proof_p50_ms) + ' / ' + ms(level.time_to_proof_p95_ms) : '–'),
    el('td', {}, time(p.last_seen_ms)));
}
