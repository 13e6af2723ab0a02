// The console's entry: a hash router over the views, the sign-in box and the one event stream of the page.
import {get} from './api.js';
import * as events from './events.js';
import * as intents from './intents.js';
import * as jobs from './jobs.js';
import * as ledger from './ledger.js';
import * as overview from './overview.js';
import * as provers from './provers.js';
import * as signin from './signin.js';

const view = document.getElementById('view');
let leave = () => {};

function route() {
  leave();
  const hash = location.hash || '#/overview';
  const [path, search] = hash.slice(1).split('?');
  const parameters = new URLSearchParams(search || '');
  const parts = path.split('/').filter(Boolean);
  let current = 'overview';
  if (parts[0] === 'jobs' && parts.length === 2) {
    current = 'jobs';
    leave = jobs.renderJob(view, decodeURIComponent(parts[1]));
  } else if (parts[0] === 'jobs') {
    current = 'jobs';
    leave = jobs.renderList(view, parameters);
  } else if (parts[0] === 'intents') {
    current = 'intents';
    leave = intents.render(view, parameters);
  } else if (parts[0] === 'provers') {
    current = 'provers';
    leave = provers.render(view);
  } else if (parts[0] === 'ledger') {
    current = 'ledger';
    leave = ledger.render(view, parameters);
  } else {
    leave = overview.render(view);
  }
  for (const name of ['overview', 'jobs', 'intents', 'provers', 'ledger']) {
    const link = document.getElementById('nav-' + name);
    if (name === current) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
}

const streamState = document.getElementById('stream-state');
events.onState(text => {
  streamState.textContent = 'event stream: ' + text;
});
signin.mount(document.getElementById('identity'));
window.addEventListener('hashchange', route);
// Only events from now on: the views read the present from the API, the stream tells what changes after it.
get('/v1/pouw/system/status')
  .then(status => events.start(status.last_event_seq))
  .catch(() => events.start(null));
route();
