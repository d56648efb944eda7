// Spend and tokens over time, budgets with their burn-down, and the model and provider rankings: every figure
// from the reports API (/admin/usage, /admin/budgets, /admin/usage/rankings), shown as the API writes it.
import {get, el, count, usd, iso, utc, table, choice, select} from './api.js';
import {lineChart} from './charts.js';

const RANGES = {'24h': [24 * 3600, 'hour'], '7d': [7 * 86400, 'day'], '30d': [30 * 86400, 'day']};
const DIMENSIONS = [['team', 'Team'], ['key', 'API key'], ['model', 'Model'], ['provider', 'Provider']];
const MEASURES = [['cost', 'Spend (USD)'], ['tokens', 'Tokens']];

const usdAxis = v => (v >= 1 ? v.toFixed(2) : v.toPrecision(2));
const tokenAxis = v => count(Math.round(v));

/** The buckets from the first one that holds `from` up to `to`, in epoch seconds. */
function buckets(from, to, step) {
  const xs = [];
  for (let t = Math.floor(from / step) * step; t < to; t += step) {
    xs.push(t);
  }
  return xs;
}

/** One line per group (team, key, ...): its spend or tokens in each bucket, 0 where it had none. */
function seriesOf(rows, bucketName, dim, xs, measure) {
  const index = new Map(xs.map((x, i) => [x, i]));
  const lines = new Map();
  for (const r of rows) {
    const name = r[dim] ?? '(none)';
    if (!lines.has(name)) {
      lines.set(name, xs.map(() => 0));
    }
    const i = index.get(Date.parse(r[bucketName]) / 1000);
    if (i !== undefined) {
      lines.get(name)[i] += measure === 'cost' ? r.cost_micros / 1e6 : r.input_tokens + r.output_tokens;
    }
  }
  return [...lines.entries()].map(([label, values]) => ({label, values}));
}

export async function spend(ctx) {
  const state = {range: ctx.params.get('range') || '24h', dim: ctx.params.get('by') || 'team', measure: 'cost',
    team: ctx.session.teamAdminOnly ? ctx.session.teams[0] : null};
  const controls = el('div', {class: 'controls'},
    choice('range', 'Range', Object.keys(RANGES).map(r => [r, r]), state.range, v => { state.range = v; draw().catch(ctx.fail); }),
    select('dimension', 'Group by', DIMENSIONS, state.dim, v => { state.dim = v; draw().catch(ctx.fail); }),
    select('measure', 'Chart', MEASURES, state.measure, v => { state.measure = v; draw().catch(ctx.fail); }),
    ctx.session.teamAdminOnly ? select('team', 'Team', ctx.session.teams.map(t => [t, t]), state.team, v => { state.team = v; draw().catch(ctx.fail); }) : null);
  const out = el('div');
  ctx.page.append(controls, out);

  async function draw() {
    ctx.busy();
    const [seconds, bucket] = RANGES[state.range];
    const to = Math.floor(Date.now() / 60000) * 60; // to the minute, so the chart and the table read the same range
    const from = to - seconds;
    const query = `from=${iso(new Date(from * 1000))}&to=${iso(new Date(to * 1000))}` + (state.team ? `&team=${encodeURIComponent(state.team)}` : '');
    const [series, totals] = await Promise.all([
      get(`/admin/usage?${query}&group_by=${bucket},${state.dim}`),
      get(`/admin/usage?${query}&group_by=${state.dim}`)]);
    out.replaceChildren();
    ctx.disposeCharts();
    const xs = buckets(from, to, bucket === 'hour' ? 3600 : 86400);
    const label = DIMENSIONS.find(d => d[0] === state.dim)[1];
    lineChart(out, {title: `${state.measure === 'cost' ? 'Spend (USD)' : 'Tokens'} by ${label.toLowerCase()}, per ${bucket}`,
      xs, series: seriesOf(series.rows, bucket, state.dim, xs, state.measure),
      yLabel: state.measure === 'cost' ? 'USD' : 'tokens', format: state.measure === 'cost' ? usdAxis : tokenAxis});
    const columns = [
      {key: state.dim, label},
      {key: 'requests', label: 'Requests', numeric: true, cell: r => count(r.requests)},
      {key: 'input_tokens', label: 'Input tokens', numeric: true, cell: r => count(r.input_tokens)},
      {key: 'output_tokens', label: 'Output tokens', numeric: true, cell: r => count(r.output_tokens)},
      {key: 'cost_usd', label: 'Spend (USD)', numeric: true}];
    const t = table('spend-table', `${label}s, ${utc(totals.from)} to ${utc(totals.to)}`, columns, totals.rows,
      r => r[state.dim] ?? '', {...totals.totals, [state.dim]: 'Total'});
    t.querySelector('table').dataset.from = totals.from;
    t.querySelector('table').dataset.to = totals.to;
    out.append(t, el('p', {}, el('a', {id: 'csv', href: `/admin/usage?${query}&group_by=${bucket},${state.dim}&format=csv`, download: 'usage.csv'},
      `Export as CSV (per ${bucket} and ${label.toLowerCase()})`)));
    ctx.ready();
  }
  await draw();
}

