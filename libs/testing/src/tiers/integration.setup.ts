// The integration tier's test timeout (jest.config.js: one per tier, none per file): real PostgreSQL and Redis; a suite may stop and restart a private service.
jest.setTimeout(90_000);
