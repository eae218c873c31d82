import type autocannon from 'autocannon';

interface PhaseCount {
  phase: string;
  unexpected: number;
  detail: string;
  measured: boolean;
}

/**
 * Counts the answers a benchmark did not expect, per phase: a non-2xx where a 2xx was meant, a
 * connection error, a timeout. A rate that includes refused or failed requests measures nothing, so
 * `finish()` prints the count of every phase and sets a non-zero exit code when any MEASURED phase
 * (one whose figures are printed as results) has one. Unmeasured phases (warm-ups) are printed too.
 */
export class UnexpectedAnswers {
  private readonly phases: PhaseCount[] = [];

  /** autocannon: `non2xx` plus `errors` (connection errors, timeouts included). */
  autocannon(
    phase: string,
    result: autocannon.Result,
    options: { measured?: boolean } = {},
  ): autocannon.Result {
    this.count(
      phase,
      result.non2xx + result.errors,
      `2xx ${result['2xx']}, non-2xx ${result.non2xx}, errors ${result.errors} (timeouts ${result.timeouts})`,
      options,
    );
    return result;
  }

  count(phase: string, unexpected: number, detail: string, options: { measured?: boolean } = {}): void {
    this.phases.push({ phase, unexpected, detail, measured: options.measured ?? true });
  }

  /** Prints the table; returns false (and sets process.exitCode = 1) when a measured phase failed. */
  finish(): boolean {
    console.log('  unexpected answers per phase:');
    for (const p of this.phases)
      console.log(`    ${p.measured ? '' : '(not measured) '}${p.phase}: ${p.unexpected} — ${p.detail}`);
    const failed = this.phases.filter((p) => p.measured && p.unexpected > 0);
    if (failed.length === 0) {
      console.log('  unexpected-answer check: passed (0 in every measured phase)');
      return true;
    }
    console.log(
      `  unexpected-answer check: FAILED in ${failed.map((p) => p.phase).join('; ')}; the figures of these phases are not valid`,
    );
    process.exitCode = 1;
    return false;
  }
}
