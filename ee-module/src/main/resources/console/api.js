// The console's calls to the admin API and its small DOM helpers. Every call carries the session cookie (the
// browser adds it: HttpOnly, SameSite=Strict), a header that marks it as the console's (so a 401 carries no Basic
// challenge that would open the browser's own password dialog) and, when it changes something, the session's
// CSRF token. Data reaches the page only through textContent, never as HTML.

let csrf = null;

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

async function call(method, path, body) {
  const headers = {'X-Modelgate-Console': '1', 'Accept': 'application/json'};
  if (method !== 'GET') {
    headers['X-Modelgate-CSRF'] = csrf;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const answer = await fetch(path, {method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body)});
  if (answer.status === 401) {
    window.location.assign('/console/sign-in');
    throw new ApiError(401, 'The console session has ended: sign in again.');
  }
  const text = await answer.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!answer.ok) {
    const message = json && json.error && json.error.message ? json.error.message : `The relay answered ${answer.status}.`;
    throw new ApiError(answer.status, message, json);
  }
  return json;
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const remove = path => call('DELETE', path);

/** Who is signed in, and the CSRF token the calls that change something send back. */
export async function session() {
  const s = await get('/admin/console/session');
  csrf = s.csrf_token;
  return s;
}

/** An element with attributes (on* are listeners) and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) {
      continue;
    }
    if (k === 'class') {
      node.className = v;
    } else if (k.startsWith('on')) {
      node.addEventListener(k.slice(2), v);
    } else if (k === 'dataset') {
      Object.assign(node.dataset, v);
    } else {
      node.setAttribute(k, v === true ? '' : v);
    }
  }
  for (const c of children.flat(Infinity)) {
    if (c !== null && c !== undefined) {
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }
  return node;
}

const INTEGER = new Intl.NumberFormat('en-US');

/** A count with thousands separators. */
export const count = n => INTEGER.format(n);

/** Exact USD from integer micro-USD, six decimals, as the reports write cost_usd. */
export function usd(micros) {
  const m = BigInt(micros);
  const a = m < 0n ? -m : m;
  return (m < 0n ? '-' : '') + (a / 1000000n) + '.' + String(a % 1000000n).padStart(6, '0');
}

/** An instant as the API takes it: ISO-8601 to the second, UTC. */
export const iso = date => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** An instant as people read it here: always UTC, so every operator sees the same time; to the minute or second. */
export function utc(value, seconds = false) {
  const d = value instanceof Date ? value : new Date(value);
  const text = d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
  return seconds ? text : text.replace(/:\d{2} UTC$/, ' UTC');
}

/**
 * A table whose cells say what they hold (data-col) and whose rows say whose they are (data-key), so tests and
 * scripts can read one figure without counting columns. columns: [{key, label, numeric, cell(row)}].
 */
export function table(id, caption, columns, rows, keyOf, footer) {
  const head = el('tr', {}, columns.map(c => el('th', {scope: 'col', class: c.numeric ? 'num' : null}, c.label)));
  const line = (row, key) => el('tr', {dataset: {key}}, columns.map((c, i) => {
    const value = c.cell ? c.cell(row) : row[c.key];
    return el(i === 0 ? 'th' : 'td', {scope: i === 0 ? 'row' : null, class: c.numeric ? 'num' : null, dataset: {col: c.key}},
      value === null || value === undefined ? '–' : value);
  }));
  const body = el('tbody', {}, rows.map(r => line(r, keyOf(r))));
  const t = el('table', {id}, el('caption', {}, caption), el('thead', {}, head), body);
  if (footer) {
    t.append(el('tfoot', {}, line(footer, '__total')));
  }
  if (rows.length === 0) {
    body.append(el('tr', {}, el('td', {colspan: columns.length, class: 'empty'}, 'Nothing in this range.')));
  }
  return el('div', {class: 'scroll', tabindex: '0', role: 'region', 'aria-label': caption}, t);
}

/** A group of radio buttons, keyboard-operable as the browser makes them. */
export function choice(name, legend, options, selected, onChange) {
  return el('fieldset', {class: 'choice'}, el('legend', {}, legend), options.map(([value, label]) => el('label', {},
    el('input', {type: 'radio', name, value, checked: value === selected, onchange: () => onChange(value)}), ' ', label)));
}

/** A labelled select. */
export function select(id, label, options, selected, onChange) {
  return el('label', {for: id, class: 'field'}, label, ' ',
    el('select', {id, onchange: e => onChange(e.target.value)},
      options.map(([value, text]) => el('option', {value, selected: value === selected}, text))));
}
