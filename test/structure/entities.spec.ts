import { ENTITIES } from '../../src/entities';
import { startTestApp, TestApp } from '../support/test-app';

describe('entity registration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("the features' own registrations (forFeature) are exactly the standalone list of src/entities.ts", () => {
    const registered = t.dataSource.entityMetadatas.map((m) => m.target as unknown);
    expect(new Set(registered)).toEqual(new Set(ENTITIES));
    expect(registered).toHaveLength(ENTITIES.length);
  });
});
