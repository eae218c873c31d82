/** What an error code means over HTTP: its status and a fixed, content-free message. */
export interface ErrorSpec {
  status: number;
  message: string;
}

/**
 * An error with a stable machine code. Features define their codes as an enum and a catalogue
 * with `defineErrors`; the one exception filter turns any `AppError` into
 * `{ error: { code, message } }` with the catalogue's status. Messages are fixed per code so that
 * nothing a caller sent is ever echoed back or logged through an error.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Safe, structured extras for the client (field names, limits) — never submitted values. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A feature's error factory; its catalogue stays readable (docs/api.md is checked against it). */
export type ErrorFactory<C extends string> = ((code: C, details?: Record<string, unknown>) => AppError) & {
  readonly catalogue: Readonly<Record<C, ErrorSpec>>;
};

/** Builds the error factory of one feature from its code catalogue. */
export function defineErrors<C extends string>(catalogue: Record<C, ErrorSpec>): ErrorFactory<C> {
  const factory = (code: C, details?: Record<string, unknown>): AppError => {
    const spec = catalogue[code];
    return new AppError(code, spec.status, spec.message, details);
  };
  return Object.assign(factory, { catalogue: Object.freeze({ ...catalogue }) });
}
