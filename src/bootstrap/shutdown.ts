import type { INestApplicationContext } from '@nestjs/common';

/**
 * Graceful shutdown on SIGTERM/SIGINT: `app.close()` stops taking requests, lets the queue workers
 * finish the jobs in hand and closes connections. A second signal or the timeout forces the exit.
 */
export function runUntilSignal(app: INestApplicationContext, timeoutMs: number): void {
  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    setTimeout(() => process.exit(1), timeoutMs).unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
    void signal;
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
