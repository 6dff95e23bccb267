import { GraphModule, LIBRARY_GLOBAL_MODULES, moduleGraph } from '@app/testing';
import { WorkerModule } from './worker.module';

/** What only the API may have: the HTTP guard, login and its throttles, the admin bootstrap, the demo seed. */
const API_ONLY = [
  'IdentityModule',
  'AccessGuard',
  'LoginThrottle',
  'AnonymousLimit',
  'AuthService',
  'AdminBootstrap',
  'DemoSeed',
];

describe('WorkerModule wiring', () => {
  let graph: GraphModule[];

  beforeAll(async () => {
    graph = await moduleGraph(WorkerModule);
  });

  it('installs no app-wide guard', () => {
    expect(graph.flatMap((module) => module.appGuards)).toEqual([]);
    expect(graph.flatMap((module) => module.providers).filter((token) => token.startsWith('APP_GUARD'))).toEqual([]);
  });

  it('gets none of identity’s API-only parts, only its user directory', () => {
    const names = graph.flatMap((module) => [module.name, ...module.providers]);
    expect(API_ONLY.filter((name) => names.includes(name))).toEqual([]);
    expect(names).toContain('UserDirectory');
  });

  it('has no global module of its own (each module imports what it uses)', () => {
    const global = graph.filter((module) => module.global).map((module) => module.name);
    expect(global.filter((name) => !LIBRARY_GLOBAL_MODULES.includes(name))).toEqual([]);
  });
});
