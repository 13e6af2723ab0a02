// Peers (docs/api.md "The network"): the public status (GET /v1/net/status) for everyone; the peers themselves, a
// table and a graph drawn here as SVG, only for the node's admin key (GET /v1/net/peers: who a node's peers are is
// what an eclipse attacker would like to learn). Live from the admin's peer events (GET /v1/net/events), read with
// fetch because EventSource cannot send the bearer token: each peer.* event re-reads the list.
import {ApiError, get, identity, onIdentity, stream} from './api.js';
import {el, number, show} from './dom.js';
import {coalesce} from './events.js';

const SVG = 'http://www.w3.org/2000/svg';
const HEADINGS = ['peer', 'address', 'purpose', 'direction', 'group', 'connected', 'min RTT', 'best height', 'score'];

export function render(container) {
  const cards = el('div', {class: 'cards', id: 'peers-status'});
  const error = el('p', {class: 'error', role: 'alert'});
  const message = el('p', {id: 'peers-message', role: 'status'});
  const graph = el('figure', {id: 'peers-graph', class: 'graph'});
  const body = el('tbody', {id: 'peers-rows'});
  show(container, el('h1', {}, 'Peers'), error, cards, message, graph,
    el('table', {id: 'peers-table'}, el('thead', {}, el('tr', {}, HEADINGS.map(h => el('th', {scope: 'col'}, h)))),
      body));
  let live = null;
  const loadStatus = async () => {
    try {
      const s = await get('/v1/net/status');
      const purposes = Object.entries(s.peers || {}).map(([purpose, n]) => purpose + ' ' + n).join(', ');
      show(cards, card('peer id', s.peer_id, 'peers-self'), card('listen port', number(s.listen_port)),
        card('inbound', number(s.inbound), 'peers-inbound'), card('outbound', number(s.outbound), 'peers-outbound'),
        card('by purpose', purposes || 'none'), card('bans', number(s.bans)),
        card('sync', s.sync ? Math.round(s.sync.progress * 100) + ' % of height ' + number(s.sync.target_height)
          : 'no chain'));
      error.textContent = '';
      return s;
    } catch (e) {
      error.textContent = e instanceof ApiError && e.code === 'p2p_disabled'
        ? 'This node is not on the peer-to-peer network (p2p.enabled = false).'
        : 'could not read the status: ' + e.message;
      return null;
    }
  };
  const loadPeers = async () => {
    const self = await loadStatus();
    if (!self) return;
    if (!identity()) {
      message.textContent = 'Sign in with the node\'s admin key to see its peers.';
      show(body);
      show(graph);
      return;
    }
    try {
      const list = (await get('/v1/net/peers')).peers;
      message.textContent = number(list.length) + (list.length === 1 ? ' peer' : ' peers') + ' connected';
      show(graph, drawGraph(self.peer_id, list), el('figcaption', {class: 'note'},
        'This node in the middle; solid lines are links it dialled, dashed ones links a peer dialled.'));
      show(body, list.length === 0 ? el('tr', {}, el('td', {colspan: HEADINGS.length}, 'no peers'))
        : list.map(row));
      if (!live) live = follow(later);
    } catch (e) {
      message.textContent = e instanceof ApiError && e.status === 403
        ? 'Only the node\'s admin key may see its peers.' : 'could not list peers: ' + e.message;
      show(body);
      show(graph);
    }
  };
  const later = coalesce(loadPeers, 300);
  const stopIdentity = onIdentity(() => {
    if (live) live.abort();
    live = null;
    loadPeers();
  });
  loadPeers();
  return () => {
    stopIdentity();
    if (live) live.abort();
  };
}

/** Reads the admin's peer events until aborted, resuming after the last id; calls {@code changed} on each. */
function follow(changed) {
  const abort = new AbortController();
  let after = null;
  let waitMs = 1000;
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const response = await stream('/v1/net/events' + (after === null ? '' : '?after=' + after), abort.signal);
        if (!response.ok) throw new Error('status ' + response.status);
        waitMs = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const {value, done} = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const id = /^id:\s?(\d+)$/m.exec(buffer.slice(0, end));
            if (id) after = id[1];
            buffer = buffer.slice(end + 2);
            changed();
          }
        }
      } catch (e) {
        if (abort.signal.aborted) return;
      }
      await new Promise(resolve => setTimeout(resolve, waitMs));
      waitMs = Math.min(waitMs * 2, 30000);
    }
  };
  run();
  return abort;
}

function row(p) {
  return el('tr', {'data-peer': p.peer_id}, el('td', {class: 'mono'}, p.peer_id), el('td', {class: 'mono'}, p.address),
    el('td', {}, p.purpose), el('td', {}, p.direction), el('td', {}, p.group), el('td', {}, p.connected_at),
    el('td', {class: 'num'}, p.min_rtt_us === null || p.min_rtt_us === undefined ? '–'
      : (Number(p.min_rtt_us) / 1000).toFixed(1) + ' ms'),
    el('td', {class: 'num'}, number(p.best_height)), el('td', {class: 'num'}, number(p.score)));
}

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/** This node in the middle, its peers on a circle around it; every name is a text node. */
function drawGraph(self, peers) {
  const width = 420;
  const height = 300;
  const cx = width / 2;
  const cy = height / 2;
  const radius = 115;
  const tail = did => '…' + did.slice(-6);
  const picture = svg('svg', {viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'peers-graph-title',
    class: 'peer-graph'}, svg('title', {id: 'peers-graph-title'}, 'This node and its ' + peers.length + ' peers'));
  peers.forEach((p, i) => {
    const angle = 2 * Math.PI * i / Math.max(peers.length, 1) - Math.PI / 2;
    const x = cx + radius * Math.cos(angle);
    const y = cy + radius * Math.sin(angle);
    picture.append(svg('line', {x1: cx, y1: cy, x2: x, y2: y, class: 'link ' + (p.direction === 'inbound'
      ? 'inbound' : 'outbound')}));
    picture.append(svg('g', {class: 'peer', 'data-peer': p.peer_id},
      svg('title', {}, p.peer_id + ' at ' + p.address + ' (' + p.purpose + ', ' + p.direction + ')'),
      svg('circle', {cx: x, cy: y, r: 9}), svg('text', {x, y: y + 22, 'text-anchor': 'middle'}, tail(p.peer_id))));
  });
  picture.append(svg('g', {class: 'self'}, svg('title', {}, 'this node: ' + self), svg('circle', {cx, cy, r: 13}),
    svg('text', {x: cx, y: cy + 28, 'text-anchor': 'middle'}, 'this node')));
  return picture;
}

function card(label, value, id) {
  return el('div', {class: 'card'}, el('span', {class: 'label'}, label),
    el('span', {class: id === 'peers-self' ? 'value mono' : 'value', id}, value));
}
