'use strict';
/* global document, performance -- queueVisible's test runs in the page */
/**
 * The web phase of the bench (`npm run bench -- --only=web`, docs: bench/performance.md "Web app").
 * Headless Chromium (/usr/bin/chromium, CHROMIUM_PATH to override) against the built app that the
 * bench's API serves (dist/web):
 * - JavaScript per page: every script the page loaded on a full load with an empty cache, each
 *   gzipped at level 9 as a compressing proxy would send it (the API itself sends them plain);
 * - API calls per page: the /api/v1 requests from navigation until the network has been quiet for
 *   500 ms, split into the session's start (web-config, refresh, me: every full load makes them) and
 *   the page's own;
 * - queueVisibleMs: from navigation start (performance.now() in the page) to 100 items of the triage
 *   queue in the document, median of several loads, with an empty cache (cold) and with the
 *   browser's cache (warm).
 * The bench files 100 requests through the API first (the worker triages them), so the queue has
 * 100 items even when no other phase seeded any.
 */
const zlib = require('node:zlib');
const { intakeBodies } = require('../lib/bodies');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const QUEUE_ITEMS = 100;
/** Every full load starts the session with these three calls before the page asks for anything. */
const SESSION_START = ['/api/v1/web-config', '/api/v1/auth/refresh', '/api/v1/auth/me'];

const account = (role) => ({ email: `${role}@demo.consult-intake.test`, password: `demo-${role}-password` });

/**
 * Each role's menu pages and the detail pages people spend their time on. The smoke (CI) loads only
 * the two pages behind the headline figures: it proves the harness, not the numbers.
 */
