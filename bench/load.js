'use strict';
/**
 * The load generator, run as its own process so its CPU never counts against the server's:
 *   node bench/load.js '<json spec>'
 * spec: { port, method, path, headers?, body?: 'intake' | object, connections, duration? (s),
 *         amount?, overallRate? (req/s over all connections), timeoutS? }
 * Prints one line `{"event":"start"}` when the connections open and load begins, then one line
 * `{"event":"result", ...}` with req/s, exact latency percentiles (every 2xx response time is
 * kept, not autocannon's 1 ms histogram buckets), status counts and autocannon's own figures.
 */
const autocannon = require('autocannon');
const { intakeBodies } = require('./lib/bodies');

function percentile(sortedValues, p) {
  if (sortedValues.length === 0) return null;
  const rank = (p / 100) * (sortedValues.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sortedValues[lo] + (sortedValues[hi] - sortedValues[lo]) * (rank - lo);
}

function main() {
  const spec = JSON.parse(process.argv[2]);
  const headers = { ...(spec.headers || {}) };
  let requests;
  if (spec.body === 'intake') {
    const bodies = intakeBodies(spec.bodyCount || 64, spec.bodySeed || 7).map((b) => JSON.stringify(b));
    let next = 0;
    headers['content-type'] = 'application/json';
    requests = [
      {
        method: spec.method,
        path: spec.path,
        headers,
        setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }),
      },
    ];
  } else {
    const body = spec.body === undefined || spec.body === null ? undefined : JSON.stringify(spec.body);
    if (body) headers['content-type'] = 'application/json';
    requests = [{ method: spec.method, path: spec.path, headers, ...(body ? { body } : {}) }];
  }

  const options = {
    url: `http://127.0.0.1:${spec.port}`,
    connections: spec.connections,
    pipelining: 1,
    timeout: spec.timeoutS || 10,
    requests,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration }),
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
  };

  const latencies = [];
  const statuses = {};
  let firstError = null;
  let firstRefusal = null;
  for (const req of requests) {
    req.onResponse = (status, body) => {
      if (status >= 300 && firstRefusal === null) firstRefusal = { status, body: String(body).slice(0, 600) };
    };
  }
  const started = process.hrtime.bigint();
  let lastResponseAt = started;
  const instance = autocannon(options, (error, result) => {
    // Up to the last answer: autocannon calls back on its next one-second tick, not at once.
    const elapsedS = Number((spec.amount ? lastResponseAt : process.hrtime.bigint()) - started) / 1e9;
    if (error) {
      process.stdout.write(`${JSON.stringify({ event: 'result', error: String(error && error.message) })}\n`);
      process.exitCode = 1;
      return;
    }
    latencies.sort((a, b) => a - b);
    const ok = latencies.length;
    process.stdout.write(
      `${JSON.stringify({
        event: 'result',
        elapsedS,
        ok,
        total: result.requests.total,
        rps: ok / elapsedS,
        p50Ms: percentile(latencies, 50),
        p90Ms: percentile(latencies, 90),
        p99Ms: percentile(latencies, 99),
        maxMs: ok ? latencies[ok - 1] : null,
        statuses,
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        firstError,
        firstRefusal,
        autocannon: {
          duration: result.duration,
          p50: result.latency.p50,
          p99: result.latency.p99,
          requestsAverage: result.requests.average,
        },
      })}\n`,
    );
  });
  instance.on('response', (client, statusCode, resBytes, responseTime) => {
    lastResponseAt = process.hrtime.bigint();
    statuses[statusCode] = (statuses[statusCode] || 0) + 1;
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  instance.on('reqError', (error) => {
    if (!firstError) firstError = String(error && error.message);
  });
  process.stdout.write(`${JSON.stringify({ event: 'start' })}\n`);
}

main();
