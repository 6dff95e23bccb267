'use strict';
/**
 * Records the SQL the SERVICE runs, by running the service's own compiled code (dist/) with a
 * recording stand-in for TypeORM's DataSource/EntityManager that forwards every statement to one
 * pg client inside BEGIN ... ROLLBACK (nothing persists). The baseline server then runs exactly
 * these statement texts, and `bench/run.js` checks that the baseline builds the same parameters
 * for the same body (see parity.js). So the two stay the same by construction, and the bench
 * fails when the service changes its SQL and the baseline has not followed.
 *
 *   node bench/baseline/capture.js trace <in.json> <out.json>
 *   node bench/baseline/capture.js pages <in.json> <out.json>
 *
 * trace: the access guard's lookup, POST /consultations (service.requestConsultation with the
 *        body as the API's ValidationPipe transforms it) and GET /auth/me (AuthService.me).
 * pages: GET /triage-queue and GET /audit-events pages (first and deep, cursors made by the
 *        product's own encoders); each SELECT is run as EXPLAIN (ANALYZE, BUFFERS).
 * Env: the bench's env (DATABASE_URL, secrets, ...), the same the API gets.
 */
require('reflect-metadata');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

const DIST = path.resolve(__dirname, '../../dist/apps/api');

function product(relative) {
  const file = path.join(DIST, relative);
  try {
    return require(file);
  } catch (error) {
    throw new Error(
      `cannot load product module ${relative} from dist (${error.message.split('\n')[0]}); run npm run build`,
      {
        cause: error,
      },
    );
  }
}

const platform = product('libs/platform/src');

/** The exported class of a lib that has `method`: the bench follows a service split or rename. */
function serviceWith(lib, method) {
  const found = Object.values(lib).filter(
    (value) => typeof value === 'function' && typeof value.prototype?.[method] === 'function',
  );
  if (found.length !== 1) {
    throw new Error(
      `expected one exported service with ${method}(), found ${found.length ? found.map((f) => f.name).join(', ') : 'none'}`,
    );
  }
  return found[0];
}
const typeorm = require('typeorm');

/** The statements a piece of product code ran, in order; `explain` turns SELECTs into EXPLAIN ANALYZE. */
function recorder(client, { explain = false } = {}) {
  const log = [];
  const run = async (sql, params = []) => {
    const entry = { sql, params: params.map(serializable) };
    log.push(entry);
    const isRead = /^\s*(SELECT|WITH)\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(sql);
    if (explain) {
      if (!isRead)
        return /INSERT INTO audit_events/.test(sql)
          ? [{ id: '00000000-0000-4000-8000-000000000000', seq: '1' }]
          : [];
      const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      entry.plan = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      return [];
    }
    const result = await client.query(sql, params);
    // TypeORM's postgres driver answers UPDATE/DELETE with [rows, count], everything else with rows.
    return result.command === 'UPDATE' || result.command === 'DELETE'
      ? [result.rows, result.rowCount]
      : result.rows;
  };
  // The product's Database and its transactions answer { rows, affected } for every statement.
  const runTx = async (sql, params = []) => {
    const answer = await run(sql, params);
    const rows = Array.isArray(answer) && answer.length === 2 && Array.isArray(answer[0]) ? answer[0] : answer;
    const affected = Array.isArray(answer) && rows !== answer ? answer[1] : rows.length;
    return { rows, affected };
  };
  const manager = { query: run };
  const dataSource = {
    manager,
    query: run,
    async transaction(first, second) {
      const work = typeof first === 'function' ? first : second;
      log.push({ sql: 'START TRANSACTION', params: [] });
      const value = await work(manager);
      log.push({ sql: 'COMMIT', params: [] });
      return value;
    },
    createQueryRunner() {
      throw new Error('capture: createQueryRunner is not recorded');
    },
  };
  const tx = { inTransaction: true, query: runTx };
  const database = {
    inTransaction: false,
    query: runTx,
    async transaction(work) {
      log.push({ sql: 'START TRANSACTION', params: [] });
      const value = await work(tx);
      log.push({ sql: 'COMMIT', params: [] });
      return value;
    },
  };
  return { log, manager, dataSource, database };
}

function serializable(value) {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Buffer.isBuffer(value)) return { $bytes: value.toString('hex') };
  return value;
}

/** A minimal injector: builds product classes from their constructor metadata. */
function injector(provided) {
  const instances = new Map(provided);
  const build = (type, trail = []) => {
    if (instances.has(type)) return instances.get(type);
    if (typeof type !== 'function') return missing(String(type), trail);
    const types = Reflect.getMetadata('design:paramtypes', type) || [];
    const tokens = Reflect.getMetadata('self:paramtypes', type) || [];
    const args = types.map((t, index) => {
      const token = tokens.find((x) => x.index === index)?.param ?? t;
      if (instances.has(token)) return instances.get(token);
      if (typeof token !== 'function' || token === Object)
        return missing(String(token?.toString?.() ?? token), [...trail, type.name]);
      return build(token, [...trail, type.name]);
    });
    const instance = new type(...args);
    instances.set(type, instance);
    return instance;
  };
  return build;
}

function missing(name, trail) {
  return new Proxy(
    {},
    {
      get(_target, prop) {
        if (prop === 'then' || typeof prop === 'symbol') return undefined;
        throw new Error(
          `capture: ${trail.join(' > ')} used ${name}.${String(prop)}, which capture.js does not provide`,
        );
      },
    },
  );
}

