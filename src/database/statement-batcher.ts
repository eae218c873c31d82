/**
 * Coalesces concurrent calls into set-based statements: a call runs at once while fewer than
 * `maxInFlight` batches are running; calls made while that many are in flight wait and then run
 * together, as the next batch. No timer, so a lone call pays no delay; under load (a worker running
 * many jobs at once) each batch carries what arrived meanwhile — one round trip and one commit for
 * many. More than one batch in flight, so that one waiting on a row lock does not stop the rest.
 * `run` must answer one result per input, in input order; its failure fails every call of its batch.
 */
export class StatementBatcher<I, O> {
  private readonly waiting: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private running = 0;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly options: { maxBatch?: number; maxInFlight?: number } = {},
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (this.running < (this.options.maxInFlight ?? 2)) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.running++;
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, this.options.maxBatch ?? 256);
        try {
          const outputs = await this.run(batch.map((b) => b.input));
          batch.forEach((b, i) => b.resolve(outputs[i]));
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.running--;
    }
  }
}
