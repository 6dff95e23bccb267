import Fastify, { FastifyInstance } from 'fastify';
import { logEachRequest, RequestLog } from './request-log.hook';

describe('logEachRequest', () => {
  let app: FastifyInstance;
  let log: RequestLog & { info: jest.Mock; error: jest.Mock };
  let enabled: Set<string>;

  beforeEach(async () => {
    enabled = new Set(['info', 'error']);
    log = { isLevelEnabled: (level) => enabled.has(level), info: jest.fn(), error: jest.fn() };
    app = Fastify({ genReqId: () => 'req-1' });
    logEachRequest(app, log);
    app.get('/things', async () => ({ ok: true }));
    app.get('/broken', async (_request, reply) => reply.status(503).send({}));
    await app.ready();
  });
  afterEach(() => app.close());

  it('logs one completion line with the request id, method, path without the query, and status', async () => {
    await app.inject({ method: 'GET', url: '/things?cursor=secret-cursor' });
    expect(log.info).toHaveBeenCalledTimes(1);
    expect(log.info).toHaveBeenCalledWith(
      {
        req: { id: 'req-1', method: 'GET', path: '/things' },
        requestId: 'req-1',
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      },
      'request completed',
    );
    expect(JSON.stringify(log.info.mock.calls)).not.toContain('secret-cursor');
  });

  it('logs a client error at info and a 5xx at error', async () => {
    await app.inject({ method: 'GET', url: '/missing' });
    expect(log.info).toHaveBeenCalledWith(
      expect.objectContaining({ res: { statusCode: 404 } }),
      'request completed',
    );
    await app.inject({ method: 'GET', url: '/broken' });
    expect(log.error).toHaveBeenCalledWith(
      expect.objectContaining({ res: { statusCode: 503 } }),
      'request errored',
    );
  });

  it('writes nothing when the level hides the line', async () => {
    enabled.clear();
    await app.inject({ method: 'GET', url: '/things' });
    expect(log.info).not.toHaveBeenCalled();
    expect(log.error).not.toHaveBeenCalled();
  });
});