export async function budgets(ctx) {
  const data = await get('/admin/budgets');
  const list = data.budgets;
  const now = data.generated_at;
  const runOut = b => (b.projected_run_out === null ? 'not this period' : utc(b.projected_run_out * 1000));
  ctx.page.append(table('budgets-table', `Budgets in their current period (as of ${utc(now * 1000)})`, [
    {key: 'scope', label: 'Budget'},
    {key: 'period', label: 'Period', cell: b => `${b.period} (${b.enforcement})`},
    {key: 'limit_usd', label: 'Limit (USD)', numeric: true},
    {key: 'spent_usd', label: 'Spent (USD)', numeric: true},
    {key: 'remaining_usd', label: 'Remaining (USD)', numeric: true, cell: b => usd(b.remaining_micros)},
    {key: 'used', label: 'Used', cell: b => el('meter', {min: 0, max: b.limit_micros, value: Math.min(b.spent_micros, b.limit_micros),
      title: `${Math.round(100 * b.spent_micros / b.limit_micros)} %`}, `${Math.round(100 * b.spent_micros / b.limit_micros)} %`)},
    {key: 'projected_run_out', label: 'Projected run-out', cell: runOut}], list, b => b.scope));
  if (list.length === 0) {
    ctx.ready();
    return;
  }
  const chartBox = el('div');
  const first = list.find(b => b.spent_micros > 0) || list[0];
  ctx.page.append(select('burn-down-budget', 'Burn-down of', list.map(b => [b.scope, b.scope]), first.scope, scope => draw(list.find(b => b.scope === scope)).catch(ctx.fail)),
    chartBox);

  async function draw(b) {
    ctx.busy();
    chartBox.replaceChildren();
    ctx.disposeCharts();
    const [kind, name] = [b.scope.slice(0, b.scope.indexOf(':')), b.scope.slice(b.scope.indexOf(':') + 1)];
    const hourly = b.window_end - b.window_start <= 2 * 86400;
    const step = hourly ? 3600 : 86400;
    const usage = await get(`/admin/usage?from=${iso(new Date(b.window_start * 1000))}&to=${iso(new Date(now * 1000))}`
      + `&group_by=${hourly ? 'hour' : 'day'}&${kind}=${encodeURIComponent(name)}`);
    const xs = buckets(b.window_start, b.window_end + 1, step);
    const spentBy = new Map(usage.rows.map(r => [Date.parse(r[hourly ? 'hour' : 'day']) / 1000, r.cost_micros]));
    let spent = 0;
    const remaining = xs.map(x => {
      if (x > now) {
        return null;
      }
      spent += spentBy.get(x) || 0;
      return (b.limit_micros - spent) / 1e6;
    });
    // The projection: from what is left now, straight down to the projected run-out (or on to the period's end).
    const left = b.remaining_micros / 1e6;
    const end = b.projected_run_out === null ? b.window_end : b.projected_run_out;
    const slope = b.spent_micros > 0 ? (b.spent_micros / 1e6) / (now - b.window_start) : 0;
    const projection = xs.map(x => (x < now - step || x > end + step ? null : Math.max(0, left - slope * Math.max(0, x - now))));
    lineChart(chartBox, {title: `${b.scope}: remaining (USD), ${b.period}; run-out ${runOut(b)}`, xs,
      series: [{label: 'Remaining', values: remaining}, {label: 'Projected', values: projection, dash: [6, 4]}],
      yLabel: 'USD', format: usdAxis});
    ctx.ready();
  }
  await draw(first);
}

function ranking(id, caption, entries, measure) {
  const top = Math.max(1, ...entries.map(e => e.value));
  return table(id, caption, [
    {key: 'rank', label: '#', numeric: true},
    {key: 'name', label: 'Name'},
    {key: 'tokens', label: 'Tokens', numeric: true, cell: e => count(e.tokens)},
    {key: 'requests', label: 'Requests', numeric: true, cell: e => count(e.requests)},
    {key: 'cost_usd', label: 'Spend (USD)', numeric: true},
    {key: 'share', label: `${measure}, against the top`, cell: e => el('span', {class: 'bar', style: null, dataset: {share: Math.round(100 * e.value / top)}},
      el('span', {class: 'fill', 'aria-hidden': 'true'}), ` ${Math.round(100 * e.value / top)} %`)},
    {key: 'trend', label: 'Trend'}], entries, e => e.name);
}

export async function rankings(ctx) {
  const period = ctx.params.get('period') || 'week';
  ctx.page.append(el('div', {class: 'controls'}, choice('period', 'Period', [['day', 'Day'], ['week', 'Week'], ['month', '30 days']], period,
    v => ctx.go(`rankings?period=${v}`))));
  const [models, providers] = await Promise.all([
    get(`/admin/usage/rankings?by=model&period=${period}&top=20`),
    get(`/admin/usage/rankings?by=provider&period=${period}&top=20`)]);
  const grid = el('div', {class: 'grid'});
  grid.append(
    el('section', {}, el('h3', {}, 'Models'), ranking('models-by-tokens', 'Top models by tokens', models.by_tokens, 'Tokens'),
      ranking('models-by-spend', 'Top models by spend', models.by_spend, 'Spend')),
    el('section', {}, el('h3', {}, 'Providers'), ranking('providers-by-tokens', 'Top providers by tokens', providers.by_tokens, 'Tokens'),
      ranking('providers-by-spend', 'Top providers by spend', providers.by_spend, 'Spend')));
  ctx.page.append(el('p', {}, `From ${utc(models.from)} to ${utc(models.to)}, against the period before.`), grid);
  // Bars are sized here, not by inline style (which the page's Content-Security-Policy forbids in markup).
  grid.querySelectorAll('.bar').forEach(b => { b.querySelector('.fill').style.width = `${b.dataset.share}%`; });
  ctx.ready();
}
