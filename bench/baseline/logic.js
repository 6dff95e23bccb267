'use strict';
/**
 * What baseline B does per request, without any framework: validation by hand, the same domain
 * computations as the service (the product's pure, dependency-free modules from dist/: field
 * cipher, identifying-data detector, canonical audit encoding), and the service's own SQL texts
 * (captured by capture.js) with parameters built here. parity.js checks these parameters against
 * the ones the service passes for the same body. Used by server.js and by bench/run.js.
 */
const { randomUUID } = require('node:crypto');
const path = require('node:path');

const DIST = path.resolve(__dirname, '../../dist/apps/api/libs');
const { FieldCipher, parseEncryptionKeys } = require(`${DIST}/platform/src/crypto/field-cipher.js`);
const { DataKeyCipher, newDataKey } = require(`${DIST}/consultations/src/privacy/data-key.js`);
const { bindingOf, SUMMARY, CONTACT_PHONE } = require(
  `${DIST}/consultations/src/privacy/encrypted-fields.js`,
);
const { findIdentifyingData, describeFinding } = require(
  `${DIST}/consultations/src/privacy/identifying-data.detector.js`,
);
const { canonicalBodyAfterTime } = require(`${DIST}/audit/src/chain/canonical-encoding.js`);

const CONCERN_TYPES = new Set([
  'domestic_violence',
  'honor_related_violence',
  'sexual_violence',
  'prostitution',
  'human_trafficking',
  'child_exposed_to_violence',
  'other',
]);
const SUPPORT_KINDS = new Set([
  'advice',
  'conversation_support',
  'police_report_support',
  'protection',
  'joint_meeting',
]);
const AGE_GROUPS = new Set(['child', 'youth', 'adult', 'elderly', 'unknown']);
const GENDERS = new Set(['female', 'male', 'other', 'unknown']);
const CHANNELS = new Set(['phone', 'secure_message', 'meeting']);
const RISK_FACTORS = [
  'immediateDanger',
  'childrenInHousehold',
  'threatsToKill',
  'strangulation',
  'weaponAccess',
  'escalatingViolence',
  'traffickingIndicators',
];
const REQUIRED_FACTORS = new Set(['immediateDanger', 'childrenInHousehold']);
const PHONE = /^\+?[0-9](?:[0-9 -]{5,20})[0-9]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRIORITY_RANK = { critical: 0, high: 1, normal: 2, low: 3 };

