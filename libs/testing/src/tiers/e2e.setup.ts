// The e2e tier's test timeout (jest.config.js: one per tier, none per file): the API, often a worker, sometimes child processes killed and restarted.
jest.setTimeout(120_000);
