'use strict';
/**
 * npm run bench        full benchmark (run `npm run build` first; this builds nothing)
 * npm run bench:smoke  seconds and small data, for CI: proves the harness still works
 *
 * Creates its own database (bench_<random>) and Redis prefix, migrates, seeds users, starts the
 * built API and worker and baseline B (bench/baseline/server.js), and measures with autocannon in
 * a separate process (bench/load.js), on loopback only. Candidate and baseline are interleaved in
 * rounds with the order reversed each round; a warm-up round is discarded. bench/performance.md
 * explains the method. Results: a table on stdout and bench/results/latest.json (smoke:
 * bench/results/smoke.json). Everything started here is stopped, and the database dropped, on
 * every exit path.
 *
 * Options: --smoke, --only=lists,authMe,intake,fixed,triage,audit,web,retention (a subset of the
 * phases; --only=retention alone starts no API, worker or baseline: bench/retention/phase.js; web:
 * the built app in headless Chromium, bench/web/phase.js),
 * --echo (show the children's output), --profile (CPU profiles of both servers during the auth/me
 * and intake rounds: bench/results/profiles/<who>-<phase>.cpuprofile plus a text summary),
 * --experiment=<name> (preload bench/experiments/<name>.js into the API only, to measure what a
 * change would buy before anyone makes it; results go to bench/results/experiment-<name>.json).
 * A run with --only writes bench/results/partial.json, so latest.json always holds a full run.
 * Env: BENCH_ROUNDS, BENCH_WINDOW_S, BENCH_BIG_ROWS, BENCH_POOL_SIZE, BENCH_PG_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_REDIS_URL, BENCH_KEEP_TMP=1 (keep the captured SQL and plans in the temp folder),
 * BENCH_BASELINE_PREPARED=1 (the baseline sends its statements as named prepared statements too),
 * BENCH_RETENTION_REQUESTS (requests the retention phase rotates and purges; default 100000).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');
const c = require('./lib/common');
const seed = require('./lib/seed');
const { intakeBodies } = require('./lib/bodies');
const { statementsFromTrace } = require('./baseline/logic');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = {
  api: path.join(ROOT, 'dist/apps/api/apps/api/src/main.js'),
  worker: path.join(ROOT, 'dist/apps/worker/apps/worker/src/main.js'),
  cli: path.join(ROOT, 'dist/apps/cli/apps/cli/src/main.js'),
};
const args = process.argv.slice(2);
const SMOKE = args.includes('--smoke');
const ECHO = args.includes('--echo');
const PROFILE = args.includes('--profile');
const PROFILE_DIR = path.join(ROOT, 'bench/results/profiles');
const PROFILE_HOOK = path.join(__dirname, 'lib/cpu-profile.js');
const EXPERIMENT =
  (args.find((a) => a.startsWith('--experiment=')) || '').slice('--experiment='.length) || null;
const EXPERIMENT_HOOK = EXPERIMENT ? path.join(__dirname, 'experiments', `${EXPERIMENT}.js`) : null;
/** The node arguments for a server we measure: with --profile, the SIGWINCH profiler hook first. */
const serverArgs = (entry, { candidate = false } = {}) => [
  ...(PROFILE ? ['-r', PROFILE_HOOK] : []),
  ...(candidate && EXPERIMENT_HOOK ? ['-r', EXPERIMENT_HOOK] : []),
  entry,
];
const profileEnv = (name) => (PROFILE ? { BENCH_PROFILE_DIR: PROFILE_DIR, BENCH_PROFILE_NAME: name } : {});
const ONLY = (args.find((a) => a.startsWith('--only=')) || '')
  .slice('--only='.length)
  .split(',')
  .filter(Boolean);
const runs = (phase) => ONLY.length === 0 || ONLY.includes(phase);
const envNumber = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);

const P = SMOKE
  ? {
      rounds: 1,
      warmupS: 1,
      windowS: envNumber('BENCH_WINDOW_S', 2),
      fixedRounds: 1,
      authMeWindowS: 1,
      connections: 50,
      sizes: [1000, 5000],
      listRequests: 200,
      listWarmup: 50,
      listConnections: 2,
      triageWindowS: 2,
      triageWaitS: 10,
      quiesceMaxS: 3,
      retentionRequests: 2000,
    }
  : {
      rounds: envNumber('BENCH_ROUNDS', 3),
      warmupS: 5,
      windowS: envNumber('BENCH_WINDOW_S', 10),
      fixedRounds: envNumber('BENCH_ROUNDS', 3),
      authMeWindowS: 5,
      connections: 50,
      sizes: [10_000, envNumber('BENCH_BIG_ROWS', 1_000_000)],
      listRequests: 2000,
      listWarmup: 300,
      listConnections: 2,
      triageWindowS: 20,
      triageWaitS: 60,
      quiesceMaxS: 45,
      retentionRequests: envNumber('BENCH_RETENTION_REQUESTS', 100000),
    };

const ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const started = Date.now();
const log = (message) =>
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}\n`);

class Fatal extends Error {}

/**
 * Problems that make the run fail (exit 1) after the results are written: an answer other than
 * 404 where the bench expects success (a 404 means "not built yet": the figure is null, the run
 * passes), the baseline no longer doing what the service does, a phase that broke.
 */
const failures = [];
function unexpected(what, res) {
  if (res.status === 404) return;
  failures.push(`${what} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
}

const state = {
  dbName: `bench_${randomBytes(5).toString('hex')}`,
  redisPrefix: `bench-${randomBytes(5).toString('hex')}`,
  tmp: fs.mkdtempSync(path.join(os.tmpdir(), 'consult-bench-')),
  db: null,
  children: {},
  cleaned: false,
};

// ------------------------------------------------------------------ setup

function benchEnv(port) {
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${state.dbName}`;
  // The apps log in as consult_app (production refuses a superuser); migrations run as the admin.
  const appUrl = new URL(dbUrl);
  appUrl.username = 'consult_app';
  appUrl.password = process.env.TEST_DATABASE_APP_PASSWORD ?? '';
  state.adminDbUrl = dbUrl.toString();
  state.env ??= {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: appUrl.toString(),
    DATABASE_MIGRATION_URL: dbUrl.toString(),
    DATABASE_POOL_SIZE: String(envNumber('BENCH_POOL_SIZE', 10)),
    REDIS_URL,
    REDIS_PREFIX: state.redisPrefix,
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomBytes(36).toString('base64'),
    JWT_ACCESS_TTL_SECONDS: '3600',
    ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    AUDIT_SIGNING_KEY: randomBytes(32).toString('base64'),
    // One requester files every request of the run: the limit is still checked on each (its
    // cost is measured), but never reached.
    INTAKE_LIMIT_PER_HOUR: '1000000',
    // The bench logs its seeded staff in with a password only: it measures requests, not the
    // second-factor step (empty = no role must use one; api.md "Second factor").
    MFA_REQUIRED_ROLES: '',
  };
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...state.env,
    ...(port ? { PORT: String(port) } : {}),
  };
}

async function setupDatabase() {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${state.dbName}`);
  } finally {
    await admin.end();
  }
  state.dbCreated = true;
  const env = benchEnv();
  const migrated = await c.runNode([ENTRY.cli, 'migrate'], { env, cwd: ROOT });
  if (migrated.code !== 0) throw new Fatal(`npm run migrate failed:\n${migrated.stderr || migrated.stdout}`);
  state.db = new Client({ connectionString: state.adminDbUrl });
  await state.db.connect();
}

