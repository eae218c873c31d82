import type { AuditActor } from '../audit/audit-event';
import type { StatsAnswer, StatsAudience } from './stats-answer';
import type { StatsQueryInput } from './stats-definition';

/**
 * What the output routes need from the query service: one protected, audited answer to a query
 * whose rules it checks. StatsService implements it and is provided under this token, so the
 * outputs depend on the contract rather than on the service class (and are tested against it).
 */
export interface StatsAnswerSource {
  answerQuery(query: StatsQueryInput, audience: StatsAudience, actor: AuditActor): Promise<StatsAnswer>;
}

export const STATS_ANSWER_SOURCE = Symbol('STATS_ANSWER_SOURCE');
