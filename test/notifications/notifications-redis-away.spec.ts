import { ServiceWithoutApp } from './support/service-without-app';

/**
 * A trigger sits in other features' paths: with Redis away it must cost nothing, throw nothing,
 * and say nothing about where notifications go.
 */
describe('pendingChanged with Redis away', () => {
  let s: ServiceWithoutApp;
  afterEach(() => s.close());

  it('gives up at once when Redis is unreachable, warning once per outage', async () => {
    s = new ServiceWithoutApp('redis://127.0.0.1:1'); // nothing listens there
    const started = Date.now();
    for (let i = 0; i < 5; i++) await expect(s.service.pendingChanged()).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(100);
    s.expectOneContentFreeWarning();
  });

  it('does nothing at all when no endpoint is configured', async () => {
    s = new ServiceWithoutApp('redis://127.0.0.1:1', false);
    await expect(s.service.pendingChanged()).resolves.toBeUndefined();
    expect(s.warn).not.toHaveBeenCalled();
  });
});
