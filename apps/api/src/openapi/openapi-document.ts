import { INestApplication } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PUBLIC_KEY } from '@app/identity';

/** Every tag the controllers use, with what it groups (an undeclared tag fails the OpenAPI lint). */
export const API_TAGS: Readonly<Record<string, string>> = {
  health: 'Liveness and readiness probes for the platform (public, outside /api/v1).',
  auth: 'Login, token refresh, logout and the caller’s own account.',
  organizations: 'Organizations that requesters belong to (admin).',
  users: 'User accounts and their roles (admin).',
  'role-grants': 'Two-person staff-role grants: supervisors approve or reject the investigator and supervisor roles admins ask for.',
  consultations:
    'Consultation requests: intake, reading, claiming, triage overrides, status moves and messages.',
  triage: 'Investigators’ availability for critical requests and assignment.',
  notifications: 'The caller’s own in-app notifications (never case text).',
  stats: 'Queue statistics for supervisors.',
  audit:
    'The tamper-evident audit trail: events, export, verification, checkpoints and access follow-up (supervisor).',
  retention: 'Retention (gallring): legal holds and the requests due for purge (supervisor).',
  web: 'Settings the web app reads at start (public).',
};

/**
 * The API's OpenAPI document, built from the running app's controllers and decorators (no
 * running server needed: tests and scripts build it from a test app), then completed where the
 * decorators cannot say it once for all routes:
 * - routes marked @Public() need no token (`security: []`); every other route takes the bearer token;
 * - every tag used is declared, with its description from API_TAGS.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('consult-intake API')
    .setDescription(
      'Secure intake of consultation requests to investigators of violence in close relationships. ' +
        'Errors are RFC 9457 problem details (application/problem+json). Lists use cursor pagination. ' +
        'Every answer under /api/v1 carries Cache-Control: no-store. Bodies are JSON only (415 otherwise); the ' +
        'routes under /api/v1/auth take at most AUTH_BODY_LIMIT_BYTES (8 KB by default). A body or query with more ' +
        'than 64 fields in an object, 100 items in an array, 1,000 values in all or 32 levels of nesting, or a text ' +
        'with a control character other than tab and line breaks, is 400; a problem lists at most 20 errors. An ' +
        'X-Request-Id of 1 to 64 characters [A-Za-z0-9._-] is echoed; any other is replaced by a new id.',
    )
    .setVersion('1')
    .addServer('/', 'This service: the paths below include /api/v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer');
  for (const [name, description] of Object.entries(API_TAGS)) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  markPublicOperations(app, document);
  declareUsedTags(document);
  return document;
}

/** `Controller_method` (Swagger's operationId) of every route marked @Public(). */
function publicOperationIds(app: INestApplication): Set<string> {
  // A Reflector of its own: `npm run openapi` builds the app in preview mode, where providers are not instantiated.
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const ids = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!type) continue;
      for (const name of scanner.getAllMethodNames(type.prototype)) {
        const handler = (type.prototype as Record<string, () => void>)[name];
        if (reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler, type]) === true)
          ids.add(`${type.name}_${name}`);
      }
    }
  }
  return ids;
}

function markPublicOperations(app: INestApplication, document: OpenAPIObject): void {
  const open = publicOperationIds(app);
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      if (
        operation &&
        typeof operation === 'object' &&
        'operationId' in operation &&
        open.has(String(operation.operationId))
      ) {
        operation.security = [];
      }
    }
  }
}

function declareUsedTags(document: OpenAPIObject): void {
  const declared = new Set((document.tags ?? []).map((tag) => tag.name));
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      const tags = (operation as { tags?: string[] })?.tags ?? [];
      for (const tag of tags) {
        if (declared.has(tag)) continue;
        // Declared without a description: the OpenAPI lint (tag-description) then fails the build.
        document.tags = [...(document.tags ?? []), { name: tag }];
        declared.add(tag);
      }
    }
  }
}
