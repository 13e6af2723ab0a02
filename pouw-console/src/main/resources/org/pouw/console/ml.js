// ML tasks and sweeps, the signed-in client's own. Sweeps: GET /v1/ml/sweeps and each one's report
// (GET /v1/ml/sweeps/{id}); tasks: the caller's intents (GET /v1/intents) whose job is an ml-train task, and a task's
// page (GET /v1/ml/tasks/{id}) with its verified quality and, for its owner, the model (GET /v1/ml/tasks/{id}/model,
// fetched with the bearer token and handed to the browser as a file). A sweep's curve is drawn here, in SVG, from the
// held-out accuracy and loss of each verified task, a point added as each job.completed event brings its result. A
// task's page draws its training loss live from the ml.task.progress events its prover sends while it trains: the
// prover's own figures, shown as such, never the verified quality (docs/api.md, "Training progress").
import {get, getBytes, identity, onIdentity, query} from './api.js';
import {el, number, show, time} from './dom.js';
import {coalesce, subscribe} from './events.js';

const SVG = 'http://www.w3.org/2000/svg';
const TASK_LOOKBACK = 100;

export function render(container, parameters) {
  const sweepId = parameters.get('sweep');
  const taskId = parameters.get('task');
  if (sweepId) return renderSweep(container, sweepId);
  if (taskId) return renderTask(container, taskId);
  return renderLists(container);
}

/** Draws what {@code load} reads once now and again after the events {@code wanted} picks; redrawn on sign-in. */
function live(load, wanted) {
  const later = coalesce(load, 500);
  const unsubscribe = subscribe((type, event) => {
    if (wanted(type, event)) later();
  });
  const forget = onIdentity(load);
  load();
  return () => {
    unsubscribe();
    forget();
  };
}

function signInFirst(summary, ...bodies) {
  summary.textContent = 'Sign in with your key (top right) to see your ML tasks and sweeps.';
  bodies.forEach(body => show(body));
}

function renderLists(container) {
  const summary = el('p', {id: 'ml-summary', role: 'status'});
  const error = el('p', {class: 'error', role: 'alert'});
  const sweeps = el('tbody', {id: 'ml-sweeps'});
  const tasks = el('tbody', {id: 'ml-tasks'});
  show(container, el('h1', {}, 'ML tasks and sweeps'), error, summary,
    el('h2', {}, 'Your sweeps'), el('table', {id: 'ml-sweeps-table'}, el('thead', {}, el('tr', {},
      ['name', 'sweep', 'status', 'verified', 'best', 'created'].map(h => el('th', {scope: 'col'}, h)))), sweeps),
    el('h2', {}, 'Your tasks'), el('p', {class: 'note'}, 'among your latest ' + TASK_LOOKBACK + ' intents'),
    el('table', {id: 'ml-tasks-table'}, el('thead', {}, el('tr', {},
      ['task', 'status', 'fee', 'steps', 'created'].map(h => el('th', {scope: 'col'}, h)))), tasks));
  let intents = [];
  const load = async () => {
    if (!identity()) return signInFirst(summary, sweeps, tasks);
    try {
      const [list, mine] = await Promise.all([get('/v1/ml/sweeps' + query({limit: 20})),
        get('/v1/intents' + query({limit: TASK_LOOKBACK}))]);
      const reports = await Promise.all(list.sweeps.map(s => get('/v1/ml/sweeps/' + encodeURIComponent(s.sweep_id))));
      show(sweeps, list.sweeps.length === 0 ? el('tr', {}, el('td', {colspan: 6}, 'no sweeps'))
        : list.sweeps.map((s, i) => sweepRow(s, reports[i])));
      const training = mine.intents.filter(i => i.jobs.length > 0 && i.jobs[0].kind === 'ml-train');
      intents = mine.intents.map(i => i.intent_id);
      show(tasks, training.length === 0 ? el('tr', {}, el('td', {colspan: 5}, 'no ML tasks'))
        : training.map(taskRow));
      summary.textContent = number(list.sweeps.length) + ' sweeps and ' + number(training.length) + ' tasks of '
        + identity();
      error.textContent = '';
    } catch (e) {
      error.textContent = 'could not list your ML work: ' + e.message;
    }
  };
  return live(load, (type, event) => type.startsWith('ml.sweep.') || type === 'intent.created'
    || (type.startsWith('job.') && intents.includes(event.intent_id)));
}

