/**
 * The OpenAPI document (issue 11, newcomer): built from a test app (no running service), linted
 * with Redocly's maintained linter (recommended rules, redocly.yaml), and held to what a client
 * generator and "Try it out" need.
 */
import { assessRisk, RiskInput } from '@app/triage';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { registeredRoutes } from '@app/testing/e2e/registered-routes';

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  example?: unknown;
  default?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  [key: string]: unknown;
};
type Operation = {
  operationId: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: Schema }> }>;
};
type Document = {
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

/** Numbers that are not whole: medians and percentiles. Every other number of the API is an integer. */
const FRACTIONAL = [
  'TimeToClaimDto.medianSeconds',
  'TimeToClaimDto.p90Seconds',
  'UnusualVolumeDto.baselineDailyMedian',
];

describe('OpenAPI document', () => {
  let ctx: E2eContext;
  let doc: Document;
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
    );
  const resolve = (schema: Schema): Schema =>
    schema.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').pop() as string]) : schema;

  /** The body Swagger UI's "Try it out" prefills: example, else default, else the first enum value, else `true` for a boolean. */
  function sampleOf(schema: Schema): unknown {
    const s = resolve(schema.allOf?.length === 1 ? schema.allOf[0] : schema);
    if (s.example !== undefined) return s.example;
    if (s.default !== undefined) return s.default;
    if (s.enum) return s.enum[0];
    if (s.type === 'array') return [sampleOf(s.items ?? {})];
    if (s.type === 'object' || s.properties) {
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([name, p]) => [name, sampleOf(p)]));
    }
    return { boolean: true, integer: 0, number: 0, string: 'string' }[s.type ?? 'string'];
  }

  beforeAll(async () => {
    ctx = await createE2eContext('openapi');
    const res = await ctx.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body as Document;
  });
  afterAll(() => ctx.close());

  it('passes the Redocly lint (recommended rules, redocly.yaml) with no errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc, null, 2));
      const run = await promisify(execFile)(process.execPath, ['scripts/lint-openapi.mjs', file], {
        cwd: join(__dirname, '..'),
      }).catch((error: { stdout: string; stderr: string }) => error);
      const summary = JSON.parse(run.stdout.trim().split('\n').pop() as string);
      expect({ summary, output: summary.errors || summary.warnings ? run.stdout + run.stderr : '' }).toEqual({
        summary: { errors: 0, warnings: 0, ignored: 0 },
        output: '',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a server and declares, with a description, every tag it uses', () => {
    expect(doc.servers?.length).toBeGreaterThan(0);
    const declared = new Map((doc.tags ?? []).map((tag) => [tag.name, tag.description]));
    const used = new Set(operations().flatMap(({ operation }) => operation.tags ?? []));
    for (const tag of used)
      expect({ tag, description: declared.get(tag) }).toEqual({
        tag,
        description: expect.stringMatching(/\w/),
      });
  });

  it('asks no token of public routes and the bearer token of every other, with a 4xx documented', () => {
    // Fastify's `/api/v1/users/:id` is OpenAPI's `/api/v1/users/{id}`.
    const open = new Set(
      registeredRoutes(ctx.app)
        .filter((route) => route.isPublic)
        .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect([...open]).toEqual(
      expect.arrayContaining(['get /health/live', 'post /api/v1/auth/login', 'post /api/v1/auth/refresh']),
    );
    for (const { path, method, operation } of operations()) {
      const isPublic = open.has(`${method} ${path}`);
      if (isPublic) expect({ path, security: operation.security }).toEqual({ path, security: [] });
      else
        expect({ path, method, security: operation.security }).toEqual({
          path,
          method,
          security: [{ bearer: [] }],
        });
      // Anyone signed in can be refused (401/403); public routes document their 4xx where they have input.
      if (!isPublic) expect(Object.keys(operation.responses).some((status) => /^4/.test(status))).toBe(true);
    }
  });

  it('describes the health answers with schemas', () => {
    for (const path of ['/health/live', '/health/ready']) {
      expect(doc.paths[path].get.responses['200'].content?.['application/json'].schema).toBeDefined();
    }
    expect(Object.keys(doc.paths['/health/ready'].get.responses['503'].content ?? {})).toEqual([
      'application/problem+json',
    ]);
  });

  it('declares the audit export as text/csv and application/x-ndjson', () => {
    const ok = doc.paths['/api/v1/audit-events/export'].get.responses['200'];
    expect(Object.keys(ok.content ?? {}).sort()).toEqual(['application/x-ndjson', 'text/csv']);
  });

  it('gives problems their errors, allowedMoves (409) and info (503)', () => {
    const problem = doc.components.schemas.ProblemDto;
    expect(Object.keys(problem.properties ?? {})).toEqual(
      expect.arrayContaining(['errors', 'allowedMoves', 'info', 'requestId']),
    );
    expect(problem.properties?.status.type).toBe('integer');
  });

  it('gives login and refresh their own 401 texts', () => {
    const texts = ['/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/auth/me'].map(
      (path) => Object.values(doc.paths[path])[0].responses['401'].description,
    );
    expect(new Set(texts).size).toBe(3);
    expect(texts[0]).toMatch(/password/);
    expect(texts[1]).toMatch(/refresh token/);
  });

  it('formats every id in a path as a uuid', () => {
    const params = operations().flatMap(({ path, operation }) =>
      (operation.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => ({ path, name: p.name, format: p.schema?.format })),
    );
    expect(params.length).toBeGreaterThan(5);
    for (const param of params) expect(param).toEqual({ ...param, format: 'uuid' });
  });

  it('types counts and versions as integers and roles, statuses and other closed sets as enums', () => {
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const [property, p] of Object.entries(schema.properties ?? {})) {
        const where = `${name}.${property}`;
        if (p.type === 'number') expect(FRACTIONAL).toContain(where);
        if (
          /(^|[a-z])(role|Role|status|priority|kind|outcome|channel)$/.test(property) &&
          p.type === 'string'
        ) {
          expect({ where, enum: Array.isArray(p.enum) }).toEqual({ where, enum: true });
        }
      }
    }
    expect(doc.components.schemas.UserDto.properties?.role.enum).toEqual([
      'requester',
      'investigator',
      'supervisor',
      'admin',
    ]);
  });

  it('prefills no request that would file a critical consultation (harmless examples)', () => {
    const intake = doc.paths['/api/v1/consultations'].post.requestBody?.content['application/json'];
    const sample = sampleOf(intake?.schema ?? {}) as RiskInput & {
      riskFactors: { immediateDanger: boolean };
    };
    expect(sample.riskFactors.immediateDanger).toBe(false);
    expect(assessRisk(sample).priority).not.toBe('critical');
    expect(JSON.stringify(doc)).not.toMatch(/"immediateDanger":\s*true/);
  });
});
