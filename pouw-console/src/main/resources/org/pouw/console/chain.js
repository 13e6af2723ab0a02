// The chain (docs/api.md "The chain"): the head, the followed branch's recent blocks (GET /v1/chain/headers, which
// leaves out the blocks' encodings), the miners of those blocks, the tasks, and the reorgs this page saw. One block's
// page (#/chain?block=<hash>) lists its transactions. Live from the event stream: chain.block and chain.reorg re-read
// the head and the blocks; each chain.reorg is listed as it comes (the API keeps no history of reorgs).
import {get, query} from './api.js';
import {el, number, show, time} from './dom.js';
import {coalesce, subscribe} from './events.js';

const RECENT = 20;
const short = hash => hash.slice(0, 12) + '…';
const blockLink = hash => el('a', {href: '#/chain' + query({block: hash}), class: 'mono', title: hash}, short(hash));
const table = (id, headings, body) => el('table', {id}, el('thead', {}, el('tr', {},
  headings.map(h => el('th', {scope: 'col'}, h)))), body);
const empty = (columns, text) => el('tr', {}, el('td', {colspan: columns}, text));

export function render(container, parameters) {
  const block = parameters.get('block');
  return block ? renderBlock(container, block) : renderChain(container);
}

function renderChain(container) {
  const cards = el('div', {class: 'cards', id: 'chain-head'});
  const error = el('p', {class: 'error', role: 'alert'});
  const blocks = el('tbody', {id: 'chain-blocks-rows'});
  const miners = el('tbody', {id: 'chain-miners-rows'});
  const tasks = el('tbody', {id: 'chain-tasks-rows'});
  const reorgs = el('ul', {id: 'chain-reorgs'}, el('li', {class: 'note'}, 'none since this page opened'));
  const held = el('p', {id: 'chain-held', role: 'status'});
  const blockHeadings = ['height', 'hash', 'time', 'miner', 'task', 'tickets', 'transactions'];
  show(container, el('h1', {}, 'Chain'), error, cards,
    el('h2', {}, 'Recent blocks'), table('chain-blocks', blockHeadings, blocks),
    el('h2', {}, 'Miners of these blocks'), table('chain-miners', ['miner', 'blocks', 'last height'], miners),
    el('h2', {}, 'Tasks'), table('chain-tasks', ['task', 'poster', 'escrow', 'budget', 'posted at', 'settled'], tasks),
    el('h2', {}, 'Reorgs'), held, reorgs);
  const load = async () => {
    try {
      const [head, page, taskList] = await Promise.all([get('/v1/chain/head'),
        get('/v1/chain/headers' + query({limit: RECENT})), get('/v1/chain/tasks')]);
      show(cards, card('height', number(head.height), 'chain-height'),
        card('tip', short(head.hash), 'chain-tip', head.hash), card('tip age', seconds(head.tip_age_ms)),
        card('target', head.target), card('cumulative work', head.cumulative_work),
        card('chain id', short(head.chain_id), undefined, head.chain_id));
      held.textContent = head.held ? 'A better branch is held for the operator: tip ' + head.held.hash + ' at height '
        + head.held.height + ', ' + head.held.depth + ' blocks deep (pouw chain accept-reorg).' : 'No reorg held.';
      show(blocks, page.blocks.length === 0 ? empty(blockHeadings.length, 'no blocks yet: the head is the genesis')
        : page.blocks.map(b => el('tr', {'data-height': b.height, 'data-hash': b.hash},
          el('td', {class: 'num'}, number(b.height)), el('td', {}, blockLink(b.hash)),
          el('td', {}, time(b.timestamp * 1000)),
          el('td', {class: 'mono'}, b.miner), el('td', {class: 'mono', title: b.task}, short(b.task)),
          el('td', {class: 'num'}, number(b.tickets)), el('td', {class: 'num'}, number(b.tx_count)))));
      const byMiner = new Map();
      for (const b of page.blocks) {
        const seen = byMiner.get(b.miner) || {blocks: 0, last: 0};
        byMiner.set(b.miner, {blocks: seen.blocks + 1, last: Math.max(seen.last, b.height)});
      }
      show(miners, byMiner.size === 0 ? empty(3, 'no blocks yet') : [...byMiner].map(([did, seen]) =>
        el('tr', {'data-miner': did}, el('td', {class: 'mono'}, did), el('td', {class: 'num'}, number(seen.blocks)),
          el('td', {class: 'num'}, number(seen.last)))));
      show(tasks, taskList.tasks.length === 0 ? empty(6, 'no tasks') : taskList.tasks.map(t =>
        el('tr', {'data-task': t.id}, el('td', {class: 'mono', title: t.id}, short(t.id)),
          el('td', {class: 'mono'}, t.filler ? 'filler (no poster)' : t.poster),
          el('td', {class: 'num'}, number(t.escrow)),
          el('td', {class: 'num'}, number(t.budget)), el('td', {class: 'num'}, number(t.posted_at)),
          el('td', {}, t.settled ? 'yes' : 'no'))));
      error.textContent = '';
    } catch (e) {
      error.textContent = 'could not read the chain: ' + e.message;
    }
  };
  const later = coalesce(load);
  const unsubscribe = subscribe((type, event) => {
    if (type === 'chain.reorg') {
      // The stream's envelope carries the event's own fields in data (docs/api.md "The chain", Events).
      const reorg = event.data || {};
      const item = el('li', {class: 'reorg', 'data-new-tip': reorg.new_tip}, 'from ',
        el('span', {class: 'mono', title: reorg.old_tip}, short(String(reorg.old_tip))), ' to ',
        el('span', {class: 'mono', title: reorg.new_tip}, short(String(reorg.new_tip))), ', ' + reorg.depth
        + ' blocks left, ' + reorg.returned_txs + ' transactions back in the mempool');
      if (reorgs.querySelector('.note')) reorgs.replaceChildren();
      reorgs.prepend(item);
    }
    if (type.startsWith('chain.')) later();
  });
  load();
  return unsubscribe;
}