function contextFor(actor, origin) {
  return {
    get actor() {
      return actor;
    },
    ip: origin.ip,
    userAgent: origin.userAgent,
    requestId: origin.requestId,
    setActor() {},
    setOrigin() {},
    run: (_values, fn) => fn(),
  };
}

function services(rec, actor, origin) {
  // Every feature's variables too: the feature config classes (IdentityConfig, ConsultationsConfig,
  // ...) read them through the same injected environment as AppConfig.
  const { API_CONFIG } = product('apps/api/src/api.config');
  const env = platform.validateEnvironment(process.env, API_CONFIG);
  const config = new platform.AppConfig(env);
  const cipher = new platform.FieldCipher(platform.parseEncryptionKeys(env.ENCRYPTION_KEYS));
  return injector([
    [typeorm.DataSource, rec.dataSource],
    ...(platform.Database ? [[platform.Database, rec.database]] : []),
    [platform.AppConfig, config],
    ...(platform.environmentConfig ? [[platform.environmentConfig.KEY, env]] : []),
    [platform.RequestContext, contextFor(actor, origin)],
    [platform.FieldCipher, cipher],
  ]);
}

/** Runs one part in a savepoint, so a failing part (a missing endpoint, say) leaves the others working. */
let activeClient = null;
async function attempt(fn) {
  if (process.env.BENCH_CAPTURE_DEBUG)
    process.stderr.write(`capture: ${fn.toString().slice(0, 80).replace(/\s+/g, ' ')}\n`);
  await activeClient.query('SAVEPOINT part');
  try {
    const value = await fn();
    await activeClient.query('RELEASE SAVEPOINT part');
    return value;
  } catch (error) {
    await activeClient.query('ROLLBACK TO SAVEPOINT part').catch(() => {});
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

async function trace(client, input) {
  const out = {};
  const origin = { ip: input.ip, userAgent: input.userAgent, requestId: input.requestId };

  out.guard = await attempt(async () => {
    const rec = recorder(client);
    const { AccessTokenAuthenticator } = product('libs/identity/src/access/access-token.authenticator.js');
    const authenticator = services(rec, undefined, origin)(AccessTokenAuthenticator);
    const actor = await authenticator.authenticate({ headers: { authorization: `Bearer ${input.token}` } });
    if (!actor) throw new Error('the access token was not accepted');
    return { statements: rec.log, actor };
  });

  out.me = await attempt(async () => {
    const rec = recorder(client);
    const AuthService = serviceWith(product('libs/identity/src'), 'me');
    const user = await services(rec, input.actor, origin)(AuthService).me(input.actor);
    return { statements: rec.log, userId: user.id };
  });

  out.intake = await attempt(async () => {
    const rec = recorder(client);
    const IntakeService = serviceWith(product('libs/consultations/src'), 'requestConsultation');
    const { CreateConsultationDto } = product('apps/api/src/consultations/create-consultation.dto.js');
    const dto = await platform.createValidationPipe().transform(JSON.parse(JSON.stringify(input.body)), {
      type: 'body',
      metatype: CreateConsultationDto,
    });
    const service = services(rec, input.actor, origin)(IntakeService);
    const created = await service.requestConsultation(input.actor, dto);
    return {
      statements: rec.log,
      consultationId: created.consultation.id,
      input: JSON.parse(JSON.stringify(dto)),
    };
  });
  return out;
}

async function pages(client, input) {
  const consultations = product('libs/consultations/src');
  const audit = product('libs/audit/src');
  const results = [];
  for (const point of input.points) {
    results.push({
      name: point.name,
      ...(await attempt(async () => {
        const rec = recorder(client, { explain: true });
        const origin = { ip: '127.0.0.1', requestId: 'bench-explain' };
        if (point.kind === 'queue') {
          const cursor = point.key
            ? consultations.encodeQueueCursor({
                rank: point.key.rank,
                slaDueAt: point.key.slaDueAt ? new Date(point.key.slaDueAt) : null,
                createdAt: new Date(point.key.createdAt),
                id: point.key.id,
              })
            : undefined;
          const service = services(
            rec,
            input.investigator,
            origin,
          )(serviceWith(consultations, 'triageQueue'));
          await service.triageQueue(input.investigator, { limit: input.limit, cursor });
          return { cursor: cursor ?? null, statements: rec.log };
        }
        // The audit list's cursor as libs/audit/src/review/seq-cursor.ts makes it (platform's one codec).
        const cursor = point.key ? platform.encodeCursor('audit_events', [point.key.seq]) : undefined;
        const service = services(rec, input.supervisor, origin)(serviceWith(audit, 'listEvents'));
        await service.listEvents(input.supervisor, {}, { limit: input.limit, cursor });
        return { cursor: cursor ?? null, statements: rec.log };
      })),
    });
  }
  return { points: results };
}

async function main() {
  const [mode, inFile, outFile] = process.argv.slice(2);
  const input = JSON.parse(fs.readFileSync(inFile, 'utf8'));
  const role = process.env.DATABASE_APP_ROLE ?? 'consult_app';
  const client = new Client({
    connectionString: process.env.DATABASE_URL,
    ...(role ? { options: `-c role=${role}` } : {}),
  });
  await client.connect();
  activeClient = client;
  let output;
  try {
    await client.query('BEGIN');
    output = mode === 'trace' ? await trace(client, input) : await pages(client, input);
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.end();
  }
  fs.writeFileSync(outFile, JSON.stringify(output, null, 2));
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