/** Which of the service's statements is which; the baseline builds parameters per kind. */
function kindOf(sql) {
  if (/^\s*START TRANSACTION\s*$/i.test(sql)) return 'begin';
  if (/^\s*COMMIT\s*$/i.test(sql)) return 'commit';
  if (/\bFROM auth_sessions\b/.test(sql) && /\bJOIN users\b/.test(sql) && !/FOR UPDATE/.test(sql))
    return 'sessionState';
  if (/^\s*SELECT\b[\s\S]*\bFROM users(?: u)? WHERE (?:u\.)?id = \$1\s*$/.test(sql)) return 'userById';
  if (/\bINSERT INTO intake_rate\b/.test(sql)) return 'intakeRate';
  if (/\bINSERT INTO consultations\b/.test(sql)) return 'insertConsultation';
  if (/\bINSERT INTO outbox\b/.test(sql)) return 'outbox';
  if (/\bINSERT INTO audit_events\b/.test(sql)) return 'audit';
  return null;
}

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The CreateConsultationDto rules, by hand. Returns { input } or { errors: [{ field, message }] }. */
function validateIntake(body) {
  const errors = [];
  const fail = (field, message) => errors.push({ field, message });
  if (!isPlainObject(body)) return { errors: [{ field: '', message: 'The body must be a JSON object.' }] };
  for (const key of Object.keys(body)) {
    if (
      !['concernTypes', 'summary', 'subject', 'riskFactors', 'requestedSupport', 'preferredContact'].includes(
        key,
      )
    ) {
      fail(key, `property ${key} should not exist`);
    }
  }
  const list = (field, allowed, max) => {
    const value = body[field];
    if (value === undefined || value === null) return fail(field, `${field} should not be null or undefined`);
    if (!Array.isArray(value)) return fail(field, `${field} must be an array`);
    if (value.length < 1) fail(field, `${field} must contain at least 1 elements`);
    if (value.length > max) fail(field, `${field} must contain no more than ${max} elements`);
    if (new Set(value).size !== value.length) fail(field, `All ${field}'s elements must be unique`);
    if (!value.every((v) => allowed.has(v)))
      fail(field, `each value in ${field} must be one of the allowed values`);
  };
  list('concernTypes', CONCERN_TYPES, CONCERN_TYPES.size);
  list('requestedSupport', SUPPORT_KINDS, SUPPORT_KINDS.size);

  let summary = body.summary;
  if (typeof summary === 'string') summary = summary.trim();
  if (summary === undefined || summary === null) fail('summary', 'summary should not be null or undefined');
  else if (typeof summary !== 'string') fail('summary', 'summary must be a string');
  else if (summary.length < 10 || summary.length > 5000)
    fail(
      'summary',
      'summary must be longer than or equal to 10 and shorter than or equal to 5000 characters',
    );

  const subject = { identified: false };
  if (body.subject !== undefined) {
    if (!isPlainObject(body.subject)) fail('subject', 'subject must be an object');
    else {
      for (const key of Object.keys(body.subject)) {
        if (!['identified', 'ageGroup', 'gender'].includes(key))
          fail(`subject.${key}`, `property ${key} should not exist`);
      }
      const { identified, ageGroup, gender } = body.subject;
      if (identified !== undefined) {
        if (typeof identified !== 'boolean')
          fail('subject.identified', 'subject.identified must be a boolean value');
        else subject.identified = identified;
      }
      if (ageGroup !== undefined) {
        if (!AGE_GROUPS.has(ageGroup))
          fail('subject.ageGroup', 'subject.ageGroup must be one of the allowed values');
        else subject.ageGroup = ageGroup;
      }
      if (gender !== undefined) {
        if (!GENDERS.has(gender)) fail('subject.gender', 'subject.gender must be one of the allowed values');
        else subject.gender = gender;
      }
    }
  }

  const riskFactors = {};
  if (!isPlainObject(body.riskFactors)) fail('riskFactors', 'riskFactors must be an object');
  else {
    for (const key of Object.keys(body.riskFactors)) {
      if (!RISK_FACTORS.includes(key)) fail(`riskFactors.${key}`, `property ${key} should not exist`);
    }
    for (const factor of RISK_FACTORS) {
      const value = body.riskFactors[factor];
      if (value === undefined && !REQUIRED_FACTORS.has(factor)) riskFactors[factor] = false;
      else if (typeof value !== 'boolean')
        fail(`riskFactors.${factor}`, `riskFactors.${factor} must be a boolean value`);
      else riskFactors[factor] = value;
    }
  }

  const preferredContact = {};
  if (!isPlainObject(body.preferredContact)) fail('preferredContact', 'preferredContact must be an object');
  else {
    for (const key of Object.keys(body.preferredContact)) {
      if (!['channel', 'phone'].includes(key))
        fail(`preferredContact.${key}`, `property ${key} should not exist`);
    }
    const { channel, phone } = body.preferredContact;
    if (!CHANNELS.has(channel))
      fail('preferredContact.channel', 'preferredContact.channel must be one of the allowed values');
    else preferredContact.channel = channel;
    if (channel === 'phone' || phone !== undefined) {
      if (phone === undefined || phone === null)
        fail('preferredContact.phone', 'preferredContact.phone is required when the channel is phone');
      else if (typeof phone !== 'string' || !PHONE.test(phone))
        fail('preferredContact.phone', 'phone must be a phone number');
      else preferredContact.phone = phone;
    }
  }
  if (errors.length) return { errors };
  return {
    input: {
      concernTypes: body.concernTypes,
      summary,
      subject,
      riskFactors,
      requestedSupport: body.requestedSupport,
      preferredContact,
    },
  };
}

/** Identifying data in a de-identified summary: the same 400 the service gives. */
function identifyingDataErrors(input) {
  if (input.subject.identified) return null;
  const kinds = [...new Set(findIdentifyingData(input.summary).map((f) => f.kind))];
  return kinds.length ? kinds.map((kind) => ({ field: 'summary', message: describeFinding(kind) })) : null;
}

