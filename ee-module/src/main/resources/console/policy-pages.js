// The policy in force (and reloading it), the explain box, and the audit chain's verification.
import {get, post, el, utc, table, ApiError} from './api.js';

function load(l) {
  const box = el('div', {id: 'last-load', class: l.applied ? 'ok-box' : 'error-box'},
    el('p', {}, el('strong', {}, l.applied ? 'Applied' : 'Refused'), ` at ${utc(l.at, true)}`,
      l.applied ? ` (digest ${l.digest})` : ': the policy in force stays. Problems, file:line:column:'));
  if (l.problems.length) {
    box.append(el('ul', {class: 'problems'}, l.problems.map(p => el('li', {class: 'mono'}, p))));
  }
  return box;
}

export async function policy(ctx) {
  const p = await get('/admin/policy');
  const facts = [['Version', p.version], ['Digest', p.digest], ['Files', p.files], ['Loaded', utc(p.loaded_at, true)],
    ['Providers', p.providers], ['Model aliases', p.models], ['Teams', p.teams], ['Rules', p.rules], ['Guardrails', p.guardrails]];
  const latest = el('div', {}, el('h3', {}, 'Latest load'), load(p.last_load));
  ctx.page.append(el('dl', {class: 'facts', id: 'policy-facts'}, facts.map(([k, v]) => [el('dt', {}, k), el('dd', {dataset: {fact: k}}, String(v))])),
    latest);
  if (ctx.session.roles.includes('admin')) {
    const button = el('button', {type: 'button', id: 'reload', onclick: async () => {
      button.disabled = true;
      try {
        await post('/admin/policy/reload');
        ctx.go('policy');
      } catch (e) {
        if (e instanceof ApiError && e.status === 422) {
          latest.replaceChildren(el('h3', {}, 'Latest load'), load(e.body));
        } else {
          ctx.fail(e);
        }
      } finally {
        button.disabled = false;
      }
    }}, 'Reload the policy files');
    ctx.page.append(el('p', {}, button, ' A policy that does not load is refused; the one in force stays.'));
  }
}

const SAMPLE = JSON.stringify({model: 'chat', messages: [{role: 'user', content: 'Hello'}]}, null, 2);

export async function explain(ctx) {
  const result = el('div', {id: 'explain-result', 'aria-live': 'polite'});
  const form = el('form', {id: 'explain-form', onsubmit: async e => {
    e.preventDefault();
    ctx.busy();
    result.replaceChildren();
    let request;
    try {
      request = JSON.parse(form.elements.body.value);
    } catch (err) {
      result.append(el('p', {class: 'error', role: 'alert'}, `The request is not JSON: ${err.message}`));
      ctx.ready();
      return;
    }
    const who = form.elements.who.value;
    const body = {[who]: form.elements.name.value.trim(), endpoint: form.elements.endpoint.value, request};
    try {
      show(await post('/admin/policy/explain', body));
    } catch (err) {
      result.append(el('p', {class: 'error', role: 'alert'}, err.message));
    }
    ctx.ready();
  }},
  el('div', {class: 'controls'},
    el('label', {class: 'field', for: 'explain-who'}, 'Caller ', el('select', {id: 'explain-who', name: 'who'},
      el('option', {value: 'team'}, 'team'), el('option', {value: 'key'}, 'API key id'), el('option', {value: 'consumer'}, 'gateway consumer'))),
    el('label', {class: 'field', for: 'explain-name'}, 'Name ', el('input', {id: 'explain-name', name: 'name', required: true, size: 14})),
    el('label', {class: 'field', for: 'explain-endpoint'}, 'Endpoint ', el('select', {id: 'explain-endpoint', name: 'endpoint'},
      ['/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/images/generations', '/v1/audio/speech'].map(v => el('option', {value: v}, v))))),
  el('label', {for: 'explain-body'}, 'Request body (JSON)'),
  el('textarea', {id: 'explain-body', name: 'body', rows: 10, spellcheck: 'false'}, SAMPLE),
  el('p', {}, el('button', {type: 'submit', id: 'explain-submit'}, 'Explain')));
  ctx.page.append(el('p', {}, 'What the policy in force decides for this request, with fresh limits and budgets: nothing is spent or counted.'),
    form, result);

  function show(d) {
    const admitted = d.decision === 'admit';
    const facts = [['Decision', admitted ? 'ADMIT' : `REJECT ${d.status} ${d.code}`], ['Team', d.team ?? '–'], ['Rule', d.rule ?? 'none matched']];
    if (admitted) {
      facts.push(['Alias', d.alias], ['Tokens assumed', `${d.input_tokens} in, ${d.output_tokens} out`], ['Reserved (USD)', d.reserved_usd]);
    } else {
      facts.push(['Why', d.message]);
    }
    result.append(el('dl', {class: 'facts', id: 'explain-facts'}, facts.map(([k, v]) => [el('dt', {}, k), el('dd', {dataset: {fact: k}}, String(v))])));
    for (const [name, title] of [['guardrails', 'Guardrails'], ['limits', 'Limits'], ['notes', 'Notes']]) {
      if (d[name] && d[name].length) {
        result.append(el('h3', {}, title), el('ul', {}, d[name].map(x => el('li', {}, x))));
      }
    }
    if (d.candidates) {
      result.append(el('h3', {}, 'Deployments, in the order they would be tried'), table('explain-candidates', 'Candidates', [
        {key: 'deployment', label: 'Deployment'}, {key: 'alias', label: 'Alias'},
        {key: 'estimated_cost_usd', label: 'Estimated cost (USD)', numeric: true}], d.candidates, c => c.deployment));
      if (d.dropped.length) {
        result.append(table('explain-dropped', 'Dropped deployments', [
          {key: 'deployment', label: 'Deployment'}, {key: 'alias', label: 'Alias'}, {key: 'reason', label: 'Why'}], d.dropped, c => c.deployment));
      }
    }
  }
}

export async function audit(ctx) {
  const [verdict, latest] = await Promise.all([get('/admin/audit/verify'), get('/admin/audit?limit=20')]);
  ctx.page.append(el('div', {id: 'audit-verdict', class: verdict.valid ? 'ok-box' : 'error-box', dataset: {valid: String(verdict.valid), entries: String(verdict.entries)}},
    el('p', {}, el('strong', {}, verdict.valid ? 'The audit chain verifies.' : 'The audit chain is BROKEN.'),
      verdict.valid ? ` All ${verdict.entries} entries are linked by their hashes, none changed, removed or reordered.`
        : ` Entry ${verdict.broken_at}: ${verdict.reason}.`)));
  ctx.page.append(table('audit-table', 'Latest 20 entries', [
    {key: 'seq', label: '#', numeric: true}, {key: 'at', label: 'When', cell: e => utc(e.at)}, {key: 'actor', label: 'Who'},
    {key: 'action', label: 'Action'}, {key: 'subject', label: 'Subject'}, {key: 'detail', label: 'Detail'}], latest.entries, e => String(e.seq)));
}