function sweepRow(sweep, report) {
  return el('tr', {'data-sweep-id': sweep.sweep_id},
    el('td', {class: 'name'}, report.name || '–'),
    el('td', {}, el('a', {href: '#/ml' + query({sweep: sweep.sweep_id}), class: 'mono'}, sweep.sweep_id)),
    el('td', {class: 'status'}, report.status),
    el('td', {class: 'num verified'}, report.jobs_done + ' of ' + report.jobs_total),
    el('td', {}, report.best === undefined || report.best === null ? '–' : 'configuration ' + report.best),
    el('td', {}, time(sweep.created_at_ms)));
}

function taskRow(intent) {
  return el('tr', {'data-intent-id': intent.intent_id},
    el('td', {}, el('a', {href: '#/ml' + query({task: intent.intent_id}), class: 'mono'}, intent.intent_id)),
    el('td', {class: 'status'}, intent.jobs[0].status), el('td', {class: 'num'}, number(intent.fee)),
    el('td', {class: 'num'}, number(intent.steps)), el('td', {}, time(intent.created_at_ms)));
}

function renderSweep(container, sweepId) {
  const heading = el('h1', {id: 'sweep-name'}, 'Sweep');
  const error = el('p', {class: 'error', role: 'alert'});
  const facts = el('dl', {class: 'facts', id: 'sweep-facts'});
  const configurations = el('tbody', {id: 'sweep-configurations'});
  const tasks = el('tbody', {id: 'sweep-tasks'});
  const curve = new Curve('held-out accuracy and loss of each verified task, in the order they were verified');
  show(container, el('p', {}, el('a', {href: '#/ml'}, '← ML tasks and sweeps')), heading, error, facts,
    el('h2', {}, 'Verified tasks: accuracy (solid) and loss (dashed)'), curve.svg, curve.legend,
    el('h2', {}, 'Configurations'), el('table', {}, el('thead', {}, el('tr', {},
      ['configuration', 'settings', 'folds verified', 'accuracy mean ± std'].map(h => el('th', {scope: 'col'}, h)))),
    configurations),
    el('h2', {}, 'Tasks'), el('table', {}, el('thead', {}, el('tr', {},
      ['configuration', 'fold', 'task', 'status', 'accuracy', 'loss'].map(h => el('th', {scope: 'col'}, h)))), tasks));
  let members = [];
  const load = async () => {
    if (!identity()) return signInFirst(error, configurations, tasks);
    try {
      const report = await get('/v1/ml/sweeps/' + encodeURIComponent(sweepId));
      // The name is the requester's text: a text node, whatever it holds.
      heading.textContent = 'Sweep ' + (report.name || sweepId);
      members = report.jobs.map(job => job.intent_id);
      show(facts, ...fact('sweep', sweepId), ...fact('status', report.status, 'sweep-status'),
        ...fact('verified', report.jobs_done + ' of ' + report.jobs_total, 'sweep-done'),
        ...fact('folds', report.folds), ...fact('best configuration', report.best ?? '–', 'sweep-best'),
        ...fact('final retrain', report.final ? report.final.status : 'not asked for'));
      show(configurations, report.configurations.map(c => el('tr', {},
        el('td', {class: 'num'}, c.configuration), el('td', {class: 'mono'}, JSON.stringify(c.settings)),
        el('td', {class: 'num'}, c.folds_verified),
        el('td', {class: 'num'}, c.mean === undefined ? '–' : c.mean.toFixed(4) + ' ± ' + (c.std ?? 0).toFixed(4)))));
      show(tasks, report.jobs.map(job => el('tr', {'data-intent-id': job.intent_id},
        el('td', {class: 'num'}, job.configuration), el('td', {class: 'num'}, job.fold),
        el('td', {}, el('a', {href: '#/ml' + query({task: job.intent_id}), class: 'mono'}, job.intent_id)),
        el('td', {class: 'status'}, job.status), el('td', {class: 'num accuracy'}, figure(job.accuracy)),
        el('td', {class: 'num loss'}, figure(job.loss)))));
      for (const job of report.jobs) {
        if (job.accuracy !== null && job.accuracy !== undefined) curve.add(job.intent_id, job.accuracy, job.loss);
      }
      error.textContent = '';
    } catch (e) {
      error.textContent = 'could not read the sweep: ' + e.message;
    }
  };
  const stop = live(load, (type, event) => type.startsWith('ml.sweep.') && event.data?.sweep_id === sweepId
    || (type.startsWith('job.') && members.includes(event.intent_id)));
  // A verified task's quality comes with its job.completed event: its point is drawn at once, before the re-read.
  const points = subscribe((type, event) => {
    const result = event.data?.result;
    if (type === 'job.completed' && members.includes(event.intent_id) && result) {
      curve.add(event.intent_id, result.accuracy, result.loss);
    }
  });
  return () => {
    points();
    stop();
  };
}

