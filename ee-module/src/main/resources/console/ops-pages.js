// Provider health, refreshed while the page is open, and recent requests with each one's per-attempt trace.
import {get, el, count, utc, table, select} from './api.js';

const REFRESH_MS = 5000;

const ms = v => (v < 0 ? '–' : `${v.toFixed(1)} ms`);

export async function health(ctx) {
  const when = el('p', {id: 'health-updated'});
  const box = el('div');
  ctx.page.append(el('p', {}, `Refreshed every ${REFRESH_MS / 1000} s while this page is open. Latency percentiles cover each deployment's latest served calls on this relay.`),
    when, box);

  async function draw() {
    const data = await get('/admin/providers/health');
    const rows = Object.entries(data.deployments).map(([id, h]) => ({id, ...h}));
    box.replaceChildren(table('health-table', 'Deployments', [
      {key: 'id', label: 'Deployment'},
      {key: 'circuit', label: 'Breaker', cell: h => el('span', {class: `badge circuit-${h.circuit}`}, h.circuit.replace('_', '-'))},
      {key: 'error_rate', label: 'Error rate', numeric: true, cell: h => `${(h.error_rate * 100).toFixed(1)} %`},
      {key: 'p50_ms', label: 'p50', numeric: true, cell: h => ms(h.p50_ms)},
      {key: 'p95_ms', label: 'p95', numeric: true, cell: h => ms(h.p95_ms)},
      {key: 'ttft_p50_ms', label: 'First token p50', numeric: true, cell: h => ms(h.ttft_p50_ms)},
      {key: 'ttft_p95_ms', label: 'First token p95', numeric: true, cell: h => ms(h.ttft_p95_ms)},
      {key: 'served_calls', label: 'Calls measured', numeric: true, cell: h => count(h.served_calls)},
      {key: 'ewma_latency_ms', label: 'EWMA (routing)', numeric: true, cell: h => ms(h.ewma_latency_ms)}], rows, h => h.id));
    when.textContent = `Updated ${new Date().toISOString().slice(11, 19)} UTC`;
    ctx.ready();
  }
  await draw();
  ctx.every(REFRESH_MS, () => draw().catch(e => ctx.fail(e)));
}

export async function requests(ctx) {
  const p = ctx.params;
  const form = el('form', {class: 'controls', id: 'request-filters', onsubmit: e => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const name of ['team', 'model', 'status']) {
      const v = form.elements[name].value.trim();
      if (v) {
        q.set(name, v);
      }
    }
    ctx.go(`requests?${q}`);
  }},
  el('label', {class: 'field', for: 'filter-team'}, 'Team ', el('input', {id: 'filter-team', name: 'team', value: p.get('team') || '', size: 12})),
  el('label', {class: 'field', for: 'filter-model'}, 'Model ', el('input', {id: 'filter-model', name: 'model', value: p.get('model') || '', size: 14})),
  select('filter-status', 'Status', [['', 'any'], ['ok', 'served'], ['failover', 'served after failover'], ['failed', 'not served']],
    p.get('status') || '', () => {}),
  el('button', {type: 'submit'}, 'Filter'));
  form.querySelector('select').name = 'status';
  ctx.page.append(form);
  const q = new URLSearchParams();
  for (const name of ['team', 'model', 'status']) {
    if (p.get(name)) {
      q.set(name, p.get(name));
    }
  }
  if (!p.get('team') && ctx.session.teamAdminOnly) {
    q.set('team', ctx.session.teams[0]);
  }
  q.set('limit', '50');
  const data = await get(`/admin/requests?${q}`);
  ctx.page.append(table('requests-table', 'Latest requests, newest first', [
    {key: 'created_at', label: 'When', cell: r => utc(r.created_at)},
    {key: 'id', label: 'Request', cell: r => el('a', {href: `#request/${encodeURIComponent(r.id)}`, class: 'mono'}, r.id)},
    {key: 'team', label: 'Team'},
    {key: 'model', label: 'Model'},
    {key: 'served_by', label: 'Served by', cell: r => (r.served ? `${r.provider}/${r.upstream_model}` : 'not served')},
    {key: 'attempts_count', label: 'Attempts', numeric: true, cell: r => (r.failover ? el('span', {}, `${r.attempts_count} `, el('span', {class: 'badge failover'}, 'failover')) : String(r.attempts_count))},
    {key: 'tokens', label: 'Tokens in / out', numeric: true, cell: r => `${count(r.input_tokens)} / ${count(r.output_tokens)}`},
    {key: 'cost_usd', label: 'Cost (USD)', numeric: true},
    {key: 'outcome', label: 'Outcome'}], data.requests, r => r.id));
}

export async function trace(ctx) {
  const r = await get(`/admin/requests/${encodeURIComponent(ctx.arg)}`);
  ctx.title(`Request ${r.id}`);
  const facts = [['Team', r.team], ['API key', r.key], ['Model asked', r.model],
    ['Served by', r.served ? `${r.provider}/${r.upstream_model}` : 'not served'], ['Outcome', r.outcome],
    ['Streamed', r.streamed ? 'yes' : 'no'], ['Tokens in / out', `${count(r.input_tokens)} / ${count(r.output_tokens)}`],
    ['Cost (USD)', r.cost_usd], ['When', utc(r.created_at)]];
  ctx.page.append(el('p', {}, el('a', {href: '#requests'}, '← Recent requests')),
    el('dl', {class: 'facts', id: 'request-facts'}, facts.map(([k, v]) => [el('dt', {}, k), el('dd', {dataset: {fact: k}}, v ?? '–')])));
  const tried = r.attempts.filter(a => a.called).map(a => a.deployment);
  if (r.failover) {
    ctx.page.append(el('p', {class: 'failover-note', id: 'failover'}, el('span', {class: 'badge failover'}, 'failover'),
      ` Tried ${r.attempts.length} times: ${r.attempts.map(a => a.deployment).join(' → ')}; served by ${r.provider}/${r.upstream_model}.`));
  }
  ctx.page.append(el('h3', {}, 'Attempts, in the order they were made'), table('attempts-table', 'Per-attempt trace', [
    {key: 'n', label: '#', numeric: true},
    {key: 'deployment', label: 'Deployment'},
    {key: 'called', label: 'Called', cell: a => (a.called ? 'yes' : 'skipped')},
    {key: 'status', label: 'Status', numeric: true, cell: a => (a.called ? String(a.status) : '–')},
    {key: 'outcome', label: 'Outcome', cell: a => el('span', {class: a.status >= 200 && a.status < 300 ? 'ok' : 'bad'}, a.outcome)},
    {key: 'latency_ms', label: 'Latency', numeric: true, cell: a => `${a.latency_ms.toFixed(1)} ms`}], r.attempts, a => String(a.n)));
  ctx.page.dataset.tried = tried.join(',');
}
