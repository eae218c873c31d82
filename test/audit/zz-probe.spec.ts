import { startTestApp } from '../support/test-app';
it('boots and closes with worker', async () => {
  const t = await startTestApp({ withWorker: true, env: { AUDIT_SEAL_INTERVAL_MS: '60000' } });
  await new Promise((r) => setTimeout(r, 500));
  await t.close();
});
