// The node's event stream (GET /v1/pouw/events, docs/api.md "Watching"): one EventSource for the whole page. Each
// event's id is its sequence number, so when the connection drops the browser reconnects by itself sending
// Last-Event-ID and misses nothing. If the node refuses a reconnect (429, 503) the browser gives up; then this
// module opens a new stream after the last sequence it saw, waiting longer each time.

const TYPES = ['intent.created', 'intent.proven', 'intent.cancelled', 'job.created', 'job.claimed', 'job.committed',
  'job.completed', 'job.failed', 'job.dead_lettered', 'job.retried', 'job.expired', 'job.batched', 'job.unbatched',
  'job.released', 'job.cancelled', 'ledger.transfer', 'admin.action', 'chain.block', 'chain.reorg', 'chain.reorg_held',
  'ml.sweep.posted', 'ml.sweep.progress', 'ml.sweep.finished',
  'ml.task.progress'];

const subscribers = new Set();
const stateListeners = new Set();
let lastSeq = null;
let source = null;
let retryMs = 1000;

/** Starts the stream after sequence {@code after} (the status's last_event_seq: only what happens from now on). */
export function start(after) {
  if (source) return;
  lastSeq = after;
  open();
}

function open() {
  const url = '/v1/pouw/events' + (lastSeq === null ? '' : '?after=' + encodeURIComponent(lastSeq));
  source = new EventSource(url);
  source.addEventListener('open', () => {
    retryMs = 1000;
    state('live');
  });
  for (const type of TYPES) {
    source.addEventListener(type, message => deliver(type, message));
  }
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) {
      source = null;
      state('reconnecting in ' + Math.round(retryMs / 1000) + ' s');
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 30000);
    } else {
      state('reconnecting');
    }
  });
}

function deliver(type, message) {
  if (message.lastEventId) lastSeq = message.lastEventId;
  let event;
  try {
    event = JSON.parse(message.data);
  } catch (e) {
    return;
  }
  subscribers.forEach(subscriber => subscriber(type, event));
}

function state(text) {
  stateListeners.forEach(listener => listener(text));
}

/** Calls {@code subscriber(type, event)} for every event; returns the function that stops it. */
export function subscribe(subscriber) {
  subscribers.add(subscriber);
  return () => subscribers.delete(subscriber);
}

export function onState(listener) {
  stateListeners.add(listener);
}

/**
 * A function that runs {@code task} once soon after it is last called, at most once per {@code ms}: a burst of
 * events costs one read of the API, not one per event.
 */
export function coalesce(task, ms = 300) {
  let timer = null;
  return () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      task();
    }, ms);
  };
}
