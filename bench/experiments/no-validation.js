'use strict';
/**
 * Experiment (bench only, never in the product; UNSAFE by design): preloaded into the API with
 * `node bench/run.js --experiment=no-validation`, it replaces the global ValidationPipe's work with
 * class-transformer's plainToInstance alone (no class-validator, no checks), to measure the most any
 * faster validation could buy on the request path. The bench's bodies are all valid, so answers
 * are unchanged.
 */
const { ValidationPipe } = require('@nestjs/common');
const { plainToInstance } = require('class-transformer');

ValidationPipe.prototype.transform = async function transformWithoutValidation(value, metadata) {
  if (!metadata.metatype || [String, Boolean, Number, Array, Object].includes(metadata.metatype))
    return value;
  return plainToInstance(metadata.metatype, value);
};
