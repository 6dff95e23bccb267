'use strict';
/**
 * Baseline B: bare node:http + pg Pool, doing what the service does for the benchmarked routes
 * and nothing else: no framework, no ORM, no DI, no request-scoped context, no logging.
 *   POST /api/v1/consultations  (token check + the guard's one lookup + the service's transaction)
 *   GET  /api/v1/auth/me        (token check + the guard's one lookup + the user read)
 *   GET  /health/live
 * The service never adds to Bull on a request (the outbox row is its enqueue; the worker's relay
 * publishes it), so neither does the baseline: the product worker relays both.
 * Env: PORT, DATABASE_URL, DATABASE_APP_ROLE, DATABASE_POOL_SIZE, JWT_SECRET, JWT_ISSUER,
 * JWT_AUDIENCE, ENCRYPTION_KEYS, BODY_LIMIT_BYTES, BASELINE_STATEMENTS (JSON file from
 * bench/run.js: the service's SQL texts, captured by capture.js), BASELINE_PREPARED=1 (send the
 * statements with parameters as named prepared statements, as the service's Database does; off by
 * default: the baseline replays the captured texts as plain parameterized queries).
 */
const fs = require('node:fs');
const http = require('node:http');
const { createSecretKey, randomUUID } = require('node:crypto');
const { Pool } = require('pg');
const jwt = require('jsonwebtoken');
const { createLogic, validateIntake, identifyingDataErrors } = require('./logic');

const env = process.env;
const statements = JSON.parse(fs.readFileSync(env.BASELINE_STATEMENTS, 'utf8'));
const logic = createLogic(statements, env);
const role = env.DATABASE_APP_ROLE ?? 'consult_app';
const pool = new Pool({
  connectionString: env.DATABASE_URL,
  max: Number(env.DATABASE_POOL_SIZE || 10),
  connectionTimeoutMillis: 5000,
  ...(role ? { options: `-c role=${role}` } : {}),
});
// A KeyObject made once: given the secret as a string, jsonwebtoken 9 first tries to parse it as a
// public key on every verify (about 300 µs of CPU here, most of a request); with a KeyObject it
// does not. The same HS256 check with issuer, audience and expiry, minus that waste.
const JWT_KEY = createSecretKey(Buffer.from(env.JWT_SECRET, 'utf8'));
const JWT_OPTIONS = {
  algorithms: ['HS256'],
  issuer: env.JWT_ISSUER || 'consult-intake',
  audience: env.JWT_AUDIENCE || 'consult-intake-api',
};
const BODY_LIMIT = Number(env.BODY_LIMIT_BYTES || 1024 * 1024);

const PREPARED = env.BASELINE_PREPARED === '1';
const names = new Map();
/** The statement for pg: with BASELINE_PREPARED, named after its text, so each connection parses it once. */
function statement(text, values) {
  if (!PREPARED || !values || values.length === 0) return { text, values };
  let name = names.get(text);
  if (!name) names.set(text, (name = `b${names.size}`));
  return { name, text, values };
}
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The headers @fastify/helmet puts on the service's JSON answers, so both send the same bytes. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self';script-src 'self' 'unsafe-inline';style-src 'self' 'unsafe-inline';img-src 'self' data:;" +
    "base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';object-src 'none';" +
    "script-src-attr 'none';upgrade-insecure-requests",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

class Problem extends Error {
  constructor(status, title, errors) {
    super(title);
    this.status = status;
    this.errors = errors;
  }
}

function send(res, status, body, requestId, type = 'application/json; charset=utf-8') {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'content-length': Buffer.byteLength(payload),
    'x-request-id': requestId,
  });
  res.end(payload);
}

function sendProblem(res, problem, requestId) {
  send(
    res,
    problem.status,
    {
      type: 'about:blank',
      title: problem.message,
      status: problem.status,
      detail: problem.message,
      requestId,
      ...(problem.errors ? { errors: problem.errors } : {}),
    },
    requestId,
    'application/problem+json; charset=utf-8',
  );
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const type = req.headers['content-type'] || '';
    if (!/^application\/json\b/i.test(type)) {
      req.resume();
      reject(new Problem(415, 'Unsupported media type'));
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(new Problem(413, 'Payload too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return reject(new Problem(400, 'The request body is empty.'));
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new Problem(400, 'The request body is not valid JSON.'));
      }
    });
    req.on('error', reject);
  });
}

/** The access guard: a valid HS256 token, then the one lookup of user and login. */
async function authenticate(req) {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw new Problem(401, 'A valid bearer access token is required.');
  let claims;
  try {
    claims = jwt.verify(match[1], JWT_KEY, JWT_OPTIONS);
  } catch {
    throw new Problem(401, 'A valid bearer access token is required.');
  }
  const lookup = logic.sessionLookup(claims);
  if (!lookup) throw new Problem(401, 'A valid bearer access token is required.');
  const { rows } = await pool.query(statement(lookup.sql, lookup.params));
  const actor = logic.actorFrom(claims, rows[0]);
  if (!actor) throw new Problem(401, 'The access token is no longer valid; log in again.');
  return actor;
}

async function createConsultation(req, res, requestId) {
  if (!statements.intake) throw new Problem(404, 'Not found');
  const body = await readJson(req);
  const actor = await authenticate(req);
  if (actor.role !== 'requester') throw new Problem(403, 'Forbidden');
  const { input, errors } = validateIntake(body);
  if (errors) throw new Problem(400, 'Validation failed', errors);
  const identifying = identifyingDataErrors(input);
  if (identifying)
    throw new Problem(
      400,
      'The request is de-identified, but the text contains data that identifies a person.',
      identifying,
    );

  const origin = {
    ip: req.socket.remoteAddress,
    userAgent:
      typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 256) : undefined,
    requestId,
  };
  const plan = logic.intakePlan(input, actor, origin);
  const client = await pool.connect();
  let row;
  try {
    await client.query('START TRANSACTION');
    for (const step of plan.statements) {
      const result = await client.query(statement(step.sql, step.params));
      if (step.kind === 'insertConsultation') row = result.rows[0];
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  send(res, 201, logic.intakeResponse(row, input), requestId);
}

async function me(req, res, requestId) {
  if (!statements.userById) throw new Problem(404, 'Not found');
  const actor = await authenticate(req);
  const lookup = logic.userById(actor);
  const { rows } = await pool.query(statement(lookup.sql, lookup.params));
  if (!rows[0]) throw new Problem(401, 'A valid bearer access token is required.');
  send(res, 200, logic.userResponse(rows[0]), requestId);
}

const server = http.createServer((req, res) => {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  const url = req.url.split('?')[0];
  let work;
  if (req.method === 'POST' && url === '/api/v1/consultations')
    work = createConsultation(req, res, requestId);
  else if (req.method === 'GET' && url === '/api/v1/auth/me') work = me(req, res, requestId);
  else if (req.method === 'GET' && url === '/health/live')
    work = Promise.resolve(send(res, 200, { status: 'ok' }, requestId));
  else work = Promise.reject(new Problem(404, 'Not found'));
  work.catch((error) => {
    if (res.headersSent) return;
    if (error instanceof Problem) sendProblem(res, error, requestId);
    else {
      process.stderr.write(`baseline: ${error && error.stack}\n`);
      sendProblem(res, new Problem(500, 'Internal server error'), requestId);
    }
  });
});
server.keepAliveTimeout = 72_000;

server.listen(Number(env.PORT), '127.0.0.1', () => {
  process.stdout.write(`baseline listening on 127.0.0.1:${env.PORT}\n`);
});

function shutdown() {
  server.close();
  server.closeAllConnections?.();
  pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
