import loadHighs from 'highs';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let loading: Promise<Highs> | undefined;

/** The HiGHS WebAssembly solver, loaded once per process. */
export function highsSolver(): Promise<Highs> {
  loading ??= loadHighs();
  return loading;
}

export type HighsSolverInstance = Highs;
