import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument, serialiseOpenApi } from '../../src/openapi/openapi';
import { startTestApp, TestApp } from '../support/test-app';

describe('OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('the committed openapi.json matches the application (run `npm run openapi` after changing routes)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8');
    expect(serialiseOpenApi(buildOpenApiDocument(t.app))).toBe(committed);
  });

  it('is served at /api/docs', async () => {
    const page = await t.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger');
    const json = await t.get<{ openapi: string; paths: Record<string, unknown> }>('/api/docs/openapi.json');
    expect(json.status).toBe(200);
    expect(json.body.paths['/health/ready']).toBeDefined();
  });
});
