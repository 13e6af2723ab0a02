// The ledger's hash chain, checked in the page (docs/test-vectors.md, "Ledger entry hashes"): each entry's hash is
// BLAKE3(prev_hash ‖ canonical body), the first entry's prev_hash is 32 zero bytes, entry numbers are dense and every
// entry's postings sum to zero. The same checks `pouw ledger verify` makes on the hash chain, made on what the public
// API answers, so a reader trusts the arithmetic, not the node.
import {blake3, hex} from './blake3.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The canonical body: seq, kind, key, postings, job ids, memo, at_ms, big-endian, strings length-prefixed UTF-8. */
export function canonicalBody(entry) {
  const parts = [];
  const long = value => {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, BigInt(value));
    parts.push(bytes);
  };
  const int = value => {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setInt32(0, value);
    parts.push(bytes);
  };
  const text = value => {
    const utf8 = new TextEncoder().encode(value);
    int(utf8.length);
    parts.push(utf8);
  };
  long(entry.seq);
  text(entry.kind);
  text(entry.key);
  int(entry.postings.length);
  for (const posting of entry.postings) {
    text(posting.account);
    long(posting.amount);
  }
  int(entry.job_ids.length);
  for (const id of entry.job_ids) text(id);
  text(entry.memo);
  long(entry.at_ms);
  return concat(parts);
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function bytesOfHex(text) {
  if (!/^([0-9a-f]{2})*$/.test(text)) throw new Error('not hex: ' + text);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
  return out;
}

export function entryHash(entry) {
  return hex(blake3(concat([bytesOfHex(entry.prev_hash), canonicalBody(entry)])));
}

/**
 * A running check over entries given in order, a page at a time: {@code add(entries)} returns the first problem
 * found (a sentence naming the entry) or null; {@code count} is the entries checked so far.
 */
export function chainCheck() {
  let expectedSeq = 1n;
  let prevHash = GENESIS_HASH;
  const state = {count: 0};
  state.add = entries => {
    for (const entry of entries) {
      const seq = BigInt(entry.seq);
      if (seq !== expectedSeq) return 'entry ' + seq + ' follows ' + (expectedSeq - 1n) + ': a gap';
      if (entry.prev_hash !== prevHash) return 'entry ' + seq + ' does not chain to the entry before it';
      if (entryHash(entry) !== entry.hash) return 'entry ' + seq + ' was altered: its hash does not match its body';
      const sum = entry.postings.reduce((total, posting) => total + BigInt(posting.amount), 0n);
      if (sum !== 0n) return 'entry ' + seq + ' postings sum to ' + sum;
      expectedSeq = seq + 1n;
      prevHash = entry.hash;
      state.count++;
    }
    return null;
  };
  return state;
}