/**
 * statements: { sessionState, userById, intake: [{ kind, sql }] } (texts captured from the service).
 * env: ENCRYPTION_KEYS, advice settings.
 */
function createLogic(statements, env) {
  const cipher = new FieldCipher(parseEncryptionKeys(env.ENCRYPTION_KEYS));
  const emergencyNumber = env.EMERGENCY_NUMBER || '112';
  // The service's intake limit: INTAKE_LIMIT_PER_HOUR filings in a 60-minute window.
  const intakeLimit = Number(env.INTAKE_LIMIT_PER_HOUR || 30);
  const INTAKE_WINDOW_SECONDS = 3600;
  const adviceTemplate =
    env.IMMEDIATE_DANGER_ADVICE ||
    'Someone may be in immediate danger: call {emergencyNumber} now. Do not wait for an answer here. ' +
      'Your request has been given the highest priority.';
  const advice = {
    message: adviceTemplate.split('{emergencyNumber}').join(emergencyNumber),
    emergencyNumber,
    resources: env.REFERRAL_RESOURCES
      ? JSON.parse(env.REFERRAL_RESOURCES)
      : [
          { name: 'Police (emergency)', phone: '112', description: 'When someone is in immediate danger.' },
          {
            name: 'National support line for prostitution and human trafficking',
            phone: '020-390 000',
            description: 'Advice and support about prostitution and human trafficking.',
          },
          {
            name: "The municipality's citizen service centre",
            description: "Finds the right municipal service, also outside the investigators' hours.",
          },
        ],
  };

  /** The guard's one lookup, for verified claims. Null when the claims are not ours. */
  function sessionLookup(claims) {
    const { sub, sid, tv } = claims || {};
    if (
      typeof sub !== 'string' ||
      !UUID.test(sub) ||
      typeof sid !== 'string' ||
      !UUID.test(sid) ||
      typeof tv !== 'number'
    )
      return null;
    return { sql: statements.sessionState, params: [sid, sub] };
  }

  /** The actor, or null when the state says the token no longer counts. */
  function actorFrom(claims, state) {
    if (!state || !state.active || state.tokenVersion !== claims.tv || !state.sessionLive) return null;
    return { id: claims.sub, role: state.role, organizationId: state.organizationId, sessionId: claims.sid };
  }

  function userById(actor) {
    return { sql: statements.userById, params: [actor.id] };
  }

  /** The transaction's statements for one intake, in the service's order. */
  function intakePlan(input, actor, origin, id = randomUUID()) {
    const immediateDanger = input.riskFactors.immediateDanger;
    const priority = immediateDanger ? 'critical' : null;
    // Envelope encryption as the service does it: a fresh data key per request encrypts its text,
    // and goes in wrapped by the current master key in the same statement.
    const dataKey = newDataKey();
    const dataCipher = new DataKeyCipher(dataKey);
    const wrappedKey = cipher.wrapKey(dataKey, id);
    dataKey.fill(0);
    const builders = {
      intakeRate: () => [actor.id, INTAKE_WINDOW_SECONDS, intakeLimit],
      insertConsultation: () => [
        id,
        input.concernTypes,
        dataCipher.encrypt(input.summary, bindingOf(SUMMARY, id)),
        input.subject.identified,
        JSON.stringify(input.subject),
        JSON.stringify(input.riskFactors),
        input.requestedSupport,
        input.preferredContact.channel,
        input.preferredContact.phone !== undefined
          ? dataCipher.encrypt(input.preferredContact.phone, bindingOf(CONTACT_PHONE, id))
          : null,
        priority,
        immediateDanger ? PRIORITY_RANK.critical : PRIORITY_RANK.normal,
        actor.id,
        actor.organizationId,
        wrappedKey,
        cipher.currentKeyId,
      ],
      outbox: () => [
        'triage',
        'consultation.submitted',
        `triage-${id}`,
        JSON.stringify({ consultationId: id }),
        null,
      ],
      audit: () => {
        const fields = {
          actorId: actor.id,
          actorRole: actor.role,
          action: 'consultation.create',
          resourceType: 'consultation',
          resourceId: id,
          outcome: 'success',
          ip: origin.ip ?? null,
          userAgent: origin.userAgent ?? null,
          requestId: origin.requestId ?? null,
          details: { status: 'submitted', immediateDanger },
        };
        return [
          'v1',
          canonicalBodyAfterTime(fields),
          fields.actorId,
          fields.actorRole,
          fields.action,
          fields.resourceType,
          fields.resourceId,
          fields.outcome,
          fields.ip,
          fields.userAgent,
          fields.requestId,
          JSON.stringify(fields.details),
        ];
      },
    };
    return {
      id,
      statements: statements.intake.map(({ kind, sql }) => {
        const build = builders[kind];
        if (!build) throw new Error(`the baseline cannot build parameters for a ${kind} statement`);
        return { kind, sql, params: build() };
      }),
    };
  }

  /** The 201 body, from the inserted row and the plaintext we already hold (nothing is decrypted). */
  function intakeResponse(row, input) {
    const out = {
      id: row.id,
      reference: row.reference,
      status: row.status,
      version: row.version,
      concernTypes: row.concernTypes,
      summary: input.summary,
      subject: row.subject,
      riskFactors: Object.fromEntries(RISK_FACTORS.map((f) => [f, row.riskFactors[f] === true])),
      requestedSupport: row.requestedSupport,
      preferredContact: input.preferredContact,
      priority: row.priority,
      riskScore: row.riskScore,
      triageReasons: row.triageReasons,
      slaDueAt: row.slaDueAt ? new Date(row.slaDueAt).toISOString() : null,
      assigneeId: row.assigneeId,
      requesterId: row.requesterId,
      organizationId: row.organizationId,
      outcome: row.outcome,
      createdAt: new Date(row.createdAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString(),
    };
    if (input.riskFactors.immediateDanger)
      out.advice = { ...advice, resources: advice.resources.map((r) => ({ ...r })) };
    return out;
  }

  function userResponse(user) {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      pendingRole: user.pendingRole ?? null,
      organizationId: user.organizationId,
      active: user.active,
      status: user.status,
      version: user.version,
      createdAt: new Date(user.createdAt).toISOString(),
      updatedAt: new Date(user.updatedAt).toISOString(),
    };
  }

  return { sessionLookup, actorFrom, userById, intakePlan, intakeResponse, userResponse };
}