function renderTask(container, taskId) {
  const error = el('p', {class: 'error', role: 'alert'});
  const facts = el('dl', {class: 'facts', id: 'task-facts'});
  const quality = el('dl', {class: 'facts', id: 'task-quality'});
  const download = el('p', {id: 'task-model'});
  const training = new TrainingCurve();
  show(container, el('p', {}, el('a', {href: '#/ml'}, '← ML tasks and sweeps')), el('h1', {}, 'ML task'), error,
    facts, el('h2', {}, 'Training loss, live (as its prover reports it, unverified)'), training.svg, training.legend,
    el('h2', {}, 'Verified quality (held-out set)'), quality, download);
  const load = async () => {
    try {
      const task = await get('/v1/ml/tasks/' + encodeURIComponent(taskId));
      show(facts, ...fact('intent', task.intent_id), ...fact('task id', task.task_id),
        ...fact('status', task.job.status, 'task-status'), ...fact('fee', number(task.fee)),
        ...fact('steps', number(task.steps)), ...fact('requester', task.requester),
        ...fact('trained by', task.trained_by || '–'));
      const q = task.quality;
      show(quality, q ? [...fact('accuracy', figure(q.accuracy), 'task-accuracy'),
        ...fact('loss', figure(q.loss), 'task-loss'), ...fact('perplexity', figure(q.perplexity)),
        ...fact('samples', number(q.samples)), ...fact('calibration error (ECE)', figure(q.ece)),
        ...fact('target', q.target + ' ' + (q.target === 'loss' ? '≤ ' : '≥ ') + q.threshold),
        ...fact('target met', q.target_met ? 'yes' : 'no', 'task-target-met'),
        ...fact('audited steps', number(q.audited_steps))] : fact('quality', 'not verified yet'));
      // The model is its owner's: the link is offered to the requester only (the node checks it anyway).
      if (task.job.status === 'completed' && identity() === task.requester) {
        const button = el('button', {type: 'button', id: 'task-download'}, 'Download the model (PMLM)');
        button.addEventListener('click', () => saveModel(task.intent_id, download));
        show(download, button);
      } else {
        show(download);
      }
      error.textContent = '';
    } catch (e) {
      error.textContent = 'could not read the task: ' + e.message;
    }
  };
  const stop = live(load, (type, event) => type.startsWith('job.') && event.intent_id === taskId);
  const steps = subscribe((type, event) => {
    if (type === 'ml.task.progress' && event.intent_id === taskId) training.add(event.data);
  });
  return () => {
    steps();
    stop();
  };
}

async function saveModel(intentId, where) {
  try {
    const bytes = await getBytes('/v1/ml/tasks/' + encodeURIComponent(intentId) + '/model');
    const url = URL.createObjectURL(new Blob([bytes], {type: 'application/octet-stream'}));
    const link = el('a', {href: url, download: 'model-' + intentId.slice(0, 16) + '.pmlm', id: 'task-model-file'},
      'model-' + intentId.slice(0, 16) + '.pmlm (' + number(bytes.byteLength) + ' bytes)');
    show(where, link);
    link.click();
  } catch (e) {
    show(where, el('span', {class: 'error'}, 'could not fetch the model: ' + e.message));
  }
}

