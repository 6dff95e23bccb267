import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ALLOW_KEY, Permission, PUBLIC_KEY } from '@app/identity';

export interface RegisteredRoute {
  method: string;
  /** As Fastify serves it, e.g. `/api/v1/users/:id` or `/health/live`. */
  path: string;
  /** `Controller.method`, for messages. */
  handler: string;
  isPublic: boolean;
  permission?: Permission;
}

const join = (...parts: string[]) => `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;

/**
 * Every route the API's controllers register, read from Nest's own metadata (the same metadata the
 * router and the AccessGuard read), with the path Fastify actually serves.
 */
export function registeredRoutes(app: NestFastifyApplication): RegisteredRoute[] {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const fastify = app.getHttpAdapter().getInstance();
  const routes: RegisteredRoute[] = [];
  const seen = new Set<unknown>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!type || seen.has(type)) continue;
      seen.add(type);
      const controllerPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '/');
      for (const name of scanner.getAllMethodNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name] as object;
        const requestMethod: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
        if (requestMethod === undefined) continue;
        const method = RequestMethod[requestMethod];
        const targets = [handler as () => void, type];
        const isPublic = reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true;
        const permission = reflector.getAllAndOverride<Permission | undefined>(ALLOW_KEY, targets);
        for (const controllerPath of controllerPaths) {
          for (const handlerPath of ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, handler) ?? '/')) {
            const bare = join(controllerPath, handlerPath);
            const prefixed = join('api/v1', bare);
            const path = fastify.hasRoute({ method, url: prefixed }) ? prefixed : bare;
            routes.push({ method, path, handler: `${type.name}.${name}`, isPublic, permission });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => (a.path + a.method).localeCompare(b.path + b.method));
}
