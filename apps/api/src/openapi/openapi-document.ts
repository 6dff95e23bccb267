import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The service's OpenAPI document, as /api/docs serves it and the web app's client is generated from. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('consult-intake API')
      .setDescription(
        'Secure intake of consultation requests to investigators of violence in close relationships. ' +
          'Errors are RFC 9457 problem details (application/problem+json). Lists use cursor pagination.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addSecurityRequirements('bearer')
      .build(),
  );
}
