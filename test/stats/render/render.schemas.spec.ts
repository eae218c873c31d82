import { chartOptionsSchema, statementOptionsSchema } from '../../../src/stats/render/render.schemas';

describe('output query options', () => {
  it('default to a bar chart by month in English', () => {
    expect(chartOptionsSchema.parse({})).toEqual({ kind: 'bar', by: 'month', language: 'en' });
    expect(statementOptionsSchema.parse({ language: 'ru' })).toEqual({ language: 'ru' });
  });

  it.each([{ kind: 'pie' }, { by: 'category' }, { language: 'de' }, { colour: 'red' }])(
    'refuse %j',
    (query) => {
      expect(chartOptionsSchema.safeParse(query).success).toBe(false);
    },
  );
});
