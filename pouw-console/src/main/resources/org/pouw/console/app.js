// The console's entry: a hash router over the views, the sign-in box and the one event stream of the page.
import {get} from './api.js';
import {show} from './dom.js';
import * as events from './events.js';
import * as jobs from './jobs.js';
import * as overview from './overview.js';
import * as signin from './signin.js';

const view = document.getElementById('view');
let leave = () => {};
let routed = 0;
// Views other than the first two are fetched when first opened, so the first view carries none of their weight
// (the ledger's BLAKE3 among them); each module is fetched once and kept by the browser.
const LATER = {intents: () => import('./intents.js'), provers: () => import('./provers.js'),
  ledger: () => import('./ledger.js'),
  chain: () => import('./chain.js'),
  peers: () => import('./peers.js'),
  ml: () => import('./ml.js'),
  'dead-letter': () => import('./dead-letter.js'),
  market: () => import('./market.js'),
  pool: () => import('./pool.js')};

function route() {
  leave();
  leave = () => {};
  const turn = ++routed;
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
  } else if (Object.hasOwn(LATER, parts[0])) {
    current = parts[0];
    show(view, 'Loading…');
    LATER[current]().then(module => {
      // A later turn of the router (the reader moved on while the module came) owns the page now.
      if (turn === routed) leave = module.render(view, parameters);
    }).catch(error => {
      if (turn === routed) show(view, 'could not load the ' + current + ' view: ' + error.message);
    });
  } else {
    leave = overview.render(view);
  }
  // Every view's menu link (nav-<view>), so a view added to the menu needs no change here.
  for (const link of document.querySelectorAll('nav a[id^="nav-"]')) {
    if (link.id === 'nav-' + current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
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
