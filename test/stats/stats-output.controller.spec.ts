import type { FastifyReply } from 'fastify';
import type { Principal } from '../../src/access/principal';
import { StatsRenderErrorCode } from '../../src/stats/render/render.errors';
import type { StatsAnswer, StatsAudience } from '../../src/stats/stats-answer';
import type { AuditActor } from '../../src/audit/audit-event';
import type { StatsAnswerSource } from '../../src/stats/stats-answer-source';
import type { StatsQueryInput } from '../../src/stats/stats-definition';
import { StatsOutputController } from '../../src/stats/stats-output.controller';
import { chartQuerySchema, csvQuerySchema, statementQuerySchema } from '../../src/stats/stats-output.schemas';
import { answer, published } from './render/answers';

/** An answer source that records what it was asked (each call would be a recorded release). */
class RecordingSource implements StatsAnswerSource {
  readonly asked: [StatsQueryInput, StatsAudience, AuditActor][] = [];
  async answerQuery(
    query: StatsQueryInput,
    audience: StatsAudience,
    actor: AuditActor,
  ): Promise<StatsAnswer> {
    this.asked.push([query, audience, actor]);
    const { subject, from, to } = query;
    return answer({
      subject,
      from,
      to,
      groupBy: ['month'],
      cells: [published({ month: '*' }, 45), published({ month: '2019-01' }, 45)],
    });
  }
}

/** Collects the headers a route sets (the part of a Fastify reply the routes use). */
function replyRecorder() {
  const headers: Record<string, string> = {};
  const reply = {
    type: (value: string) => ((headers['content-type'] = value), reply),
    header: (name: string, value: string) => ((headers[name] = value), reply),
  };
  return { reply: reply as unknown as FastifyReply, headers };
}

const analyst = { userId: 'u1', sessionId: 's1', roles: [], permissions: new Set() } as unknown as Principal;
/** The query string as it arrives: groupBy a comma-separated list. */
const query = { subject: 'reports', groupBy: 'month', from: '2019-01', to: '2019-03' };
const definition = {
  subject: 'reports',
  groupBy: ['month'],
  from: '2019-01',
  to: '2019-03',
  privacy: 'suppression',
};

describe('StatsOutputController', () => {
  it('answers each output from one analyst query, with its content type', async () => {
    const source = new RecordingSource();
    const controller = new StatsOutputController(source);
    const csv = replyRecorder();
    expect(await controller.csv(csvQuerySchema.parse(query), analyst, csv.reply)).toContain(
      '2019-01,45,false',
    );
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="stats-reports-/);
    const svg = replyRecorder();
    expect(await controller.chart(chartQuerySchema.parse(query), analyst, svg.reply)).toMatch(/^<svg /);
    expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    const body = await controller.statement(statementQuerySchema.parse(query), analyst);
    expect(body.statement).toBe('Around 45 reports were received between January and March 2019.');
    expect(
      source.asked.map(([q, audience, actor]) => [
        { subject: q.subject, groupBy: q.groupBy, from: q.from, to: q.to, privacy: q.privacy },
        audience,
        actor,
      ]),
    ).toEqual(Array(3).fill([definition, 'analyst', { type: 'user', id: 'u1' }]));
  });

  it('refuses a chart or statement the query cannot give before asking for it (no release recorded)', async () => {
    const source = new RecordingSource();
    const controller = new StatsOutputController(source);
    const byRegion = chartQuerySchema.parse({ ...query, by: 'region' });
    await expect(controller.chart(byRegion, analyst, replyRecorder().reply)).rejects.toMatchObject({
      code: StatsRenderErrorCode.STATS_CHART_DIMENSION_MISSING,
    });
    const twoBreakdowns = statementQuerySchema.parse({ ...query, groupBy: 'category,region' });
    await expect(controller.statement(twoBreakdowns, analyst)).rejects.toMatchObject({
      code: StatsRenderErrorCode.STATS_STATEMENT_UNSUPPORTED_BREAKDOWN,
    });
    expect(source.asked).toEqual([]);
  });
});
