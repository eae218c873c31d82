import { tableSensitivity, type RawCell } from '../../../src/stats/privacy/table-sensitivity';

/** Every cell of dims × values, with the margins named by `patterns` (lists of dimensions kept). */
function table(values: Record<string, string[]>, patterns: string[][]): RawCell[] {
  const dims = Object.keys(values);
  return patterns.flatMap((kept) =>
    kept
      .reduce<Record<string, string>[]>(
        (rows, d) => rows.flatMap((row) => values[d].map((v) => ({ ...row, [d]: v }))),
        [Object.fromEntries(dims.map((d) => [d, '*']))],
      )
      .map((v, i) => ({ values: v, count: i })),
  );
}

const months = ['2026-01', '2026-02', '2026-03'];
const regions = ['north', 'south'];

describe('table sensitivity (the cells one record can touch)', () => {
  it('is 1 for a table without margins', () => {
    expect(tableSensitivity(table({ month: months, region: regions }, [['month', 'region']]))).toBe(1);
  });

  it('counts one per margin pattern: month × region with both totals and the grand total is 4', () => {
    const full = table({ month: months, region: regions }, [['month', 'region'], ['month'], ['region'], []]);
    expect(full).toHaveLength(6 + 3 + 2 + 1);
    expect(tableSensitivity(full)).toBe(4);
    expect(
      tableSensitivity(table({ month: months, region: regions }, [['month', 'region'], ['month']])),
    ).toBe(2);
  });

  it('counts every value of a multi-valued dimension (a case with all three needs is in three cells)', () => {
    const needs = ['shelter', 'legal', 'medical'];
    expect(tableSensitivity(table({ month: months, needs }, [['month', 'needs']]))).toBe(3);
    // month × needs with margins: 3 (month, needs) + 1 (month) + 3 (needs) + 1 (total).
    expect(
      tableSensitivity(table({ month: months, needs }, [['month', 'needs'], ['month'], ['needs'], []])),
    ).toBe(8);
  });

  it('counts a report in each of its categories too (category is multi-valued, as the query service counts it)', () => {
    const category = ['detention', 'threat', 'violence'];
    // reports × category with its total: 3 category cells + the total.
    expect(tableSensitivity(table({ category }, [['category'], []]))).toBe(4);
  });

  it('refuses a table that is not its whole domain (a zero left out), a repeated cell, mixed dimensions', () => {
    const full = table({ month: months, region: regions }, [['month', 'region']]);
    expect(() => tableSensitivity(full.slice(1))).toThrow(/whole domain/);
    expect(() => tableSensitivity([...full, full[0]])).toThrow(/twice/);
    expect(() => tableSensitivity([...full, { values: { month: '2026-01' }, count: 1 }])).toThrow(
      /same dimensions/,
    );
    expect(() => tableSensitivity([])).toThrow(RangeError);
  });
});
