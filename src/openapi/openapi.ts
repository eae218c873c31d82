import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const OPENAPI_PATH = 'api/docs';

/** The OpenAPI document of the running application, with keys in a stable order. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Corridor API')
    .setDescription(
      'Secure case intake for crisis hotlines. Errors are `{ "error": { "code", "message" } }` with a stable code; ' +
        'a resource the caller may not see answers 404.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Caseworker or reporter session token' })
    .build();
  return sortKeys(SwaggerModule.createDocument(app, config)) as OpenAPIObject;
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${OPENAPI_PATH}/openapi.json`,
    swaggerOptions: { persistAuthorization: false },
  });
}

/** Deterministic serialisation, so that the committed openapi.json diffs cleanly. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function serialiseOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
