import { parse } from 'csv-parse/sync';
import { csvContentDisposition, renderCsv } from '../../../src/stats/render/csv';
import { answer, protection, published, suppressed } from './answers';

/** Reads a CSV back the way a spreadsheet import would: RFC 4180, header row, BOM stripped. */
const read = (csv: string) =>
  parse(csv, { bom: true, columns: true, relax_column_count: false }) as Record<string, string>[];

const byRegion = answer({
  subject: 'cases',
  groupBy: ['region'],
  cells: [
    published({ region: '*' }, 40),
    published({ region: 'Москва' }, 30),
    suppressed({ region: 'Tver' }, 'primary'),
    suppressed({ region: 'Kursk' }, 'secondary'),
  ],
});

describe('renderCsv', () => {
  it('writes a header of the dimensions, count, suppressed and the protection, then one row per cell', () => {
    const csv = renderCsv(byRegion);
    expect(csv.startsWith('\uFEFFregion,count,suppressed,subject,from,to,audience,threshold,')).toBe(true);
    expect(read(csv)).toEqual([
      expect.objectContaining({ region: '*', count: '40', suppressed: 'false' }),
      expect.objectContaining({ region: 'Москва', count: '30', suppressed: 'false' }),
      expect.objectContaining({ region: 'Tver', count: '', suppressed: 'true' }),
      expect.objectContaining({ region: 'Kursk', count: '', suppressed: 'true' }),
    ]);
  });

  it('ends every record with CRLF (RFC 4180)', () => {
    const csv = renderCsv(byRegion);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(byRegion.cells.length + 2); // header, rows, trailing empty
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('carries how the table was protected on every row, the same for all', () => {
    const rows = read(renderCsv(byRegion));
    for (const row of rows)
      expect(row).toMatchObject({
        subject: 'cases',
        from: '2019-01',
        to: '2019-03',
        audience: 'public',
        threshold: '10',
        rounding_base: '5',
        method: 'optimal',
        release_id: 'rel_0001',
      });
    expect(Object.keys(rows[0])).not.toContain('epsilon');
  });

  it('never says why a cell was suppressed, nor gives a suppressed figure', () => {
    const csv = renderCsv(byRegion);
    expect(csv).not.toMatch(/primary|secondary|ledger/);
    const rows = read(csv).filter((row) => row.suppressed === 'true');
    expect(rows.map((row) => row.count)).toEqual(['', '']);
  });

  it('adds the noise mechanism and ε under differential privacy, never the remaining budget', () => {
    const noised = answer({
      ...byRegion,
      protection: protection({
        method: 'noise',
        noise: {
          mechanism: 'discrete_laplace',
          epsilon: 0.5,
          scale: 2,
          sensitivity: 1,
          remainingBudget: 7.25,
        },
      }),
    });
    const [row] = read(renderCsv(noised));
    expect(row).toMatchObject({ method: 'noise', noise_mechanism: 'discrete_laplace', epsilon: '0.5' });
    expect(renderCsv(noised)).not.toContain('7.25');
  });

  it('quotes commas, quotes and line breaks so that they read back unchanged', () => {
    const awkward = ['Kursk, city', 'say "no"', 'two\nlines', 'cr\ronly', 'crlf\r\nhere'];
    const csv = renderCsv(
      answer({ groupBy: ['region'], cells: awkward.map((region) => published({ region }, 15)) }),
    );
    expect(read(csv).map((row) => row.region)).toEqual(awkward);
    expect(csv).toContain('"say ""no"""');
  });

  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'])(
    'defuses a cell a spreadsheet would run as a formula: %j',
    (region) => {
      const csv = renderCsv(answer({ groupBy: ['region'], cells: [published({ region }, 15)] }));
      const [row] = read(csv);
      expect(row.region).toBe(`'${region}`);
    },
  );

  it('leaves ordinary values alone', () => {
    const [row] = read(
      renderCsv(answer({ groupBy: ['region'], cells: [published({ region: 'Tver' }, 15)] })),
    );
    expect(row.region).toBe('Tver');
    expect(row.count).toBe('15');
  });

  it('writes UTF-8 text that decodes back to the same region names', () => {
    const csv = renderCsv(byRegion);
    const bytes = Buffer.from(csv, 'utf8');
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(read(new TextDecoder('utf-8', { fatal: true }).decode(bytes))[1].region).toBe('Москва');
  });

  it('writes a margin as * and a table without dimensions as one total row', () => {
    const total = read(renderCsv(answer({ cells: [published({}, 45)] })));
    expect(total).toEqual([expect.objectContaining({ count: '45', suppressed: 'false' })]);
    expect(Object.keys(total[0])[0]).toBe('count');
  });
});

describe('csvContentDisposition', () => {
  it('names the download by subject, range and release, with nothing a header could break on', () => {
    expect(csvContentDisposition(byRegion)).toBe(
      'attachment; filename="stats-cases-2019-01-2019-03-rel_0001.csv"',
    );
    const odd = answer({ ...byRegion, protection: protection({ releaseId: 'a"b\r\nc/д' }) });
    expect(csvContentDisposition(odd)).toBe(
      'attachment; filename="stats-cases-2019-01-2019-03-a_b__c__.csv"',
    );
  });
});