const DEMO = {
  requester: { email: 'requester@demo.consult-intake.test', password: 'demo-requester-password' },
  investigator: { email: 'investigator@demo.consult-intake.test', password: 'demo-investigator-password' },
  supervisor: { email: 'supervisor@demo.consult-intake.test', password: 'demo-supervisor-password' },
};

/** The CLI's seed-demo (it refuses NODE_ENV=production: it prints well-known passwords), else SQL. */
async function seedUsers() {
  const seeded = await c.runNode([ENTRY.cli, 'seed-demo'], {
    env: { ...benchEnv(), NODE_ENV: 'development' },
    cwd: ROOT,
  });
  if (seeded.code !== 0) {
    log(
      `seed-demo unavailable (${(seeded.stderr || seeded.stdout).trim().split('\n')[0]}); seeding users with SQL`,
    );
    const argon2 = require('argon2');
    const org = await state.db.query(
      `INSERT INTO organizations (name, kind) VALUES ('Bench organization', 'other') RETURNING id`,
    );
    for (const [role, account] of Object.entries(DEMO)) {
      const hash = await argon2.hash(account.password, {
        type: argon2.argon2id,
        memoryCost: 19456,
        timeCost: 2,
      });
      await state.db.query(
        `INSERT INTO users (email, display_name, role, organization_id, password_hash) VALUES ($1, $2, $3, $4, $5)`,
        [account.email, `Bench ${role}`, role, role === 'requester' ? org.rows[0].id : null, hash],
      );
    }
  }
  const { rows } = await state.db.query(
    `SELECT id, role, organization_id AS "organizationId", email FROM users`,
  );
  state.users = Object.fromEntries(rows.map((u) => [u.role, u]));
  for (const role of Object.keys(DEMO))
    if (!state.users[role]) throw new Fatal(`no ${role} user after seeding`);
}

async function startApi() {
  const port = await c.freePort();
  const entry = c.startChild('api', serverArgs(ENTRY.api, { candidate: true }), {
    env: { ...benchEnv(port), ...profileEnv('candidate') },
    cwd: ROOT,
    echo: ECHO,
  });
  state.children.api = entry;
  await waitReady(entry, port, '/health/ready', 60_000);
  return { name: 'candidate', port, entry };
}

async function startWorker() {
  const entry = c.startChild('worker', serverArgs(ENTRY.worker), {
    env: { ...benchEnv(), ...profileEnv('worker') },
    cwd: ROOT,
    echo: ECHO,
  });
  state.children.worker = entry;
  await c.sleep(SMOKE ? 1500 : 3000);
  if (entry.exited)
    throw new Fatal(`the worker exited at start (code ${entry.code}):\n${entry.tail.join('\n')}`);
  return entry;
}

async function startBaseline(statementsFile) {
  const port = await c.freePort();
  const entry = c.startChild('baseline', serverArgs(path.join(__dirname, 'baseline/server.js')), {
    env: {
      ...benchEnv(port),
      ...profileEnv('baseline'),
      BASELINE_STATEMENTS: statementsFile,
      ...(process.env.BENCH_BASELINE_PREPARED === '1' ? { BASELINE_PREPARED: '1' } : {}),
    },
    cwd: ROOT,
    echo: ECHO,
  });
  state.children.baseline = entry;
  await waitReady(entry, port, '/health/live', 20_000);
  return { name: 'baseline', port, entry };
}

async function waitReady(entry, port, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (entry.exited)
      throw new Fatal(
        `${entry.name} exited before it was ready (code ${entry.code}):\n${entry.tail.join('\n')}`,
      );
    try {
      const res = await c.request(port, 'GET', probe, { timeoutMs: 2000 });
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await c.sleep(250);
  }
  throw new Fatal(
    `${entry.name} was not ready on ${probe} within ${timeoutMs / 1000}s:\n${entry.tail.join('\n')}`,
  );
}

function alive(target) {
  if (target.entry.exited) {
    throw new Fatal(
      `${target.entry.name} died during the bench (code ${target.entry.code}, signal ${target.entry.signal}):\n${target.entry.tail.join('\n')}`,
    );
  }
}

