import { renderStatement, statementResponse } from '../../../src/stats/render/statement';
import { StatsRenderErrorCode } from '../../../src/stats/render/render.errors';
import { answer, protection, published, suppressed } from './answers';

const evacuations = answer({
  subject: 'evacuated',
  groupBy: ['outcome'],
  from: '2018-12',
  to: '2019-01',
  cells: [
    published({ outcome: '*' }, 150),
    published({ outcome: 'relocated_in_country' }, 20),
    published({ outcome: 'relocated_abroad' }, 130),
  ],
});

describe('renderStatement', () => {
  it('says a total and its largest part across two years, in the organisation style', () => {
    expect(renderStatement(evacuations, 'en')).toBe(
      'Around 150 people were evacuated between December 2018 and January 2019, around 130 of them abroad and around 20 within the country.',
    );
    expect(renderStatement(evacuations, 'ru')).toBe(
      'Около 150 человек было эвакуировано с декабря 2018 года по январь 2019 года, из них около 130 — за рубеж и около 20 — внутри страны.',
    );
  });

  it('says "fewer than N" (the threshold) for a suppressed total, within one month', () => {
    const small = answer({
      subject: 'relocated_abroad',
      from: '2019-03',
      to: '2019-03',
      cells: [suppressed({}, 'primary')],
    });
    expect(renderStatement(small, 'en')).toBe('Fewer than 10 people were relocated abroad in March 2019.');
    expect(renderStatement(small, 'ru')).toBe('Менее 10 человек было переселено за рубеж за март 2019 года.');
  });

  it('says "fewer than N" for a suppressed part, after the published parts', () => {
    const withSmallPart = answer({
      ...evacuations,
      cells: [
        published({ outcome: '*' }, 40),
        suppressed({ outcome: 'returned' }, 'primary'),
        published({ outcome: 'relocated_abroad' }, 35),
      ],
    });
    expect(renderStatement(withSmallPart, 'en')).toBe(
      'Around 40 people were evacuated between December 2018 and January 2019, around 35 of them abroad and fewer than 10 returned.',
    );
    expect(renderStatement(withSmallPart, 'ru')).toBe(
      'Около 40 человек было эвакуировано с декабря 2018 года по январь 2019 года, из них около 35 — за рубеж и менее 10 — вернулись.',
    );
  });

  it('leaves out parts suppressed to protect another figure and parts of zero (their size is unknown)', () => {
    const protectedParts = answer({
      ...evacuations,
      cells: [
        published({ outcome: '*' }, 60),
        suppressed({ outcome: 'returned' }, 'secondary'),
        suppressed({ outcome: 'lost_contact' }, 'ledger'),
        published({ outcome: 'deceased' }, 0),
        published({ outcome: 'relocated_abroad' }, 45),
      ],
    });
    expect(renderStatement(protectedParts, 'en')).toBe(
      'Around 60 people were evacuated between December 2018 and January 2019, around 45 of them abroad.',
    );
  });

  it('names at most three parts, the largest', () => {
    const many = answer({
      subject: 'cases',
      groupBy: ['region'],
      from: '2019-01',
      to: '2019-12',
      cells: [
        published({ region: '*' }, 200),
        ...['A', 'B', 'C', 'D'].map((region, index) => published({ region }, 20 + index * 15)),
      ],
    });
    expect(renderStatement(many, 'en')).toBe(
      'Around 200 cases were opened in 2019, around 65 of them in D, around 50 in C, and around 35 in B.',
    );
    expect(renderStatement(many, 'ru')).toBe(
      'Около 200 дел было открыто за 2019 год, из них около 65 — в регионе D, около 50 — в регионе C и около 35 — в регионе B.',
    );
  });

  it('sums over time: a month breakdown gives the range, its margin the figure', () => {
    const byMonth = answer({
      groupBy: ['month'],
      from: '2019-01',
      to: '2019-03',
      cells: [published({ month: '2019-01' }, 10), published({ month: '*' }, 45)],
    });
    expect(renderStatement(byMonth, 'en')).toBe(
      'Around 45 reports were received between January and March 2019.',
    );
    expect(renderStatement(byMonth, 'ru')).toBe('Около 45 сообщений поступило с января по март 2019 года.');
  });

  it.each([
    [1, '1 person was evacuated in 2019.', '1 человек был эвакуирован за 2019 год.'],
    [3, '3 people were evacuated in 2019.', '3 человека было эвакуировано за 2019 год.'],
    [21, '21 people were evacuated in 2019.', '21 человек был эвакуирован за 2019 год.'],
    [25, '25 people were evacuated in 2019.', '25 человек было эвакуировано за 2019 год.'],
    [1500, '1,500 people were evacuated in 2019.', '1\u00a0500 человек было эвакуировано за 2019 год.'],
  ])('gives an unrounded figure of %i with the plural forms of each language', (count, en, ru) => {
    const exact = answer({
      subject: 'evacuated',
      from: '2019-01',
      to: '2019-12',
      protection: protection({ roundingBase: 1, audience: 'analyst' }),
      cells: [published({}, count)],
    });
    expect(renderStatement(exact, 'en')).toBe(en);
    expect(renderStatement(exact, 'ru')).toBe(ru);
  });

  it('uses the genitive after "около" in Russian (одного → человека, 21 → человека)', () => {
    const around21 = answer({
      subject: 'evacuated',
      from: '2019-02',
      to: '2019-02',
      protection: protection({ method: 'noise', roundingBase: 1 }),
      cells: [published({}, 21)],
    });
    expect(renderStatement(around21, 'ru')).toBe('Около 21 человека было эвакуировано за февраль 2019 года.');
    expect(renderStatement(around21, 'en')).toBe('Around 21 people were evacuated in February 2019.');
  });

  it('says "no" for a published zero, never "around 0"', () => {
    const none = answer({ cells: [published({}, 0)] });
    expect(renderStatement(none, 'en')).toBe('No reports were received between January and March 2019.');
  });

  it('refuses a total suppressed to protect another figure', () => {
    const withheld = answer({ cells: [suppressed({}, 'secondary')] });
    expect(() => renderStatement(withheld, 'en')).toThrow(
      expect.objectContaining({ code: StatsRenderErrorCode.STATS_STATEMENT_TOTAL_WITHHELD, status: 409 }),
    );
  });

  it('refuses an answer without a total', () => {
    const noTotal = answer({ groupBy: ['month'], cells: [published({ month: '2019-01' }, 10)] });
    expect(() => renderStatement(noTotal, 'en')).toThrow(
      expect.objectContaining({ code: StatsRenderErrorCode.STATS_STATEMENT_NO_TOTAL, status: 400 }),
    );
  });

  it.each([[['region', 'outcome']], [['category']]] as const)(
    'refuses a breakdown by %j (more than one dimension, or one without phrases)',
    (groupBy) => {
      const wide = answer({ subject: 'cases', groupBy, cells: [published({}, 50)] });
      expect(() => renderStatement(wide, 'en')).toThrow(
        expect.objectContaining({ code: StatsRenderErrorCode.STATS_STATEMENT_UNSUPPORTED_BREAKDOWN }),
      );
    },
  );
});

describe('statementResponse', () => {
  it('gives the sentence with the protected answer it was built from', () => {
    const body = statementResponse(evacuations, 'ru');
    expect(body.statement).toBe(renderStatement(evacuations, 'ru'));
    expect(body).toMatchObject({ language: 'ru', subject: 'evacuated', cells: evacuations.cells });
    expect(body.protection.releaseId).toBe('rel_0001');
  });
});
