'use strict';
/**
 * Small helpers shared by the bench scripts: statistics, /proc readers, child processes, HTTP.
 * Plain CommonJS on purpose: the bench needs no build step of its own.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');

// ------------------------------------------------------------------ statistics

function sorted(values) {
  return values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
}

/** Linear-interpolated percentile (p in 0..100) of numbers; null for an empty list. */
function percentile(values, p) {
  const s = Array.isArray(values) ? sorted(values) : values;
  if (s.length === 0) return null;
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo] + (s[hi] - s[lo]) * (rank - lo);
}

const median = (values) => percentile(values, 50);

function range(values) {
  const s = sorted(values);
  return s.length ? [s[0], s[s.length - 1]] : null;
}

/** Rounds to `digits` decimals, keeping null. */
function round(value, digits = 2) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const ratio = (a, b) => (a === null || b === null || b === 0 ? null : a / b);

// ------------------------------------------------------------------ /proc

let clockTicks = null;
/** Clock ticks per second for utime/stime in /proc/<pid>/stat (`getconf CLK_TCK`). */
function clkTck() {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime of a process (all its threads), in microseconds. */
function cpuMicros(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1e6) / clkTck();
}

/** { rssMb, hwmMb } from /proc/<pid>/status (VmRSS now, VmHWM = peak over the process life). */
function memory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => {
    const m = status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) / 1024 : null;
  };
  return { rssMb: kb('VmRSS'), hwmMb: kb('VmHWM') };
}

/** Samples VmRSS every `ms` until stopped; returns { maxMb, startMb, samples }. */
function rssSampler(pid, ms = 50) {
  const startMb = memory(pid).rssMb;
  let maxMb = startMb;
  let samples = 0;
  const timer = setInterval(() => {
    try {
      const { rssMb } = memory(pid);
      samples += 1;
      if (rssMb > maxMb) maxMb = rssMb;
    } catch {
      /* process gone: the caller notices */
    }
  }, ms);
  return {
    stop() {
      clearInterval(timer);
      try {
        const { rssMb } = memory(pid);
        if (rssMb > maxMb) maxMb = rssMb;
      } catch {
        /* ignore */
      }
      return { startMb, maxMb, samples };
    },
  };
}

// ------------------------------------------------------------------ processes

const children = new Set();

/**
 * Starts a child process, remembers it so `killAll` can end it, and keeps the tail of its output
 * for error messages. `lineHandler` receives stdout lines.
 */
function startChild(name, args, { env, cwd, lineHandler, echo = false } = {}) {
  const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const entry = { name, child, tail: [], exited: false, code: null, signal: null };
  children.add(entry);
  const keep = (chunk, stream) => {
    const text = chunk.toString('utf8');
    for (const line of text.split('\n')) {
      if (!line) continue;
      entry.tail.push(`[${stream}] ${line}`);
      if (entry.tail.length > 60) entry.tail.shift();
      if (echo) process.stderr.write(`  ${name}: ${line}\n`);
    }
  };
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    keep(chunk, 'out');
    if (!lineHandler) return;
    buffer += chunk.toString('utf8');
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lineHandler(line);
    }
  });
  child.stderr.on('data', (chunk) => keep(chunk, 'err'));
  entry.done = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      entry.exited = true;
      entry.code = code;
      entry.signal = signal;
      children.delete(entry);
      resolve({ code, signal });
    });
  });
  child.on('error', (error) => {
    entry.tail.push(`[spawn] ${error.message}`);
  });
  return entry;
}

/** Ends one child we started: SIGTERM, then SIGKILL after `graceMs`. */
async function stopChild(entry, graceMs = 5000) {
  if (!entry || entry.exited) return;
  try {
    entry.child.kill('SIGTERM');
  } catch {
    /* already gone */
  }
  const timer = new Promise((resolve) => setTimeout(resolve, graceMs, 'timeout'));
  if ((await Promise.race([entry.done, timer])) === 'timeout') {
    try {
      entry.child.kill('SIGKILL');
    } catch {
      /* ignore */
    }
    await Promise.race([entry.done, new Promise((r) => setTimeout(r, 2000))]);
  }
}

/** Ends every child still running (each by its own pid). */
async function killAll() {
  await Promise.all([...children].map((entry) => stopChild(entry, 4000)));
}

/** Runs a node script to completion; resolves { code, stdout, stderr }. Bounded by timeoutMs. */
function runNode(args, { env, cwd, timeoutMs = 120000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const entry = { name: args.join(' '), child, exited: false };
    children.add(entry);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => {
      stderr += `\n[bench] timed out after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    entry.done = new Promise((r) => child.on('exit', r));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      entry.exited = true;
      children.delete(entry);
      resolve({ code: code ?? (signal ? 1 : 0), signal, stdout, stderr });
    });
    child.on('error', (error) => {
      stderr += error.message;
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ HTTP (loopback only)

/**
 * One HTTP request to 127.0.0.1. Resolves { status, headers, body, ms }. `onData` (optional)
 * receives the body in chunks instead of collecting it (for streamed exports).
 */
function request(port, method, path, { headers = {}, body, timeoutMs = 30000, onData } = {}) {
  return new Promise((resolve, reject) => {
    const payload =
      body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const started = process.hrtime.bigint();
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => (onData ? onData(chunk) : chunks.push(chunk)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            /* not JSON */
          }
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: parsed,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

module.exports = {
  percentile,
  median,
  range,
  round,
  ratio,
  clkTck,
  cpuMicros,
  memory,
  rssSampler,
  startChild,
  stopChild,
  killAll,
  runNode,
  freePort,
  sleep,
  request,
};