function renderBlock(container, hash) {
  const facts = el('dl', {class: 'facts', id: 'block-facts'});
  const txs = el('tbody', {id: 'block-txs-rows'});
  const error = el('p', {class: 'error', role: 'alert'});
  const headings = ['transaction', 'kind', 'sender', 'nonce', 'fee', 'status'];
  show(container, el('h1', {}, 'Block'), el('p', {}, el('a', {href: '#/chain'}, 'back to the chain')), error, facts,
    el('h2', {}, 'Transactions'), table('block-txs', headings, txs));
  (async () => {
    try {
      const b = await get('/v1/chain/blocks/' + encodeURIComponent(hash));
      const fact = (name, value, mono) => [el('dt', {}, name), el('dd', mono ? {class: 'mono'} : {}, value)];
      show(facts, fact('hash', b.hash, true), fact('height', number(b.height)),
        fact('parent', blockLink(b.parent)), fact('time', time(b.timestamp * 1000)), fact('miner', b.miner, true),
        fact('task', b.task, true), fact('tickets', number(b.tickets)), fact('transactions', number(b.txs.length)));
      const list = await Promise.all(b.txs.map(id => get('/v1/chain/txs/' + id)));
      show(txs, list.length === 0 ? empty(headings.length, 'no transactions') : list.map(tx =>
        el('tr', {'data-tx': tx.id}, el('td', {class: 'mono', title: tx.id}, short(tx.id)), el('td', {}, tx.kind),
          el('td', {class: 'mono'}, tx.sender), el('td', {class: 'num'}, number(tx.nonce)),
          el('td', {class: 'num'}, number(tx.fee)), el('td', {}, tx.status))));
    } catch (e) {
      error.textContent = 'could not read block ' + hash + ': ' + e.message;
    }
  })();
  return () => {};
}

function card(label, value, id, title) {
  return el('div', {class: 'card', title}, el('span', {class: 'label'}, label),
    el('span', {class: 'value', id}, value));
}

function seconds(ms) {
  return ms === null || ms === undefined ? '–' : number(Math.round(ms / 1000)) + ' s';
}
