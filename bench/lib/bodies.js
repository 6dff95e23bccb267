'use strict';
/**
 * Varied, valid intake bodies for POST /api/v1/consultations (docs/api.md "Create body").
 * Deterministic (seeded PRNG) so candidate and baseline receive the same mix. Summaries are words
 * only: no digits, so the identifying-data detector passes them (a refusal would be a 400, which
 * the bench would count as an error, not as work done).
 */

const CONCERN_TYPES = [
  'domestic_violence',
  'honor_related_violence',
  'sexual_violence',
  'prostitution',
  'human_trafficking',
  'child_exposed_to_violence',
  'other',
];
const SUPPORT_KINDS = [
  'advice',
  'conversation_support',
  'police_report_support',
  'protection',
  'joint_meeting',
];
const AGE_GROUPS = ['child', 'youth', 'adult', 'elderly', 'unknown'];
const GENDERS = ['female', 'male', 'other', 'unknown'];
const WORDS = (
  'the school counsellor reports that a pupil has described repeated shouting and threats at home and ' +
  'seems afraid to go back after lessons a neighbour has heard violence through the wall several nights ' +
  'the mother has asked for advice about a safe place to stay and how to talk with social services ' +
  'there are younger siblings in the household and the father controls money phone and contacts ' +
  'the youth worker wonders whether to contact the police or first consult the municipality'
).split(' ');

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function subset(rand, list, min, max) {
  const count = min + Math.floor(rand() * (max - min + 1));
  const pool = [...list];
  const out = [];
  while (out.length < count && pool.length) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
  return out;
}

function summary(rand) {
  const target = 40 + Math.floor(rand() ** 2 * 1200);
  const words = [];
  let length = 0;
  while (length < target) {
    const word = WORDS[Math.floor(rand() * WORDS.length)];
    words.push(word);
    length += word.length + 1;
  }
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function phone(rand) {
  let digits = '';
  for (let i = 0; i < 7; i++) digits += Math.floor(rand() * 10);
  return `+4670${digits}`;
}

/** `count` bodies; about 5% say someone is in immediate danger (the answer then carries advice). */
function intakeBodies(count = 64, seed = 7) {
  const rand = mulberry32(seed);
  const bodies = [];
  for (let i = 0; i < count; i++) {
    const subject = { identified: false };
    if (rand() < 0.7) subject.ageGroup = AGE_GROUPS[Math.floor(rand() * AGE_GROUPS.length)];
    if (rand() < 0.7) subject.gender = GENDERS[Math.floor(rand() * GENDERS.length)];
    const channel = rand() < 0.5 ? 'phone' : rand() < 0.5 ? 'secure_message' : 'meeting';
    bodies.push({
      concernTypes: subset(rand, CONCERN_TYPES, 1, 3),
      summary: summary(rand),
      subject,
      riskFactors: {
        immediateDanger: rand() < 0.05,
        childrenInHousehold: rand() < 0.4,
        threatsToKill: rand() < 0.15,
        strangulation: rand() < 0.1,
        weaponAccess: rand() < 0.1,
        escalatingViolence: rand() < 0.3,
        traffickingIndicators: rand() < 0.05,
      },
      requestedSupport: subset(rand, SUPPORT_KINDS, 1, 3),
      preferredContact: channel === 'phone' ? { channel, phone: phone(rand) } : { channel },
    });
  }
  return bodies;
}

module.exports = { intakeBodies, CONCERN_TYPES, SUPPORT_KINDS, AGE_GROUPS, GENDERS };
