'use strict';
/**
 * Checks that baseline B runs what the service runs: for the same token and body, the same
 * statements, in the same order and transaction, with the same parameters. Values that differ by
 * nature are normalized first: the consultation id (random), ciphertexts (random IV: compared by
 * format, key id and length), JSON documents (compared as values: jsonb does not keep key order).
 */
const jwt = require('jsonwebtoken');
const { createLogic, validateIntake, kindOf } = require('./logic');

// A request's data-key ciphertext (v2.<iv>.<tag>.<ciphertext>): random key and IV, compared by length.
const DATA_KEY_CIPHERTEXT = /^v2\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;
const CIPHERTEXT = /^v1\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical(value[k])]),
    );
  }
  return value;
}

function normalize(value, id) {
  const withoutId = (text) => (id ? text.split(id).join('<id>') : text);
  if (typeof value === 'string') {
    const c = CIPHERTEXT.exec(value);
    if (c) return `<ciphertext key=${c[1]} bytes=${Buffer.from(c[4], 'base64url').length}>`;
    const d = DATA_KEY_CIPHERTEXT.exec(value);
    if (d) return `<data-key ciphertext bytes=${Buffer.from(d[3], 'base64url').length}>`;
    if (/^[[{]/.test(value)) {
      try {
        return { json: canonical(JSON.parse(withoutId(value))) };
      } catch {
        /* not a JSON document */
      }
    }
    return withoutId(value);
  }
  if (Array.isArray(value)) return value.map((v) => normalize(v, id));
  return value;
}

function compare(name, serviceStatements, baselineStatements, id) {
  const service = serviceStatements.map((s) => ({
    kind: kindOf(s.sql),
    sql: s.sql,
    params: normalize(s.params, id),
  }));
  const baseline = baselineStatements.map((s) => ({
    kind: kindOf(s.sql),
    sql: s.sql,
    params: normalize(s.params, id),
  }));
  const diffs = [];
  if (service.length !== baseline.length)
    diffs.push(`service ran ${service.length} statements, baseline ${baseline.length}`);
  for (let i = 0; i < Math.min(service.length, baseline.length); i++) {
    if (service[i].sql !== baseline[i].sql)
      diffs.push(`statement ${i + 1} (${service[i].kind}): SQL text differs`);
    const a = JSON.stringify(service[i].params);
    const b = JSON.stringify(baseline[i].params);
    if (a !== b)
      diffs.push(
        `statement ${i + 1} (${service[i].kind}) parameters differ: service ${a.slice(0, 400)} baseline ${b.slice(0, 400)}`,
      );
  }
  return { name, ok: diffs.length === 0, statements: service.map((s) => s.kind), diffs };
}

/**
 * trace: capture.js output; statements: statementsFromTrace(trace); sample: { token, body, origin }.
 * Returns { ok, checks }. A part the service does not have yet is reported as skipped, not failed.
 */
function checkParity(trace, statements, env, sample) {
  const logic = createLogic(statements, env);
  const claims = jwt.decode(sample.token);
  const checks = [];
  const skip = (name, why) => checks.push({ name, ok: null, skipped: why });

  if (statements.sessionState) {
    checks.push(compare('guard lookup', trace.guard.statements, [logic.sessionLookup(claims)], null));
  } else skip('guard lookup', 'not captured');

  const actor = trace.guard && trace.guard.actor;
  if (statements.userById && actor) {
    checks.push(compare('GET /auth/me', trace.me.statements, [logic.userById(actor)], null));
  } else skip('GET /auth/me', 'not captured');

  if (statements.intake && actor) {
    const validated = validateIntake(JSON.parse(JSON.stringify(sample.body)));
    if (validated.errors) {
      checks.push({
        name: 'POST /consultations',
        ok: false,
        diffs: [`baseline refused the sample body: ${JSON.stringify(validated.errors)}`],
      });
    } else {
      const inputDiff =
        JSON.stringify(canonical(validated.input)) !== JSON.stringify(canonical(trace.intake.input));
      const id = trace.intake.consultationId;
      const plan = logic.intakePlan(validated.input, actor, sample.origin, id);
      const result = compare(
        'POST /consultations',
        trace.intake.statements,
        [{ sql: 'START TRANSACTION', params: [] }, ...plan.statements, { sql: 'COMMIT', params: [] }],
        id,
      );
      if (inputDiff) {
        result.ok = false;
        result.diffs.push(
          `validated input differs: service ${JSON.stringify(trace.intake.input)} baseline ${JSON.stringify(validated.input)}`,
        );
      }
      checks.push(result);
    }
  } else if (trace.intake && !trace.intake.error) {
    // The service has intake but runs something the baseline cannot mirror: that is drift, not absence.
    checks.push({
      name: 'POST /consultations',
      ok: false,
      diffs: statements.problems.filter((p) => p.startsWith('intake')),
    });
  } else {
    skip('POST /consultations', statements.problems.find((p) => p.startsWith('intake')) || 'not captured');
  }

  return { ok: checks.every((c) => c.ok !== false), checks };
}

module.exports = { checkParity };
