'use strict';
/**
 * Experiment (bench only, never in the product): preloaded into the API with
 * `node bench/run.js --experiment=jwt-keyobject`, it hands jsonwebtoken's verify a KeyObject made
 * once instead of the string secret. jsonwebtoken 9 otherwise tries createPublicKey(secret) on
 * every call (an exception path costing about 300 µs of CPU here). It measures what the one-line
 * product change (`secretOrKey: createSecretKey(Buffer.from(secret))` in the access-token
 * authenticator) would buy, before anyone makes it.
 */
const { createSecretKey } = require('node:crypto');
const jwt = require('jsonwebtoken');

const keys = new Map();
const verify = jwt.verify;
jwt.verify = function verifyWithKeyObject(token, secret, ...rest) {
  if (typeof secret === 'string') {
    let key = keys.get(secret);
    if (!key) {
      key = createSecretKey(Buffer.from(secret, 'utf8'));
      keys.set(secret, key);
    }
    return verify.call(this, token, key, ...rest);
  }
  return verify.call(this, token, secret, ...rest);
};
