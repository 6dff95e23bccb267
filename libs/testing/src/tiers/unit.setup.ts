// The unit tier's test timeout (jest.config.js: one per tier, none per file): pure logic; generous only for a loaded CI machine.
jest.setTimeout(30_000);
