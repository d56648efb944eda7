// The console's pages, one per address fragment (#spend, #request/<id>, #requests?team=...), so every view can be
// bookmarked, shared and reached with the browser's back button; the navigation is plain links, usable by keyboard.
import {session, remove} from './api.js';
import {disposeCharts} from './charts.js';
import {spend, budgets, rankings} from './usage-pages.js';
import {health, requests, trace} from './ops-pages.js';
import {policy, explain, audit} from './policy-pages.js';

const PAGES = {
  spend: ['Spend and tokens over time', spend],
  budgets: ['Budgets', budgets],
  rankings: ['Model and provider rankings', rankings],
  health: ['Provider health', health],
  requests: ['Recent requests', requests],
  request: ['Request trace', trace],
  policy: ['The policy in force', policy],
  explain: ['Explain a request', explain],
  audit: ['Audit chain', audit],
};

const page = document.getElementById('page');
const title = document.getElementById('page-title');
const status = document.getElementById('status');
let timers = [];
let me = null;
/** Counts pages drawn: a late answer for a page already left must not mark the next one ready, or show its error. */
let drawn = 0;

function leave() {
  timers.forEach(clearInterval);
  timers = [];
  disposeCharts();
  page.replaceChildren();
  status.textContent = '';
  status.className = 'status';
}

function fail(e) {
  if (e.status === 401) {
    return; // on its way to the sign-in page
  }
  status.textContent = e.status === 403 ? `Your role may not see this page: ${e.message}` : e.message;
  status.className = 'status error';
  page.dataset.ready = '1';
}

async function route() {
  leave();
  const hash = decodeURIComponent(window.location.hash.slice(1)) || 'spend';
  const [path, query] = hash.split('?');
  const slash = path.indexOf('/');
  const name = slash < 0 ? path : path.slice(0, slash);
  const [heading, render] = PAGES[name] || PAGES.spend;
  document.querySelectorAll('nav a').forEach(a => {
    const current = a.getAttribute('href') === `#${name}` || (name === 'request' && a.getAttribute('href') === '#requests');
    if (current) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  });
  title.textContent = heading;
  document.title = `${heading} · Modelgate console`;
  page.dataset.page = name;
  page.dataset.ready = '0';
  const mine = ++drawn;
  const current = () => mine === drawn;
  const ctx = {
    page,
    session: me,
    arg: slash < 0 ? null : path.slice(slash + 1),
    params: new URLSearchParams(query || ''),
    busy: () => { if (current()) page.dataset.ready = '0'; },
    ready: () => { if (current()) page.dataset.ready = '1'; },
    fail: e => { if (current()) fail(e); },
    title: text => { title.textContent = text; },
    go: target => {
      page.dataset.ready = '0'; // at once: the new address's page is drawn on the next event
      if (window.location.hash === `#${target}`) {
        route(); // the same address again (a reload, the same filter): no hashchange comes
      } else {
        window.location.hash = target;
      }
    },
    every: (millis, task) => timers.push(setInterval(task, millis)),
    disposeCharts,
  };
  try {
    await render(ctx);
    ctx.ready();
  } catch (e) {
    ctx.fail(e);
  }
}

async function start() {
  try {
    me = await session();
  } catch (e) {
    return; // the API call has sent the browser to the sign-in page
  }
  // A team admin sees its own teams only: pages ask the API for one of them.
  me.teamAdminOnly = me.roles.length === 1 && me.roles[0] === 'team-admin';
  document.getElementById('who').textContent = `Signed in as ${me.user} (${me.roles.join(', ')})`
    + (me.teams.length ? `, teams ${me.teams.join(', ')}` : '');
  document.getElementById('sign-out').addEventListener('click', async () => {
    try {
      await remove('/admin/console/session');
    } finally {
      window.location.assign('/console/sign-in');
    }
  });
  window.addEventListener('hashchange', () => {
    route();
    title.setAttribute('tabindex', '-1');
    title.focus(); // a new page: put keyboard and screen reader at its heading
  });
  await route();
}

start();