function pagesToMeasure(ids, smoke) {
  if (smoke) return { requester: ['/requests'], investigator: ['/queue'] };
  return {
    requester: ['/requests', '/requests/new', `/requests/${ids.ownRequest}`],
    investigator: ['/queue', '/cases', '/notifications', `/cases/${ids.queued}`],
    supervisor: ['/dashboard', '/audit'],
    admin: ['/organizations', '/users'],
  };
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;

async function fileRequests({ port, token, request, log }) {
  const bodies = intakeBodies(QUEUE_ITEMS, 12);
  let created = 0;
  let firstId = null;
  for (const body of bodies) {
    const res = await request(port, 'POST', '/api/v1/consultations', {
      headers: { authorization: `Bearer ${token}` },
      body,
    });
    if (res.status !== 201)
      throw new Error(`POST /consultations answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
    created += 1;
    firstId ??= res.body.id;
  }
  log(`web: filed ${created} requests`);
  return firstId;
}

async function waitForQueue({ port, token, request, sleep }) {
  for (let i = 0; i < 120; i++) {
    const res = await request(port, 'GET', `/api/v1/triage-queue?limit=${QUEUE_ITEMS}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status === 200 && res.body.items.length >= QUEUE_ITEMS) return res.body.items[0].id;
    await sleep(500);
  }
  throw new Error(`the triage queue did not reach ${QUEUE_ITEMS} items within 60 s`);
}

/** One browser context per role, logged in through the login page as a person would. */
async function loggedIn(browser, base, role) {
  const context = await browser.newContext({ baseURL: base, locale: 'sv-SE' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.locator('#login-email').fill(account(role).email);
  await page.locator('#login-password').fill(account(role).password);
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('current-user').waitFor({ timeout: 30_000 });
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp };
}

/**
 * A full load of `path` with an empty cache: the scripts it loaded (fetched again afterwards for
 * their bytes: hashed assets, the same file) and the API calls it made.
 */
async function measureLoad({ context, page, cdp }, path) {
  await cdp.send('Network.clearBrowserCache');
  const scripts = new Set();
  const calls = [];
  const onRequest = (req) => {
    const url = new URL(req.url());
    if (url.pathname.startsWith('/api/v1/')) calls.push(`${req.method()} ${url.pathname}`);
    if (req.resourceType() === 'script') scripts.add(req.url());
  };
  page.on('request', onRequest);
  try {
    await page.goto(path, { waitUntil: 'networkidle' });
    await page.locator('h1').first().waitFor();
  } finally {
    page.off('request', onRequest);
  }
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const url of scripts) {
    const body = await (await context.request.get(url)).body();
    rawBytes += body.length;
    gzipBytes += zlib.gzipSync(body, { level: 9 }).length;
  }
  const own = calls.filter((call) => !SESSION_START.some((s) => call.endsWith(` ${s}`)));
  return {
    jsKbGzip: kb(gzipBytes),
    jsKbRaw: kb(rawBytes),
    scripts: scripts.size,
    apiCalls: calls.length,
    pageApiCalls: own.length,
    calls,
  };
}

/** Milliseconds from navigation start until the queue holds 100 items in the document. */
async function queueVisible({ page, cdp }, cold) {
  if (cold) await cdp.send('Network.clearBrowserCache');
  await page.goto('/queue', { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (n) =>
      document.querySelectorAll('[data-testid="queue-item"]').length >= n ? performance.now() : false,
    QUEUE_ITEMS,
    { polling: 'raf', timeout: 30_000 },
  );
  return handle.jsonValue();
}

async function measureWeb({ api, tokens, smoke, request, sleep, log }) {
  const { chromium } = require('@playwright/test');
  const ownRequest = await fileRequests({ port: api.port, token: tokens.requester, request, log });
  const queued = await waitForQueue({ port: api.port, token: tokens.investigator, request, sleep });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  const base = `http://localhost:${api.port}`;
  const runs = smoke ? 1 : 9;
  try {
    const pages = {};
    for (const [role, paths] of Object.entries(pagesToMeasure({ ownRequest, queued }, smoke))) {
      let session;
      try {
        session = await loggedIn(browser, base, role);
      } catch (error) {
        log(`web: no ${role} login (${error.message.split('\n')[0]}); its pages are not measured`);
        continue;
      }
      for (const path of paths) {
        const key = `${role} ${path.replace(/[0-9a-f-]{36}/, ':id')}`;
        pages[key] = await measureLoad(session, path);
        log(
          `web: ${key.padEnd(30)} JS ${pages[key].jsKbGzip} KB gzip, ${pages[key].apiCalls} API calls (${pages[key].pageApiCalls} of the page)`,
        );
      }
      if (role === 'investigator') {
        const cold = [];
        const warm = [];
        await queueVisible(session, true); // warm-up: the first load also compiles the app
        for (let i = 0; i < runs; i++) {
          cold.push(await queueVisible(session, true));
          warm.push(await queueVisible(session, false));
        }
        pages.queueRuns = { cold: cold.map(Math.round), warm: warm.map(Math.round) };
        log(`web: queue visible cold ${pages.queueRuns.cold.join(', ')} ms; warm ${pages.queueRuns.warm.join(', ')} ms`);
      }
      await session.context.close();
    }
    const { queueRuns, ...byPage } = pages;
    const max = (field) => Math.max(...Object.values(byPage).map((p) => p[field]));
    return {
      requesterJsKbGzip: byPage['requester /requests']?.jsKbGzip ?? null,
      staffJsKbGzip: byPage['investigator /queue']?.jsKbGzip ?? null,
      queueVisibleMs: queueRuns ? Math.round(median(queueRuns.cold)) : null,
      queueVisibleWarmMs: queueRuns ? Math.round(median(queueRuns.warm)) : null,
      maxPageApiCalls: max('pageApiCalls'),
      maxApiCallsPerLoad: max('apiCalls'),
      apiCallsPerPage: Object.fromEntries(Object.entries(byPage).map(([k, p]) => [k, p.pageApiCalls])),
      queueItems: QUEUE_ITEMS,
      queueRuns,
      pages: byPage,
    };
  } finally {
    await browser.close();
  }
}

module.exports = { measureWeb };
