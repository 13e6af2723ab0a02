// Ledger: the entries a page at a time (GET /v1/ledger/entries, oldest first from `after`), an account's balance
// (GET /v1/ledger/accounts/{did}) and a verify that reads every entry and checks the hash chain in the page
// (ledger-chain.js): the verdict is the browser's own arithmetic on what the public API answers.
import {get, getExact, identity, query} from './api.js';
import {el, number, show, time} from './dom.js';
import {coalesce, subscribe} from './events.js';
import {chainCheck} from './ledger-chain.js';

const PAGE = 50;
const VERIFY_PAGE = 1000;

export function render(container, parameters) {
  const after = Math.max(0, parseInt(parameters.get('after'), 10) || 0);
  const verdict = el('p', {id: 'ledger-verdict', role: 'status', 'aria-live': 'polite'}, 'not checked yet');
  const verify = el('button', {type: 'button', id: 'ledger-verify'}, 'Verify the hash chain');
  const account = el('input', {type: 'text', id: 'ledger-account', name: 'account', value: identity() || '',
    placeholder: 'did:key:z6Mk…', spellcheck: 'false', autocomplete: 'off', size: 40});
  const balance = el('p', {id: 'ledger-balance', role: 'status'});
  const lookup = el('form', {class: 'filters', 'aria-label': 'look up a balance'},
    el('label', {}, 'account', account), el('button', {type: 'submit'}, 'Show balance'));
  const body = el('tbody', {id: 'ledger-rows'});
  const previous = el('button', {type: 'button', id: 'ledger-previous', disabled: after === 0}, '← previous');
  const next = el('button', {type: 'button', id: 'ledger-next'}, 'next →');
  const error = el('p', {class: 'error', role: 'alert'});
  show(container, el('h1', {}, 'Ledger'), error,
    el('h2', {}, 'Verify'),
    el('p', {}, 'Reads every entry and recomputes each hash (BLAKE3 of the previous hash and the entry) in this page:'
      + ' the chain must be unbroken, the numbers dense and every entry sum to zero.'), verify, verdict,
    el('h2', {}, 'Balance'), lookup, balance,
    el('h2', {}, 'Entries'),
    el('table', {id: 'ledger-table'}, el('thead', {}, el('tr', {},
      ['seq', 'kind', 'key', 'postings', 'memo', 'at'].map(h => el('th', {scope: 'col'}, h)))), body),
    el('div', {class: 'pager'}, previous, el('span', {id: 'ledger-page'}, 'entries after ' + after), next));

  let lastSeq = after;
  const load = async () => {
    try {
      const page = await get('/v1/ledger/entries' + query({after, limit: PAGE}));
      show(body, page.entries.length === 0
        ? el('tr', {}, el('td', {colspan: 6}, 'no entries'))
        : page.entries.map(row));
      lastSeq = page.entries.length ? page.entries[page.entries.length - 1].seq : after;
      next.disabled = page.entries.length < PAGE;
      error.textContent = '';
    } catch (e) {
      error.textContent = 'could not read the ledger: ' + e.message;
    }
  };
  next.addEventListener('click', () => {
    location.hash = '#/ledger' + query({after: lastSeq});
  });
  previous.addEventListener('click', () => {
    location.hash = '#/ledger' + query({after: Math.max(0, after - PAGE) || ''});
  });
  lookup.addEventListener('submit', async event => {
    event.preventDefault();
    const did = account.value.trim();
    if (!did) return;
    balance.textContent = 'reading…';
    try {
      const read = await get('/v1/ledger/accounts/' + encodeURIComponent(did) + '?limit=0');
      balance.textContent = 'balance of ' + read.account + ': ' + number(read.balance);
    } catch (e) {
      balance.textContent = 'could not read the balance: ' + e.message;
    }
  });
  let verifying = false;
  verify.addEventListener('click', async () => {
    if (verifying) return;
    verifying = true;
    verify.disabled = true;
    verdict.className = '';
    const check = chainCheck();
    try {
      let cursor = 0;
      for (;;) {
        verdict.textContent = 'checking… ' + number(check.count) + ' entries so far';
        const page = await getExact('/v1/ledger/entries' + query({after: cursor, limit: VERIFY_PAGE}));
        const problem = check.add(page.entries);
        if (problem) {
          verdict.className = 'error';
          verdict.textContent = 'failed: ' + problem + ' (' + number(check.count) + ' entries checked before it)';
          break;
        }
        if (page.entries.length < VERIFY_PAGE) {
          verdict.className = 'ok';
          verdict.textContent = 'passed: ' + number(check.count) + ' entries, hash chain intact, every entry sums'
            + ' to zero';
          break;
        }
        cursor = page.entries[page.entries.length - 1].seq;
      }
    } catch (e) {
      verdict.className = 'error';
      verdict.textContent = 'could not verify: ' + e.message;
    } finally {
      verifying = false;
      verify.disabled = false;
    }
  });
  // New entries come with money moving: transfers, and rewards and refunds as jobs end.
  const later = coalesce(load);
  const unsubscribe = subscribe(type => {
    if (type.startsWith('ledger.') || type === 'job.completed' || type === 'intent.created') later();
  });
  load();
  return unsubscribe;
}

function row(entry) {
  return el('tr', {'data-seq': entry.seq},
    el('td', {class: 'num'}, entry.seq), el('td', {}, entry.kind), el('td', {}, el('code', {}, entry.key)),
    el('td', {}, el('ul', {class: 'postings'}, entry.postings.map(p =>
      el('li', {}, el('code', {}, p.account), ' ', el('span', {class: 'num'}, number(p.amount)))))),
    el('td', {}, entry.memo), el('td', {}, time(entry.at_ms)));
}
