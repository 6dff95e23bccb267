#!/usr/bin/env node
// Before the tests: PostgreSQL and Redis must answer, or we say in one line how to start them.
const net = require('node:net');

function reachable(url, fallbackPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || fallbackPort) });
    socket.setTimeout(2000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

(async () => {
  const pg = process.env.TEST_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redis = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
  const missing = [];
  if (!(await reachable(pg, 5432))) missing.push(`PostgreSQL (${new URL(pg).host})`);
  if (!(await reachable(redis, 6379))) missing.push(`Redis (${new URL(redis).host})`);
  if (missing.length) {
    console.error(
      `Tests need ${missing.join(' and ')}: start them with \`docker compose up -d postgres redis\` ` +
        '(or your local services; see README "Running without Docker").',
    );
    process.exit(1);
  }
})();