function fact(term, value, id) {
  return [el('dt', {}, term), el('dd', {id}, value)];
}

function figure(value) {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : Number(value).toFixed(4);
}

/** An empty curve's drawing area, 100 × 50 units stretched to the page's width, named for screen readers. */
function curveSvg(id, label) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'curve');
  svg.setAttribute('id', id);
  svg.setAttribute('viewBox', '0 0 100 50');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  return svg;
}

/** Accuracy (0–1, solid) and loss (scaled to its largest value, dashed) over verified tasks, as SVG polylines. */
class Curve {
  constructor(label) {
    this.points = new Map();
    this.svg = curveSvg('sweep-curve', label);
    this.accuracy = this.line('accuracy');
    this.loss = this.line('loss');
    this.legend = el('p', {class: 'note', id: 'sweep-curve-legend'}, 'no verified task yet');
  }

  line(name) {
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('class', name);
    this.svg.append(line);
    return line;
  }

  add(id, accuracy, loss) {
    if (this.points.has(id) || typeof accuracy !== 'number') return;
    this.points.set(id, {accuracy, loss: typeof loss === 'number' ? loss : null});
    this.draw();
  }

  draw() {
    const values = [...this.points.values()];
    const step = values.length > 1 ? 100 / (values.length - 1) : 0;
    const x = i => (values.length > 1 ? i * step : 50).toFixed(2);
    const topLoss = Math.max(...values.map(v => v.loss ?? 0), 1e-9);
    this.accuracy.setAttribute('points', values.map((v, i) => x(i) + ',' + (50 - 48 * v.accuracy).toFixed(2))
      .join(' '));
    this.loss.setAttribute('points', values.filter(v => v.loss !== null)
      .map((v, i) => x(i) + ',' + (50 - 48 * v.loss / topLoss).toFixed(2)).join(' '));
    const last = values[values.length - 1];
    this.legend.textContent = number(values.length) + ' verified; latest accuracy ' + figure(last.accuracy)
      + ', loss ' + figure(last.loss) + ' (loss drawn against its largest, ' + figure(topLoss) + ')';
  }
}

/**
 * One task's training loss against its step, from the progress its prover reports (ml.task.progress): a new attempt
 * (another prover, or the same one again) starts the curve afresh. Only reports since the page opened are drawn.
 */
class TrainingCurve {
  constructor() {
    this.points = [];
    this.attempt = null;
    this.svg = curveSvg('task-progress-curve', 'mini-batch training loss against step, as the prover reports it');
    this.line = document.createElementNS(SVG, 'polyline');
    this.line.setAttribute('class', 'loss');
    this.svg.append(this.line);
    this.legend = el('p', {class: 'note', id: 'task-progress-legend'},
      'no training progress reported since this page opened');
  }

  add(data) {
    if (!data || !Number.isInteger(data.step) || typeof data.loss !== 'number') return;
    if (this.attempt !== data.attempt) {
      this.attempt = data.attempt;
      this.points = [];
    }
    this.points.push({step: data.step, loss: data.loss});
    const first = this.points[0].step;
    const span = Math.max(1, this.points[this.points.length - 1].step - first);
    const top = Math.max(...this.points.map(p => p.loss), 1e-9);
    this.line.setAttribute('points', this.points.map(p => (this.points.length > 1 ? 100 * (p.step - first) / span : 50)
      .toFixed(2) + ',' + (50 - 48 * p.loss / top).toFixed(2)).join(' '));
    this.svg.setAttribute('data-points', String(this.points.length));
    const last = this.points[this.points.length - 1];
    this.legend.textContent = number(this.points.length) + ' reports from attempt ' + data.attempt + '; step '
      + number(last.step) + ', loss ' + figure(last.loss) + ' (drawn against its largest, ' + figure(top) + ')';
  }
}
