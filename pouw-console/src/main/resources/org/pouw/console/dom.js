// Builds elements without ever parsing markup: every string given becomes a text node, so a string from the API
// (a failure reason, a did, a task name) can never become an element or a script. The console has no innerHTML.

/** el('td', {class: 'num'}, 'text', childElement, …); attribute values are set as attributes, never as markup. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) throw new Error('event handlers are added with addEventListener: ' + name);
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what a container shows. */
export function show(container, ...children) {
  container.replaceChildren();
  append(container, children);
}

/** A whole number with thousands separators, or a dash for none. */
export function number(value) {
  return value === undefined || value === null ? '–' : Number(value).toLocaleString('en');
}

export function time(ms) {
  return ms ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–';
}

export function card(label, value, id) {
  return el('div', {class: 'card'}, el('span', {class: 'label'}, label),
    el('span', {class: 'value', id}, value));
}
