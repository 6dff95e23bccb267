import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/** One module of an app as Nest resolved it: its name, whether it is global, its providers. */
export interface GraphModule {
  name: string;
  global: boolean;
  /** Provider tokens: class names, or the string/symbol text (`APP_GUARD (UUID: …)` for app guards). */
  providers: string[];
  /** The app-wide guards this module installs (`APP_GUARD`), by the class they resolve to. */
  appGuards: string[];
}

/**
 * Global modules that come from the libraries we use, never from our code: Nest's own core, the
 * config host of @nestjs/config, nestjs-pino's logger, TypeORM's data source, Bull's root options.
 */
export const LIBRARY_GLOBAL_MODULES = [
  'InternalCoreModule',
  'ConfigHostModule',
  'LoggerModule',
  'TypeOrmCoreModule',
  'BullModule',
];

interface InstanceWrapperLike {
  name?: unknown;
  metatype?: unknown;
  inject?: unknown[] | null;
}

interface ModuleLike {
  metatype?: { name: string };
  isGlobal: boolean;
  providers: Map<unknown, InstanceWrapperLike>;
}

const nameOf = (token: unknown): string => (typeof token === 'function' ? token.name : String(token));

/**
 * The module graph of an app's root module, read without instantiating anything (Nest's preview
 * mode: no database, Redis or queue is touched), for tests of how the apps are wired.
 */
export async function moduleGraph(root: Type): Promise<GraphModule[]> {
  const app = await NestFactory.createApplicationContext(root, { preview: true, logger: false });
  try {
    // Nest keeps the resolved graph on the context's container (not part of its typed API).
    const container = (app as unknown as { container: { getModules(): Map<string, ModuleLike> } }).container;
    return [...container.getModules().values()].map((module) => {
      const providers = [...module.providers.entries()];
      return {
        name: module.metatype?.name ?? '?',
        global: module.isGlobal,
        providers: providers.map(([token]) => nameOf(token)),
        appGuards: providers
          .filter(([token]) => nameOf(token).startsWith('APP_GUARD'))
          .map(([, wrapper]) => nameOf(wrapper.inject?.[0] ?? wrapper.metatype)),
      };
    });
  } finally {
    await app.close();
  }
}