/** Turns capture.js's trace into the statement texts the baseline runs. Throws on anything unknown. */
function statementsFromTrace(trace) {
  const out = { sessionState: null, userById: null, intake: null, problems: [] };
  const single = (part, kind) => {
    if (!part || part.error) {
      out.problems.push(`${kind}: ${part ? part.error : 'not captured'}`);
      return null;
    }
    const found = part.statements.filter((s) => kindOf(s.sql) === kind);
    if (found.length !== 1 || part.statements.length !== 1) {
      out.problems.push(
        `${kind}: expected exactly one ${kind} statement, the service ran ${part.statements.map((s) => kindOf(s.sql) ?? s.sql.slice(0, 60)).join(', ')}`,
      );
      return null;
    }
    return found[0].sql;
  };
  out.sessionState = single(trace.guard, 'sessionState');
  out.userById = single(trace.me, 'userById');
  if (!trace.intake || trace.intake.error) {
    out.problems.push(`intake: ${trace.intake ? trace.intake.error : 'not captured'}`);
  } else {
    const kinds = trace.intake.statements.map((s) => kindOf(s.sql));
    const inner = trace.intake.statements.slice(1, -1);
    if (
      kinds[0] !== 'begin' ||
      kinds[kinds.length - 1] !== 'commit' ||
      inner.some((s) => ['begin', 'commit'].includes(kindOf(s.sql)))
    ) {
      out.problems.push(`intake: expected one transaction around every statement, got ${kinds.join(', ')}`);
    } else {
      const unknown = inner.filter((s) => kindOf(s.sql) === null);
      if (unknown.length) {
        out.problems.push(
          `intake: the service runs statements the baseline does not know: ${unknown.map((s) => s.sql.replace(/\s+/g, ' ').slice(0, 100)).join(' | ')}`,
        );
      } else {
        out.intake = inner.map((s) => ({ kind: kindOf(s.sql), sql: s.sql }));
      }
    }
  }
  return out;
}

module.exports = { createLogic, validateIntake, identifyingDataErrors, statementsFromTrace, kindOf };
