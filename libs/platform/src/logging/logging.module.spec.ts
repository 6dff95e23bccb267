import pino from 'pino';
import { Writable } from 'node:stream';
import { RequestContext, runInRequestContext } from '../context/request-context';
import { logDestination, loggerOptions } from './logging.module';

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: pino(loggerOptions(level, new RequestContext()), stream), lines };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('loggerOptions', () => {
  it('redacts secrets and case text at the top level and one level down', async () => {
    const { logger, lines } = capture();
    logger.info(
      {
        body: 'case text',
        summary: 'case text',
        password: 'pw',
        token: 't',
        req: { headers: { authorization: 'Bearer x', cookie: 'c' } },
        details: { summary: 'case text', refreshToken: 'r', field: 'summary' },
      },
      'probe',
    );
    await flush();
    expect(lines[0]).toMatchObject({
      body: '[redacted]',
      summary: '[redacted]',
      password: '[redacted]',
      token: '[redacted]',
      req: { headers: { authorization: '[redacted]', cookie: '[redacted]' } },
      details: { summary: '[redacted]', refreshToken: '[redacted]', field: 'summary' },
    });
    expect(JSON.stringify(lines)).not.toContain('case text');
  });

  it('adds the request id to lines written inside a request, and nothing outside one', async () => {
    const { logger, lines } = capture();
    runInRequestContext({ requestId: 'req-7' }, () => logger.warn('inside'));
    logger.warn('outside');
    await flush();
    expect(lines[0]).toMatchObject({ msg: 'inside', requestId: 'req-7' });
    expect(lines[1].msg).toBe('outside');
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('keeps the configured level', async () => {
    const { logger, lines } = capture('warn');
    logger.info('hidden');
    logger.warn('shown');
    await flush();
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });
});

describe('logDestination', () => {
  it('writes JSON in production, when piped, and when asked to', () => {
    expect(logDestination('auto', true, true)).toBeUndefined();
    expect(logDestination('auto', false, false)).toBeUndefined();
    expect(logDestination('json', false, true)).toBeUndefined();
  });

  it('writes readable lines on a developer terminal, redacted like JSON ones', async () => {
    const written: string[] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString());
        done();
      },
    });
    const destination = logDestination('auto', false, true, output);
    expect(destination).toBeDefined();
    pino(loggerOptions('info', new RequestContext()), destination!).info(
      { password: 'pw-secret' },
      'hello there',
    );
    await flush();
    const text = written.join('');
    expect(text).toContain('hello there');
    expect(text).not.toContain('pw-secret');
    expect(text).not.toMatch(/^\{"level"/);
  });
});
