/**
 * Coalesces concurrent calls into one set-based statement: the first call runs at once, alone;
 * calls made while a batch is in flight wait for it and then run together, as the next batch. No
 * timer, so a lone call pays no delay; under load (a worker running jobs concurrently) each batch
 * carries what arrived during the previous one — one round trip and one commit for many. `run`
 * must answer one result per input, in input order; its failure fails every call of its batch.
 */
export class StatementBatcher<I, O> {
  private waiting: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.running) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.running = true;
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        const outputs = await this.run(batch.map((b) => b.input));
        batch.forEach((b, i) => b.resolve(outputs[i]));
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.running = false;
  }
}
