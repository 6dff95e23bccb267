'use strict';
/**
 * Experiment (bench only, never in the product): preloaded into the API with
 * `node bench/run.js --experiment=prepared-statements`, it sends every parameterized statement as a
 * named prepared statement (pg `name:`, derived from the text), so each pooled connection parses
 * and plans a statement once and then only binds and executes it. Same statements, same
 * parameters; measures what preparing the hot statements would buy before anyone does it.
 */
const { createHash } = require('node:crypto');
const { Client } = require('pg');

const names = new Map();
const query = Client.prototype.query;
Client.prototype.query = function queryPrepared(config, values, callback) {
  if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
    let name = names.get(config);
    if (!name) {
      name = `s${createHash('sha1').update(config).digest('hex').slice(0, 20)}`;
      names.set(config, name);
    }
    return query.call(this, { name, text: config, values }, callback);
  }
  return query.call(this, config, values, callback);
};
