// The public API, from the browser (docs/api.md). The bearer token lives in this module's memory only: it goes out
// in the Authorization header, is never put in a cookie or in storage, and is gone when the page is closed.

let bearer = null;
let signedInAs = null;
let admin = false;
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Whole numbers past 2^53 kept exact (as BigInt) where the browser gives the reviver the number's source text: a
 * ledger amount rounded by JSON.parse would make a sound hash chain look altered.
 */
function exactIntegers(key, value, context) {
  return typeof value === 'number' && !Number.isSafeInteger(value) && context && /^-?[0-9]+$/.test(context.source)
    ? BigInt(context.source) : value;
}

async function call(method, path, body, reviver) {
  const headers = {'Accept': 'application/json'};
  if (bearer) headers['Authorization'] = 'Bearer ' + bearer;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit', cache: 'no-store'});
  const text = await response.text();
  const json = text ? JSON.parse(text, reviver) : null;
  if (!response.ok) {
    const error = json && json.error ? json.error : {code: 'http_' + response.status, message: response.statusText};
    throw new ApiError(response.status, error.code, error.message);
  }
  return json;
}

/**
 * An event stream that needs the bearer token (the admin's /v1/net/events): EventSource cannot send a header, so it
 * is a fetch whose body is read as it comes. Aborted through {@code signal}.
 */
export function stream(path, signal) {
  const headers = {'Accept': 'text/event-stream'};
  if (bearer) headers['Authorization'] = 'Bearer ' + bearer;
  return fetch(path, {headers, credentials: 'omit', cache: 'no-store', signal});
}

export const get = path => call('GET', path);

/** The bytes a GET answers (a model file), with the bearer token; a refusal throws as for JSON. */
export async function getBytes(path) {
  const headers = {};
  if (bearer) headers['Authorization'] = 'Bearer ' + bearer;
  const response = await fetch(path, {headers, credentials: 'omit', cache: 'no-store'});
  if (!response.ok) {
    const text = await response.text();
    const json = text.startsWith('{') ? JSON.parse(text) : null;
    const error = json && json.error ? json.error : {code: 'http_' + response.status, message: response.statusText};
    throw new ApiError(response.status, error.code, error.message);
  }
  return response.arrayBuffer();
}
export const post = (path, body) => call('POST', path, body);
export const getExact = path => call('GET', path, undefined, exactIntegers);

export function identity() {
  return signedInAs;
}

/** Calls {@code listener(did)} on every sign-in and sign-out; returns the function that stops it. */
export function onIdentity(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether the signed-in key is the node's admin key (the token's answer says so): admin actions show only then. */
export function isAdmin() {
  return admin;
}

export function useToken(did, token, isAdminKey = false) {
  signedInAs = did;
  bearer = token;
  admin = did !== null && isAdminKey === true;
  listeners.forEach(listener => listener(did));
}

export function signOut() {
  useToken(null, null);
}

/** A query string of the given parameters, leaving out empty ones. */
export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? '?' + text : '';
}
