// BLAKE3 (the specification's hash mode, 32-byte output) in plain JavaScript: WebCrypto has no BLAKE3, and the
// ledger's hash chain is BLAKE3 (docs/test-vectors.md, "Ledger entry hashes"), so the ledger view's verify computes
// it here rather than trusting the node's word. Written for clarity over speed: one entry is a few hundred bytes.

const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const PERMUTATION = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8];
const CHUNK_START = 1;
const CHUNK_END = 2;
const PARENT = 4;
const ROOT = 8;
const BLOCK = 64;
const CHUNK = 1024;

function g(s, a, b, c, d, x, y) {
  s[a] = (s[a] + s[b] + x) | 0;
  s[d] = rotr(s[d] ^ s[a], 16);
  s[c] = (s[c] + s[d]) | 0;
  s[b] = rotr(s[b] ^ s[c], 12);
  s[a] = (s[a] + s[b] + y) | 0;
  s[d] = rotr(s[d] ^ s[a], 8);
  s[c] = (s[c] + s[d]) | 0;
  s[b] = rotr(s[b] ^ s[c], 7);
}

function rotr(x, n) {
  return (x >>> n) | (x << (32 - n));
}

/** The compression function: 8 words of chaining value out of a 16-word block (spec §2.2). */
function compress(cv, block, counter, blockLength, flags) {
  const s = [...cv, IV[0], IV[1], IV[2], IV[3], counter >>> 0, Math.floor(counter / 0x100000000) >>> 0,
    blockLength, flags];
  let m = block.slice();
  for (let round = 0; round < 7; round++) {
    g(s, 0, 4, 8, 12, m[0], m[1]);
    g(s, 1, 5, 9, 13, m[2], m[3]);
    g(s, 2, 6, 10, 14, m[4], m[5]);
    g(s, 3, 7, 11, 15, m[6], m[7]);
    g(s, 0, 5, 10, 15, m[8], m[9]);
    g(s, 1, 6, 11, 12, m[10], m[11]);
    g(s, 2, 7, 8, 13, m[12], m[13]);
    g(s, 3, 4, 9, 14, m[14], m[15]);
    if (round < 6) m = PERMUTATION.map(i => m[i]);
  }
  const out = new Array(8);
  for (let i = 0; i < 8; i++) out[i] = (s[i] ^ s[i + 8]) >>> 0;
  return out;
}

/** 16 little-endian words of a block of up to 64 bytes, zero-padded. */
function words(bytes, from, length) {
  const w = new Array(16).fill(0);
  for (let i = 0; i < length; i++) w[i >> 2] |= bytes[from + i] << (8 * (i & 3));
  return w;
}

/** The chaining value of one chunk (at most 1024 bytes) with the given index; ROOT on its last block if root. */
function chunk(bytes, from, length, index, root) {
  let cv = IV;
  const blocks = Math.max(1, Math.ceil(length / BLOCK));
  for (let b = 0; b < blocks; b++) {
    const size = Math.min(BLOCK, length - b * BLOCK);
    let flags = (b === 0 ? CHUNK_START : 0) | (b === blocks - 1 ? CHUNK_END : 0);
    if (root && b === blocks - 1) flags |= ROOT;
    cv = compress(cv, words(bytes, from + b * BLOCK, size), index, size, flags);
  }
  return cv;
}

/** The chaining value of a subtree: the left part is the largest power-of-two number of chunks leaving some over. */
function node(bytes, from, length, root) {
  if (length <= CHUNK) return chunk(bytes, from, length, from / CHUNK, root);
  let left = CHUNK;
  while (left * 2 < length) left *= 2;
  const block = [...node(bytes, from, left, false), ...node(bytes, from + left, length - left, false)];
  return compress(IV, block, 0, BLOCK, PARENT | (root ? ROOT : 0));
}

/** BLAKE3 of the bytes (a Uint8Array): 32 bytes. */
export function blake3(bytes) {
  const cv = node(bytes, 0, bytes.length, true);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = (cv[i >> 2] >>> (8 * (i & 3))) & 0xff;
  return out;
}

export function hex(bytes) {
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
