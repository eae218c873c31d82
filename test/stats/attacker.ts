import loadHighs from 'highs';

/**
 * The attacker of the attack tests, written apart from src/stats so that a mistake in the
 * protection's own check cannot hide itself: every published sum (this table and earlier
 * releases) as an equality over non-negative atoms; the tightest bounds of each suppressed cell.
 */
export async function attackBounds(
  published: readonly { atoms: readonly string[]; value: number }[],
  suppressed: readonly (readonly string[])[],
): Promise<{ lower: number; upper: number }[]> {
  const highs = await loadHighs();
  const names = new Map<string, string>();
  const name = (atom: string): string => {
    if (!names.has(atom)) names.set(atom, `x${names.size}`);
    return names.get(atom)!;
  };
  const rows = published.map((cell, i) => `  r${i}: ${cell.atoms.map(name).join(' + ')} = ${cell.value}`);
  const objectives = suppressed.map((atoms) => atoms.map(name).join(' + '));
  const bounds = [...names.values()].map((n) => `  ${n} >= 0`);
  const bound = (sense: string, objective: string): number => {
    const lp = [sense, `  z: ${objective}`, 'Subject To', ...rows, 'Bounds', ...bounds, 'End'].join('\n');
    const result = highs.solve(lp, { output_flag: false });
    if (result.Status === 'Unbounded') return Infinity;
    expect(result.Status).toBe('Optimal');
    return result.ObjectiveValue;
  };
  return objectives.map((objective) => ({
    lower: bound('Minimize', objective),
    upper: bound('Maximize', objective),
  }));
}