async function login(api, role) {
  const res = await c.request(api.port, 'POST', '/api/v1/auth/login', { body: DEMO[role] });
  if (res.status !== 200 || !res.body || !res.body.accessToken) {
    throw new Error(`login as ${role} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
  }
  return res.body.accessToken;
}

// ------------------------------------------------------------------ measuring

/**
 * One load window against a target: the load child (bench/load.js) opens its connections and says
 * "start"; the server's utime+stime is read then and again when the child reports its result.
 */
function measure(target, spec, worker) {
  return new Promise((resolve, reject) => {
    const pid = target.entry.child.pid;
    let cpu0 = null;
    let cpu1 = null;
    let workerCpu0 = null;
    let workerCpu1 = null;
    let result = null;
    let sampler = null;
    let procError = null;
    const readWorker = () => (worker && !worker.exited ? c.cpuMicros(worker.child.pid) : null);
    const child = c.startChild(
      'load',
      [path.join(__dirname, 'load.js'), JSON.stringify({ port: target.port, ...spec })],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        lineHandler: (line) => {
          let message;
          try {
            message = JSON.parse(line);
          } catch {
            return;
          }
          try {
            if (message.event === 'start') {
              cpu0 = c.cpuMicros(pid);
              workerCpu0 = readWorker();
              sampler = c.rssSampler(pid, 100);
            } else if (message.event === 'result') {
              cpu1 = c.cpuMicros(pid);
              workerCpu1 = readWorker();
              result = message;
            }
          } catch (error) {
            procError = error;
          }
        },
      },
    );
    const limit = setTimeout(() => child.child.kill('SIGKILL'), ((spec.duration || 0) + 120) * 1000);
    child.done.then(() => {
      clearTimeout(limit);
      const rss = sampler ? sampler.stop() : null;
      if (procError || target.entry.exited) {
        reject(
          new Fatal(
            `${target.name} is gone (${procError ? procError.message : `exit code ${target.entry.code}`}):\n${target.entry.tail.join('\n')}`,
          ),
        );
        return;
      }
      if (!result || result.error || cpu0 === null || cpu1 === null) {
        reject(new Error(`load child failed: ${result ? result.error : child.tail.join('\n')}`));
        return;
      }
      const completed = result.total || 0;
      const mem = c.memory(pid);
      resolve({
        rps: result.rps,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        cpuUsPerReq: completed ? (cpu1 - cpu0) / completed : null,
        rssMb: rss ? rss.maxMb : mem.rssMb,
        hwmMb: mem.hwmMb,
        ok: result.ok,
        total: completed,
        errorRate: completed ? 1 - result.ok / completed : null,
        statuses: result.statuses,
        errors: result.errors,
        timeouts: result.timeouts,
        elapsedS: result.elapsedS,
        workerCpuUsPerReq:
          workerCpu0 !== null && workerCpu1 !== null && completed
            ? (workerCpu1 - workerCpu0) / completed
            : null,
        firstRefusal: result.firstRefusal,
        firstError: result.firstError,
      });
    });
    child.child.on('error', reject);
  });
}

/** Waits (bounded) until the worker has relayed the outbox and triaged what intake created. */
async function quiesce(maxS = P.quiesceMaxS) {
  if (!state.intakeStart) return null;
  const t0 = Date.now();
  let last = null;
  let stableSince = Date.now();
  while (Date.now() - t0 < maxS * 1000) {
    const { rows } = await state.db.query(
      `SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL)::int AS outbox,
              (SELECT count(*) FROM consultations WHERE status = 'submitted' AND created_at >= $1)::int AS untriaged`,
      [state.intakeStart],
    );
    const pending = rows[0].outbox + rows[0].untriaged;
    if (pending === 0) return { waitedMs: Date.now() - t0, ...rows[0] };
    if (pending !== last) {
      last = pending;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 2000) {
      return { waitedMs: Date.now() - t0, stalled: true, ...rows[0] };
    }
    await c.sleep(250);
  }
  return { waitedMs: Date.now() - t0, timedOut: true };
}

const FIGURES = ['rps', 'p50Ms', 'p99Ms', 'cpuUsPerReq', 'rssMb'];

function summarize(windows) {
  const out = {};
  for (const f of FIGURES) out[f] = c.round(c.median(windows.map((w) => w[f])), f === 'rps' ? 0 : 2);
  out.ranges = Object.fromEntries(
    FIGURES.map((f) => [f, (c.range(windows.map((w) => w[f])) || []).map((v) => c.round(v, 2))]),
  );
  out.errorRate = c.round(Math.max(...windows.map((w) => w.errorRate || 0)), 4);
  out.workerCpuUsPerReq = c.round(c.median(windows.map((w) => w.workerCpuUsPerReq)), 1);
  return out;
}

/** Candidate vs baseline: per round, in alternating order; ratios are medians of per-round ratios. */
async function interleaved(label, targets, spec, { rounds, warmupS, windowS, worker, between }) {
  const windows = { candidate: [], baseline: [] };
  const log_ = [];
  const total = rounds + (warmupS ? 1 : 0);
  for (let r = 0; r < total; r++) {
    const warm = warmupS && r === 0;
    const order = r % 2 === 0 ? [targets.candidate, targets.baseline] : [targets.baseline, targets.candidate];
    for (const target of order) {
      const quiet = between ? await between() : null;
      alive(target);
      const m = await measure(target, { ...spec, duration: warm ? warmupS : windowS }, worker);
      alive(target);
      log(
        `${label} ${warm ? 'warm-up' : `round ${warmupS ? r : r + 1}`} ${target.name.padEnd(9)} ` +
          `${c.round(m.rps, 0)} req/s  p50 ${c.round(m.p50Ms)} ms  p99 ${c.round(m.p99Ms)} ms  ` +
          `${c.round(m.cpuUsPerReq, 0)} µs/req  rss ${c.round(m.rssMb, 0)} MB` +
          (m.errorRate > 0
            ? `  errors ${(m.errorRate * 100).toFixed(1)}% ${JSON.stringify(m.statuses)}`
            : ''),
      );
      log_.push({
        round: warm ? 'warm-up' : warmupS ? r : r + 1,
        target: target.name,
        quiesce: quiet,
        ...m,
        firstRefusal: undefined,
      });
      if (!warm) windows[target.name].push(m);
      if (m.ok === 0) {
        const why = m.firstRefusal
          ? `${m.firstRefusal.status} ${m.firstRefusal.body.slice(0, 300)}`
          : m.firstError || 'no 2xx answers';
        throw new Error(`${target.name} answered no request successfully: ${why}`);
      }
    }
  }
  const candidate = summarize(windows.candidate);
  const baseline = summarize(windows.baseline);
  const pairs = windows.candidate.map((w, i) => [w, windows.baseline[i]]);
  const pairRatio = (f) => c.round(c.median(pairs.map(([a, b]) => c.ratio(a[f], b[f]))), 3);
  return {
    ...candidate,
    baseline,
    ratioRps: pairRatio('rps'),
    ratioCpu: pairRatio('cpuUsPerReq'),
    ratioP99: pairRatio('p99Ms'),
    // Peak RSS of the whole phase (highest VmRSS sampled), candidate over baseline.
    ratioRss: c.round(c.ratio(candidate.rssMb, baseline.rssMb), 3),
    ratioRanges: {
      rps: c.range(pairs.map(([a, b]) => c.ratio(a.rps, b.rps))),
      cpu: c.range(pairs.map(([a, b]) => c.ratio(a.cpuUsPerReq, b.cpuUsPerReq))),
      p99: c.range(pairs.map(([a, b]) => c.ratio(a.p99Ms, b.p99Ms))),
    },
    rounds: log_,
  };
}

/** With --profile: runs `work` with both servers' profilers on; writes <who>-<phase>.cpuprofile and a summary. */
async function profiled(phase, targets, work) {
  if (!PROFILE) return work();
  fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const list = Object.values(targets);
  for (const t of list) t.entry.child.kill('SIGWINCH');
  try {
    return await work();
  } finally {
    for (const t of list) t.entry.child.kill('SIGWINCH');
    await c.sleep(2000);
    const { summarize } = require('./lib/profile-summary');
    for (const t of list) {
      const from = path.join(PROFILE_DIR, `${t.name}.cpuprofile`);
      const to = path.join(PROFILE_DIR, `${t.name}-${phase}.cpuprofile`);
      if (!fs.existsSync(from)) continue;
      fs.renameSync(from, to);
      const text = summarize(to, 30);
      fs.writeFileSync(to.replace(/\.cpuprofile$/, '.txt'), `${text}\n`);
      log(
        `profile written: ${path.relative(ROOT, to)} (summary beside it)\n${text.split('\n').slice(0, 14).join('\n')}`,
      );
    }
  }
}

async function probe(target, method, pathName, token, body) {
  const res = await c.request(target.port, method, pathName, {
    headers: { authorization: `Bearer ${token}` },
    body,
  });
  return res;
}

// ------------------------------------------------------------------ phases

async function captureTrace(tokens) {
  const sampleBody =
    intakeBodies(8, 99).find((b) => b.preferredContact.channel === 'phone') || intakeBodies(1, 99)[0];
  const requester = state.users.requester;
  const input = {
    token: tokens.requester,
    actor: { id: requester.id, role: 'requester', organizationId: requester.organizationId },
    body: sampleBody,
    ip: '127.0.0.1',
    requestId: 'bench-parity',
  };
  const inFile = path.join(state.tmp, 'trace-in.json');
  const outFile = path.join(state.tmp, 'trace.json');
  fs.writeFileSync(inFile, JSON.stringify(input));
  const run = await c.runNode([path.join(__dirname, 'baseline/capture.js'), 'trace', inFile, outFile], {
    env: { ...benchEnv(), BENCH_CAPTURE_DEBUG: process.env.BENCH_CAPTURE_DEBUG || '' },
    cwd: ROOT,
    timeoutMs: 60_000,
  });
  if (run.code !== 0)
    throw new Error(`capture.js trace failed: ${run.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
  const trace = JSON.parse(fs.readFileSync(outFile, 'utf8'));
  input.actor = trace.guard && trace.guard.actor ? trace.guard.actor : input.actor;
  return {
    trace,
    sample: { token: input.token, body: sampleBody, origin: { ip: input.ip, requestId: input.requestId } },
  };
}

/** Seeds consultations and audit events up to `size` rows each (either can be left out). */
async function seedTables(size, { consultations = true, audit = true } = {}) {
  const t0 = Date.now();
  let inserted = 0;
  if (consultations) {
    const { rows: existing } = await state.db.query(
      `SELECT count(*)::int AS n FROM consultations WHERE reference LIKE '${seed.SEED_PREFIX}%'`,
    );
    inserted = await seed.seedConsultations(state.db, {
      from: existing[0].n + 1,
      to: size,
      requesterId: state.users.requester.id,
      organizationId: state.users.requester.organizationId,
      investigatorId: state.users.investigator.id,
    });
  }
  const consultationsSeedS = (Date.now() - t0) / 1000;
  const t1 = Date.now();
  const head = (await state.db.query(`SELECT seq::int AS seq FROM audit_chain_head WHERE id = 1`)).rows[0]
    .seq;
  const actors = Object.values(state.users).map((u) => ({ id: u.id, role: u.role }));
  let lastReport = 0;
  if (audit) {
    await seed.seedAuditEvents(state.db, {
      count: size - head,
      actors,
      onProgress: (done) => {
        if (done - lastReport >= 200_000) {
          lastReport = done;
          log(`  audit events seeded: ${done}`);
        }
      },
    });
  }
  const auditSeedS = (Date.now() - t1) / 1000;
  await state.db.query('ANALYZE consultations');
  await state.db.query('ANALYZE audit_events');
  log(
    `seeded ${inserted} consultations in ${consultationsSeedS.toFixed(1)}s and ${audit ? Math.max(0, size - head) : 0} audit events in ${auditSeedS.toFixed(1)}s (${size} rows)`,
  );
  return { consultations: consultationsSeedS, audit: auditSeedS };
}

/** Waits (bounded) until the worker has signed a checkpoint at or after the current chain head. */
async function waitForCheckpoint(maxS) {
  const t0 = Date.now();
  const head = (await state.db.query(`SELECT seq FROM audit_chain_head WHERE id = 1`)).rows[0].seq;
  while (Date.now() - t0 < maxS * 1000) {
    const { rows } = await state.db.query(
      `SELECT count(*)::int AS n FROM audit_checkpoints WHERE seq >= $1`,
      [head],
    );
    if (rows[0].n > 0) {
      log(`audit checkpoint over the seeded chain written after ${((Date.now() - t0) / 1000).toFixed(0)}s`);
      return;
    }
    await c.sleep(1000);
  }
  log(`no audit checkpoint over the seeded chain after ${maxS}s; measuring anyway`);
}

async function listsAt(size, label, api, tokens) {
  const seedS = await seedTables(size);

  const counts = (
    await state.db.query(
      `SELECT (SELECT count(*) FROM consultations)::int AS consultations, (SELECT seq FROM audit_chain_head)::int AS "auditEvents"`,
    )
  ).rows[0];
  const deepQueue = await seed.queueKeyAt(state.db, 0.9);
  const deepAuditSeq = Math.max(2, Math.floor(counts.auditEvents * 0.1));
  const limit = 20;
  await seed.encryptShownRows(state.db, state.env, null, limit + 1);
  if (deepQueue.key) await seed.encryptShownRows(state.db, state.env, deepQueue.key, limit + 1);

  // Cursors made by the product's encoders, and EXPLAIN (ANALYZE) of the product's own SQL.
  const pagesIn = {
    limit,
    investigator: { id: state.users.investigator.id, role: 'investigator', organizationId: null },
    supervisor: { id: state.users.supervisor.id, role: 'supervisor', organizationId: null },
    points: [
      { name: 'auditFirst', kind: 'audit', key: null },
      { name: 'auditDeep', kind: 'audit', key: { seq: deepAuditSeq } },
      { name: 'queueFirst', kind: 'queue', key: null },
      { name: 'queueDeep', kind: 'queue', key: deepQueue.key },
    ],
  };
  const inFile = path.join(state.tmp, `pages-${label}.json`);
  const outFile = path.join(state.tmp, `pages-${label}-out.json`);
  fs.writeFileSync(inFile, JSON.stringify(pagesIn));
  const run = await c.runNode([path.join(__dirname, 'baseline/capture.js'), 'pages', inFile, outFile], {
    env: benchEnv(),
    cwd: ROOT,
  });
  const captured = run.code === 0 ? JSON.parse(fs.readFileSync(outFile, 'utf8')).points : [];
  if (run.code !== 0) log(`capture.js pages failed: ${run.stderr.trim().split('\n')[0]}`);

  const out = {
    rows: { ...counts, queue: deepQueue.queueSize },
    seedS,
    pages: {},
  };
  for (const point of pagesIn.points) {
    const cap = captured.find((p) => p.name === point.name) || { error: 'not captured' };
    const isQueue = point.kind === 'queue';
    const base = isQueue ? '/api/v1/triage-queue' : '/api/v1/audit-events';
    const token = isQueue ? tokens.investigator : tokens.supervisor;
    const plans = (cap.statements || []).filter((s) => s.plan).map((s) => s.plan);
    const entry = {
      explain: plans,
      usesIndex: plans.length
        ? plans.every(
            (p) => /Index (Only )?Scan/.test(p) && !/Seq Scan on (consultations|audit_events)/.test(p),
          )
        : null,
      sorts: plans.length ? plans.some((p) => /\bSort\b/.test(p)) : null,
    };
    out.pages[point.name] = entry;
    if (point.key && !cap.cursor) {
      entry.p99Ms = null;
      entry.reason = `no cursor for the deep page: ${cap.error || 'capture gave none'}`;
      continue;
    }
    const pathName = `${base}?limit=${limit}${cap.cursor ? `&cursor=${cap.cursor}` : ''}`;
    const first = await probe(api, 'GET', pathName, token);
    if (first.status !== 200) {
      entry.p99Ms = null;
      entry.reason = `GET ${base} answered ${first.status}${first.status === 404 ? ' (not built yet?)' : ''}: ${JSON.stringify(first.body).slice(0, 200)}`;
      unexpected(`GET ${base} (${point.name}, ${label})`, first);
      log(`${point.name}: ${entry.reason}`);
      continue;
    }
    entry.items = Array.isArray(first.body.items) ? first.body.items.length : null;
    const spec = {
      method: 'GET',
      path: pathName,
      headers: { authorization: `Bearer ${token}` },
      connections: P.listConnections,
    };
    await measure(api, { ...spec, amount: P.listWarmup });
    const m = await measure(api, { ...spec, amount: P.listRequests });
    alive(api);
    Object.assign(entry, {
      p50Ms: c.round(m.p50Ms),
      p99Ms: c.round(m.p99Ms),
      rps: c.round(m.rps, 0),
      errorRate: m.errorRate,
      cpuUsPerReq: c.round(m.cpuUsPerReq, 0),
    });
    log(
      `${label} ${point.name.padEnd(10)} p50 ${entry.p50Ms} ms  p99 ${entry.p99Ms} ms  ${entry.rps} req/s  index ${entry.usesIndex}  items ${entry.items}`,
    );
  }
  return out;
}

function listSummary(small, big, first, deep) {
  const p = (s, name) => (s && s.pages[name] ? s.pages[name].p99Ms : null);
  // The headline p99 is the worse of the first page and the deep keyset page at each size.
  const worst = (s) => {
    const values = [p(s, first), p(s, deep)].filter((v) => v !== null && v !== undefined);
    return values.length ? Math.max(...values) : null;
  };
  const small99 = worst(small);
  const big99 = worst(big);
  const reasons = [small, big]
    .flatMap((s) => (s ? [s.pages[first], s.pages[deep]] : []))
    .filter((e) => e && e.reason)
    .map((e) => e.reason);
  return {
    p99Ms10k: small99,
    p99Ms1M: big99,
    growth: c.round(c.ratio(big99, small99), 3),
    firstPage: {
      p99Ms10k: p(small, first),
      p99Ms1M: p(big, first),
      growth: c.round(c.ratio(p(big, first), p(small, first)), 3),
    },
    deepPage: {
      p99Ms10k: p(small, deep),
      p99Ms1M: p(big, deep),
      growth: c.round(c.ratio(p(big, deep), p(small, deep)), 3),
    },
    rows: { small: small && small.rows, big: big && big.rows },
    usesIndex: [small, big].every(
      (s) => !s || [first, deep].every((n) => s.pages[n] && s.pages[n].usesIndex !== false),
    ),
    ...(reasons.length ? { reason: [...new Set(reasons)].join('; ') } : {}),
  };
}

/**
 * Half the baseline's closed-loop maximum: measured in this run by the intake phase; without it,
 * BENCH_HALF_RATE, else half the baseline's rate in the last full run (bench/results/latest.json).
 */
function halfLoad(results) {
  const measured = results.intake && results.intake.baseline && results.intake.baseline.rps;
  if (measured) return Math.max(10, Math.floor(measured / 2));
  if (process.env.BENCH_HALF_RATE) return Number(process.env.BENCH_HALF_RATE);
  if (SMOKE) return null;
  try {
    const latest = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench/results/latest.json'), 'utf8'));
    const rps = latest.intake && latest.intake.baseline && latest.intake.baseline.rps;
    if (rps) log(`half load from latest.json: ${Math.floor(rps / 2)} req/s (the intake phase did not run)`);
    return rps ? Math.max(10, Math.floor(rps / 2)) : null;
  } catch {
    return null;
  }
}

async function triageLatency(api, token, rate, worker) {
  await quiesce();
  const t0 = (await state.db.query(`SELECT now() AS t`)).rows[0].t;
  const m = await measure(
    api,
    {
      method: 'POST',
      path: '/api/v1/consultations',
      headers: { authorization: `Bearer ${token}` },
      body: 'intake',
      bodySeed: 11,
      connections: P.connections,
      duration: P.triageWindowS,
      overallRate: rate,
    },
    worker,
  );
  const t1 = (await state.db.query(`SELECT now() AS t`)).rows[0].t;
  const waitStart = Date.now();
  let last = null;
  let stableSince = Date.now();
  while (Date.now() - waitStart < P.triageWaitS * 1000) {
    const pending = (
      await state.db.query(
        `SELECT count(*)::int AS n FROM consultations WHERE created_at >= $1 AND created_at <= $2 AND status = 'submitted'`,
        [t0, t1],
      )
    ).rows[0].n;
    if (pending === 0) break;
    if (pending !== last) {
      last = pending;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 10_000) break;
    await c.sleep(250);
  }
  // Submission = created_at (the intake transaction's time); triaged = triaged_at (the worker's
  // triage transaction). Both stamped by the database clock. A request never triaged counts as
  // slower than any triaged one (nearest-rank percentiles over every request of the window).
  const { rows } = await state.db.query(
    `SELECT extract(epoch FROM triaged_at - created_at) * 1000 AS ms
     FROM consultations WHERE created_at >= $1 AND created_at <= $2`,
    [t0, t1],
  );
  const all = rows
    .map((r) => (r.ms === null ? Number.POSITIVE_INFINITY : Number(r.ms)))
    .sort((a, b) => a - b);
  const triaged = all.filter(Number.isFinite).length;
  // Where the time goes: until the relay's transaction that published the triage job began
  // (outbox published_at is that transaction's now()), and from there to the triage's commit.
  const split = (
    await state.db.query(
      `SELECT percentile_disc(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY extract(epoch FROM o.published_at - c.created_at) * 1000) AS relay,
              percentile_disc(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY extract(epoch FROM c.triaged_at - o.published_at) * 1000) AS after
       FROM consultations c JOIN outbox o ON o.job_id = 'triage-' || c.id
       WHERE c.created_at >= $1 AND c.created_at <= $2 AND c.triaged_at IS NOT NULL`,
      [t0, t1],
    )
  ).rows[0];
  const pair = (v) => (v ? { p50Ms: c.round(Number(v[0])), p95Ms: c.round(Number(v[1])) } : null);
  const at = (q) => {
    const v = all[Math.max(0, Math.ceil(q * all.length) - 1)];
    return Number.isFinite(v) ? c.round(v) : null;
  };
  const out = {
    rate,
    achievedRps: c.round(m.rps, 0),
    windowS: P.triageWindowS,
    submitted: all.length,
    triaged,
    untilRelayed: pair(split.relay),
    relayedToTriaged: pair(split.after),
  };
  if (all.length === 0)
    return { p50Ms: null, p95Ms: null, ...out, reason: 'no request was created in the window' };
  if (triaged === 0) {
    return {
      p50Ms: null,
      p95Ms: null,
      ...out,
      reason: `none of ${all.length} requests was triaged within ${P.triageWaitS}s (no triage processor yet?)`,
    };
  }
  return {
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: triaged === all.length ? c.round(all[all.length - 1]) : null,
    ...out,
    ...(triaged < all.length
      ? { reason: `${all.length - triaged} of ${all.length} requests were not triaged within the wait` }
      : {}),
  };
}

/** One streamed or long GET while VmRSS of the API is sampled every 50 ms. */
async function sampledGet(api, pathName, token, onData) {
  const pid = api.entry.child.pid;
  const sampler = c.rssSampler(pid, 50);
  const cpu0 = c.cpuMicros(pid);
  const res = await c.request(api.port, 'GET', pathName, {
    headers: { authorization: `Bearer ${token}` },
    timeoutMs: 600_000,
    onData,
  });
  const cpu1 = c.cpuMicros(pid);
  const rss = sampler.stop();
  return {
    res,
    seconds: res.ms / 1000,
    rssGrowthMb: c.round(rss.maxMb - rss.startMb, 1),
    rssStartMb: c.round(rss.startMb, 1),
    rssMaxMb: c.round(rss.maxMb, 1),
    cpuS: c.round((cpu1 - cpu0) / 1e6, 2),
  };
}

async function auditVerifyAndExport(api, token) {
  const head = (await state.db.query(`SELECT seq::int AS seq FROM audit_chain_head WHERE id = 1`)).rows[0]
    .seq;
  const verify = await sampledGet(api, '/api/v1/audit-events/verify', token);
  let auditVerify;
  if (verify.res.status === 200 && verify.res.body && typeof verify.res.body.checkedEvents === 'number') {
    auditVerify = {
      eventsPerSec: c.round(verify.res.body.checkedEvents / verify.seconds, 0),
      rssGrowthMb: verify.rssGrowthMb,
      checkedEvents: verify.res.body.checkedEvents,
      valid: verify.res.body.valid,
      firstInvalidSeq: verify.res.body.firstInvalidSeq ?? null,
      seconds: c.round(verify.seconds, 2),
      rssStartMb: verify.rssStartMb,
      rssMaxMb: verify.rssMaxMb,
      apiCpuS: verify.cpuS,
    };
    if (!verify.res.body.valid)
      failures.push(`the audit chain does not verify: ${JSON.stringify(verify.res.body)}`);
    if (!verify.res.body.valid)
      log(`WARNING: verification says the chain is NOT valid: ${JSON.stringify(verify.res.body)}`);
  } else {
    unexpected('GET /api/v1/audit-events/verify', verify.res);
    auditVerify = {
      eventsPerSec: null,
      rssGrowthMb: null,
      reason: `GET /api/v1/audit-events/verify answered ${verify.res.status}: ${JSON.stringify(verify.res.body).slice(0, 200)}`,
    };
  }
  log(`audit verify: ${JSON.stringify(auditVerify)}`);

  let lines = 0;
  let events = 0;
  let tail = '';
  let endLine = null;
  const onData = (chunk) => {
    const text = tail + chunk.toString('utf8');
    const parts = text.split('\n');
    tail = parts.pop();
    for (const line of parts) {
      lines += 1;
      if (line.startsWith('{"type":"event"')) events += 1;
      else if (line.startsWith('{"type":"end"')) endLine = line;
    }
  };
  const exp = await sampledGet(api, '/api/v1/audit-events/export?format=ndjson', token, onData);
  let auditExport;
  if (exp.res.status === 200 && lines > 0) {
    auditExport = {
      rowsPerSec: c.round(events / exp.seconds, 0),
      rssGrowthMb: exp.rssGrowthMb,
      events,
      lines,
      complete: endLine !== null,
      seconds: c.round(exp.seconds, 2),
      rssStartMb: exp.rssStartMb,
      rssMaxMb: exp.rssMaxMb,
      apiCpuS: exp.cpuS,
    };
  } else {
    unexpected('GET /api/v1/audit-events/export', exp.res);
    auditExport = {
      rowsPerSec: null,
      rssGrowthMb: null,
      reason: `GET /api/v1/audit-events/export answered ${exp.res.status}: ${JSON.stringify(exp.res.body).slice(0, 200)}`,
    };
  }
  log(`audit export: ${JSON.stringify(auditExport)}`);
  return { auditVerify: { ...auditVerify, chainLength: head }, auditExport };
}

// ------------------------------------------------------------------ output

function table(results) {
  const rows = [];
  const fmt = (v, d = 2) =>
    v === null || v === undefined ? '—' : typeof v === 'number' ? String(c.round(v, d)) : String(v);
  const i = results.intake || {};
  const b = i.baseline || {};
  rows.push([
    'intake (50 conn)',
    'candidate',
    fmt(i.rps, 0),
    fmt(i.p50Ms),
    fmt(i.p99Ms),
    fmt(i.cpuUsPerReq, 0),
    fmt(i.rssMb, 0),
  ]);
  rows.push([
    '',
    'baseline',
    fmt(b.rps, 0),
    fmt(b.p50Ms),
    fmt(b.p99Ms),
    fmt(b.cpuUsPerReq, 0),
    fmt(b.rssMb, 0),
  ]);
  rows.push(['', 'ratio', fmt(i.ratioRps, 3), '', fmt(i.ratioP99, 3), fmt(i.ratioCpu, 3), fmt(i.ratioRss, 3)]);
  const f = i.fixedRate || {};
  if (f.rate) {
    rows.push([
      `intake @${f.rate}/s`,
      'candidate',
      fmt(f.rps, 0),
      fmt(f.p50Ms),
      fmt(f.p99Ms),
      fmt(f.cpuUsPerReq, 0),
      fmt(f.rssMb, 0),
    ]);
    rows.push([
      '',
      'baseline',
      fmt(f.baseline && f.baseline.rps, 0),
      fmt(f.baseline && f.baseline.p50Ms),
      fmt(f.baseline && f.baseline.p99Ms),
      fmt(f.baseline && f.baseline.cpuUsPerReq, 0),
      fmt(f.baseline && f.baseline.rssMb, 0),
    ]);
    rows.push(['', 'ratio', fmt(f.ratioRps, 3), '', fmt(f.ratioP99, 3), fmt(f.ratioCpu, 3), '']);
  }
  const a = results.authMe || {};
  if (a.baseline) {
    rows.push([
      'GET /auth/me',
      'candidate',
      fmt(a.rps, 0),
      fmt(a.p50Ms),
      fmt(a.p99Ms),
      fmt(a.cpuUsPerReq, 0),
      fmt(a.rssMb, 0),
    ]);
    rows.push([
      '',
      'baseline',
      fmt(a.baseline.rps, 0),
      fmt(a.baseline.p50Ms),
      fmt(a.baseline.p99Ms),
      fmt(a.baseline.cpuUsPerReq, 0),
      fmt(a.baseline.rssMb, 0),
    ]);
    rows.push(['', 'ratio', fmt(a.ratioRps, 3), '', fmt(a.ratioP99, 3), fmt(a.ratioCpu, 3), '']);
  }
  const head = ['measurement', 'who', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'RSS MB'];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
  const line = (r) => r.map((v, k) => String(v).padEnd(widths[k])).join('  ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ''];
  const small = SMOKE ? `${P.sizes[0]} rows` : '10k';
  const big = SMOKE ? `${P.sizes[1]} rows` : `${P.sizes[1] / 1e6}M`;
  const t = results.triageQueue || {};
  const l = results.auditList || {};
  out.push(
    `triage queue p99: ${fmt(t.p99Ms10k)} ms at ${small}, ${fmt(t.p99Ms1M)} ms at ${big}, growth ${fmt(t.growth, 3)}${t.reason ? `  (${t.reason})` : ''}`,
  );
  out.push(
    `audit list   p99: ${fmt(l.p99Ms10k)} ms at ${small}, ${fmt(l.p99Ms1M)} ms at ${big}, growth ${fmt(l.growth, 3)}${l.reason ? `  (${l.reason})` : ''}`,
  );
  const tl = results.triageLatency || {};
  out.push(
    `triage latency at half load: p50 ${fmt(tl.p50Ms)} ms, p95 ${fmt(tl.p95Ms)} ms${tl.reason ? `  (${tl.reason})` : ''}`,
  );
  const v = results.auditVerify || {};
  out.push(
    `audit verify: ${fmt(v.eventsPerSec, 0)} events/s, RSS growth ${fmt(v.rssGrowthMb, 1)} MB${v.checkedEvents ? `, ${v.checkedEvents} events, valid ${v.valid}` : ''}${v.reason ? `  (${v.reason})` : ''}`,
  );
  const e = results.auditExport || {};
  out.push(
    `audit export: ${fmt(e.rowsPerSec, 0)} rows/s, RSS growth ${fmt(e.rssGrowthMb, 1)} MB${e.events ? `, ${e.events} events` : ''}${e.reason ? `  (${e.reason})` : ''}`,
  );
  const r = results.retention;
  if (r)
    out.push(
      r.reason
        ? `retention: not measured (${r.reason})`
        : `key rotation of ${r.requests} requests: re-wrap ${fmt(r.rewrap.seconds, 1)} s (${fmt(r.rewrap.requestsPerSec, 0)} requests/s) ` +
            `vs today's re-encrypt of ${r.reencrypt.fields} fields ${fmt(r.reencrypt.seconds, 1)} s (${fmt(r.reencrypt.requestsPerSec, 0)} requests/s): ` +
            `${fmt(r.speedup, 1)}x; one-time move to data keys ${fmt(r.moveToDataKeys.seconds, 1)} s\n` +
            `purge: ${r.purge.requests} requests in ${fmt(r.purge.seconds, 1)} s = ${fmt(r.purge.requestsPerSec, 0)} requests/s`,
    );
  const w = results.web;
  if (w)
    out.push(
      w.reason
        ? `web: not measured (${w.reason})`
        : `web: requester's first page ${fmt(w.requesterJsKbGzip, 1)} KB of JS gzipped, staff ${fmt(w.staffJsKbGzip, 1)} KB; ` +
            `100-item queue visible after ${fmt(w.queueVisibleMs, 0)} ms (cold cache), ${fmt(w.queueVisibleWarmMs, 0)} ms (warm); ` +
            `API calls per page at most ${w.maxPageApiCalls} of its own, ${w.maxApiCallsPerLoad} with the session's start`,
    );
  if (results.parity)
    out.push(
      `baseline parity: ${results.parity.ok === null ? `not checked (${results.parity.reason})` : results.parity.ok ? 'same statements and parameters as the service' : 'MISMATCH'}${results.parity.checks ? ` (${results.parity.checks.map((x) => `${x.name}: ${x.ok === null ? 'skipped' : x.ok ? 'same' : 'DIFFERENT'}`).join(', ')})` : ''}`,
    );
  return out.join('\n');
}

const nulls = (fields, reason) => ({ ...Object.fromEntries(fields.map((f) => [f, null])), reason });

// ------------------------------------------------------------------ main

async function main() {
  for (const [name, file] of Object.entries(ENTRY)) {
    if (!fs.existsSync(file))
      throw new Fatal(`${file} is missing: run npm run build first (the ${name} is not built)`);
  }
  if (EXPERIMENT_HOOK && !fs.existsSync(EXPERIMENT_HOOK)) throw new Fatal(`no experiment ${EXPERIMENT_HOOK}`);
  log(`${SMOKE ? 'smoke' : 'full'} bench: database ${state.dbName}, Redis prefix ${state.redisPrefix}`);
  await setupDatabase();
  await seedUsers();
  if (ONLY.length > 0 && ONLY.every((phase) => phase === 'retention')) {
    return finish({ retention: await retentionPhase() }, failures);
  }
  const api = await startApi();
  const worker = await startWorker();
  log(`api pid ${api.entry.child.pid} on port ${api.port}, worker pid ${worker.child.pid}`);

  const results = {
    intake: nulls(
      ['rps', 'p50Ms', 'p99Ms', 'cpuUsPerReq', 'rssMb', 'baseline', 'ratioRps', 'ratioCpu', 'ratioP99', 'ratioRss'],
      'not measured',
    ),
    triageQueue: nulls(['p99Ms10k', 'p99Ms1M', 'growth'], 'not measured'),
    auditList: nulls(['p99Ms10k', 'p99Ms1M', 'growth'], 'not measured'),
    triageLatency: nulls(['p50Ms', 'p95Ms'], 'not measured'),
    auditVerify: nulls(['eventsPerSec', 'rssGrowthMb'], 'not measured'),
    auditExport: nulls(['rowsPerSec', 'rssGrowthMb'], 'not measured'),
  };

  let tokens;
  try {
    tokens = {
      requester: await login(api, 'requester'),
      investigator: await login(api, 'investigator'),
      supervisor: await login(api, 'supervisor'),
    };
  } catch (error) {
    const reason = `login failed: ${error.message}`;
    for (const key of Object.keys(results)) results[key].reason = reason;
    return finish(results, [...failures, reason]);
  }

  // What the service runs, captured from its own code; the baseline runs the same texts.
  let baseline = null;
  try {
    const { trace, sample } = await captureTrace(tokens);
    const statements = statementsFromTrace(trace);
    const { checkParity } = require('./baseline/parity');
    results.parity = checkParity(trace, statements, state.env, sample);
    results.parity.problems = statements.problems;
    results.parity.serviceStatements = {
      guard:
        trace.guard && trace.guard.statements
          ? trace.guard.statements.map((s) => s.sql.replace(/\s+/g, ' ').trim())
          : trace.guard,
      intake:
        trace.intake && trace.intake.statements
          ? trace.intake.statements.map((s) => s.sql.replace(/\s+/g, ' ').trim())
          : trace.intake,
    };
    for (const check of results.parity.checks) {
      log(
        `parity ${check.name}: ${check.ok === null ? `skipped (${check.skipped})` : check.ok ? 'same' : `DIFFERENT: ${check.diffs.join('; ')}`}`,
      );
    }
    if (!results.parity.ok)
      failures.push(
        'baseline parity: the baseline no longer runs what the service runs (see parity in the results)',
      );
    const file = path.join(state.tmp, 'statements.json');
    fs.writeFileSync(file, JSON.stringify(statements));
    baseline = await startBaseline(file);
    log(`baseline pid ${baseline.entry.child.pid} on port ${baseline.port}`);
  } catch (error) {
    if (error instanceof Fatal) throw error;
    results.parity = { ok: null, reason: error.message };
    log(`baseline unavailable: ${error.message}`);
  }
  const targets = baseline ? { candidate: api, baseline } : null;

  // 1. Lists at the small and the big size (before intake, so "10k" means 10k).
  if (runs('lists')) {
    let small = null;
    let big = null;
    try {
      small = await listsAt(P.sizes[0], 'small', api, tokens);
      big = await listsAt(P.sizes[1], 'big', api, tokens);
    } catch (error) {
      if (error instanceof Fatal) throw error;
      log(`lists failed: ${error.stack}`);
      failures.push(`lists: ${error.message}`);
    }
    results.triageQueue = { ...listSummary(small, big, 'queueFirst', 'queueDeep'), sizes: P.sizes };
    results.auditList = { ...listSummary(small, big, 'auditFirst', 'auditDeep'), sizes: P.sizes };
    const explain = [small, big]
      .filter(Boolean)
      .flatMap((s, k) =>
        Object.entries(s.pages).map(
          ([name, p]) => `== ${name} at ${P.sizes[k]} rows\n${(p.explain || []).join('\n\n') || '(none)'}\n`,
        ),
      );
    results.explainFile = `bench/results/explain${SMOKE ? '-smoke' : ''}.txt`;
    fs.writeFileSync(path.join(ROOT, results.explainFile), explain.join('\n'));
    results.triageQueue.explain = Object.fromEntries(
      [
        ['small', small],
        ['big', big],
      ]
        .filter(([, s]) => s)
        .map(([k, s]) => [k, { first: s.pages.queueFirst.explain, deep: s.pages.queueDeep.explain }]),
    );
    results.auditList.explain = Object.fromEntries(
      [
        ['small', small],
        ['big', big],
      ]
        .filter(([, s]) => s)
        .map(([k, s]) => [k, { first: s.pages.auditFirst.explain, deep: s.pages.auditDeep.explain }]),
    );
  }

  // Without the lists phase, the triage and audit phases still run against the big tables.
  if (!runs('lists') && (runs('triage') || runs('audit'))) {
    await seedTables(P.sizes[1], { consultations: runs('triage'), audit: runs('audit') });
    // The worker's next audit checkpoint verifies every event since the last one: let it finish
    // that pass over the seeded million now, not during the measured windows.
    if (runs('audit')) await waitForCheckpoint(180);
  }

  state.intakeStart = (await state.db.query(`SELECT now() AS t`)).rows[0].t;

  // 2. GET /auth/me: the guard plus one read, candidate vs baseline (also proves the plumbing).
  if (runs('authMe') && targets) {
    try {
      results.authMe = await profiled('authMe', targets, () =>
        interleaved(
          'auth/me',
          targets,
          {
            method: 'GET',
            path: '/api/v1/auth/me',
            headers: { authorization: `Bearer ${tokens.requester}` },
            connections: P.connections,
          },
          { rounds: P.rounds, warmupS: P.warmupS, windowS: P.authMeWindowS, worker },
        ),
      );
    } catch (error) {
      if (error instanceof Fatal) throw error;
      results.authMe = { reason: error.message };
      log(`auth/me failed: ${error.message}`);
    }
  }

  // 3. Intake, closed loop at 50 connections.
  const intakeSpec = {
    method: 'POST',
    path: '/api/v1/consultations',
    headers: { authorization: `Bearer ${tokens.requester}` },
    body: 'intake',
    connections: P.connections,
  };
  let intakeReady = false;
  if ((runs('intake') || runs('fixed') || runs('triage')) && targets) {
    const body = intakeBodies(1, 5)[0];
    const cand = await probe(api, 'POST', '/api/v1/consultations', tokens.requester, body);
    const base = await probe(baseline, 'POST', '/api/v1/consultations', tokens.requester, body);
    if (cand.status !== 201)
      results.intake = nulls(
        Object.keys(results.intake),
        `POST /api/v1/consultations answered ${cand.status}${cand.status === 404 ? ' (not built yet)' : ''}: ${JSON.stringify(cand.body).slice(0, 300)}`,
      );
    else if (base.status !== 201)
      results.intake = nulls(
        Object.keys(results.intake),
        `baseline answered ${base.status}: ${JSON.stringify(base.body).slice(0, 300)}`,
      );
    else intakeReady = true;
    if (!intakeReady) {
      log(results.intake.reason);
      unexpected('POST /api/v1/consultations (candidate)', cand);
      if (cand.status === 201) unexpected('POST /api/v1/consultations (baseline)', base);
    }
  } else if (!targets) {
    results.intake.reason = `no baseline: ${results.parity && results.parity.reason}`;
  }
  if (intakeReady && runs('intake')) {
    try {
      const measured = await profiled('intake', targets, () =>
        interleaved('intake', targets, intakeSpec, {
          rounds: P.rounds,
          warmupS: P.warmupS,
          windowS: P.windowS,
          worker,
          between: () => quiesce(),
        }),
      );
      results.intake = { ...measured, parity: results.parity && results.parity.ok };
    } catch (error) {
      if (error instanceof Fatal) throw error;
      results.intake = nulls(Object.keys(results.intake), error.message);
      log(`intake failed: ${error.message}`);
    }
  }

  // 4. Intake at a fixed rate: half the baseline's maximum (latency a closed loop hides).
  const halfRate = halfLoad(results);
  if (intakeReady && runs('fixed') && halfRate) {
    try {
      const fixed = await interleaved(
        'intake@rate',
        targets,
        { ...intakeSpec, overallRate: halfRate },
        { rounds: P.fixedRounds, warmupS: 0, windowS: P.windowS, worker, between: () => quiesce() },
      );
      results.intake.fixedRate = { rate: halfRate, ...fixed };
    } catch (error) {
      if (error instanceof Fatal) throw error;
      results.intake.fixedRate = { rate: halfRate, reason: error.message };
    }
  }

  // 5. Triage latency under steady intake at half load.
  if (intakeReady && runs('triage')) {
    if (!halfRate)
      results.triageLatency = nulls(
        ['p50Ms', 'p95Ms'],
        'no baseline maximum to halve (run the intake phase)',
      );
    else {
      try {
        results.triageLatency = await profiled('triage', { worker: { name: 'worker', entry: worker } }, () =>
          triageLatency(api, tokens.requester, halfRate, worker),
        );
      } catch (error) {
        if (error instanceof Fatal) throw error;
        results.triageLatency = nulls(['p50Ms', 'p95Ms'], error.message);
      }
    }
    log(`triage latency: ${JSON.stringify(results.triageLatency)}`);
  } else if (!intakeReady) results.triageLatency.reason = results.intake.reason;

  // 6. Audit verification and export of the whole trail (about a million events in the full run).
  if (runs('audit')) {
    try {
      await quiesce();
      Object.assign(results, await auditVerifyAndExport(api, tokens.supervisor));
    } catch (error) {
      if (error instanceof Fatal) throw error;
      results.auditVerify = nulls(['eventsPerSec', 'rssGrowthMb'], error.message);
      results.auditExport = nulls(['rowsPerSec', 'rssGrowthMb'], error.message);
    }
  }
  alive(api);
  if (baseline) alive(baseline);
  if (runs('web')) results.web = await webPhase(api, tokens);
  // Last: its purge removes the requests it seeded (and only those: they are the only old ones).
  if (runs('retention')) results.retention = await retentionPhase();
  return finish(results, failures);
}

/** JavaScript per page, API calls per page and the time to a visible 100-item queue: bench/web/phase.js. */
async function webPhase(api, tokens) {
  const { measureWeb } = require('./web/phase');
  try {
    return await measureWeb({ api, tokens, smoke: SMOKE, request: c.request, sleep: c.sleep, log });
  } catch (error) {
    if (error instanceof Fatal) throw error;
    failures.push(`web: ${error.message}`);
    return nulls(['requesterJsKbGzip', 'staffJsKbGzip', 'queueVisibleMs'], error.message);
  }
}

/** Key rotation (re-wrap against today's re-encrypt) and the purge rate: bench/retention/phase.js. */
async function retentionPhase() {
  const { measureRetention } = require('./retention/phase');
  try {
    return await measureRetention({
      db: state.db,
      env: benchEnv(),
      requesterId: state.users.requester.id,
      n: P.retentionRequests,
      runNode: c.runNode,
      log,
    });
  } catch (error) {
    failures.push(`retention: ${error.message}`);
    return { reason: error.message };
  }
}

function finish(results, failures) {
  results.meta = {
    mode: SMOKE ? 'smoke' : 'full',
    only: ONLY.length ? ONLY : undefined,
    experiment: EXPERIMENT || undefined,
    finishedAt: new Date().toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0] && os.cpus()[0].model,
    loadavg: os.loadavg().map((v) => c.round(v, 2)),
    settings: P,
    poolSize: state.env ? Number(state.env.DATABASE_POOL_SIZE) : null,
    failures,
  };
  const name = SMOKE
    ? 'smoke.json'
    : EXPERIMENT
      ? `experiment-${EXPERIMENT}.json`
      : ONLY.length
        ? 'partial.json'
        : 'latest.json';
  const file = path.join(ROOT, 'bench/results', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${table(results)}\n\nwritten to ${path.relative(ROOT, file)}\n`);
  for (const failure of failures) process.stderr.write(`[bench] FAILED: ${failure}\n`);
  return failures.length ? 1 : 0;
}

async function cleanup() {
  if (state.cleaned) return;
  state.cleaned = true;
  await c.killAll();
  if (state.db) await state.db.end().catch(() => {});
  if (state.dbCreated) {
    const admin = new Client({ connectionString: ADMIN_URL });
    try {
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${state.dbName} WITH (FORCE)`);
    } catch (error) {
      process.stderr.write(`[bench] could not drop ${state.dbName}: ${error.message}\n`);
    } finally {
      await admin.end().catch(() => {});
    }
  }
  try {
    const Redis = require('ioredis');
    const redis = new Redis(REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    });
    await redis.connect();
    let cursor = '0';
    for (let i = 0; i < 10_000; i++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${state.redisPrefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
    redis.disconnect();
  } catch (error) {
    process.stderr.write(`[bench] could not clear Redis prefix ${state.redisPrefix}: ${error.message}\n`);
  }
  if (process.env.BENCH_KEEP_TMP) process.stderr.write(`[bench] kept ${state.tmp}\n`);
  else fs.rmSync(state.tmp, { recursive: true, force: true });
}

process.on('uncaughtException', (error) => {
  process.stderr.write(`\n[bench] FAILED (uncaught): ${error.stack}\n`);
  cleanup().finally(() => process.exit(1));
});
process.on('unhandledRejection', (error) => {
  process.stderr.write(`\n[bench] FAILED (unhandled rejection): ${error && error.stack}\n`);
  cleanup().finally(() => process.exit(1));
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    process.stderr.write(`\n[bench] ${signal}: stopping children and dropping ${state.dbName}\n`);
    cleanup().finally(() => process.exit(130));
  });
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (error) => {
    process.stderr.write(`\n[bench] FAILED: ${error instanceof Fatal ? error.message : error.stack}\n`);
    await cleanup();
    process.exit(1);
  });
