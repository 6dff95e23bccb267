import { GraphModule, LIBRARY_GLOBAL_MODULES, moduleGraph } from '@app/testing';
import { ApiModule } from './api.module';

describe('ApiModule wiring', () => {
  let graph: GraphModule[];

  beforeAll(async () => {
    graph = await moduleGraph(ApiModule);
  });

  it('installs the AccessGuard for every route itself, once, and no other module installs a guard', () => {
    const installers = graph
      .filter((module) => module.appGuards.length > 0)
      .map((module) => ({ module: module.name, guards: module.appGuards }));
    expect(installers).toEqual([{ module: 'ApiModule', guards: ['AccessGuard'] }]);
  });

  it('has no global module of its own (each module imports what it uses)', () => {
    const global = graph.filter((module) => module.global).map((module) => module.name);
    expect(global.filter((name) => !LIBRARY_GLOBAL_MODULES.includes(name))).toEqual([]);
  });
});
