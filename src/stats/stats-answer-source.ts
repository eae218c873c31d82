import type { StatsAnswer, StatsAudience, StatsDimension, StatsSubject } from './stats-answer';

/** A statistics query as the routes parse it (the definition a release is recorded with). */
export interface StatsDefinition {
  readonly subject: StatsSubject;
  readonly groupBy: readonly StatsDimension[];
  readonly from: string;
  readonly to: string;
}

/** The signed-in analyst a query is audited and budgeted for. */
export interface StatsActor {
  readonly type: 'user';
  readonly id: string;
}

/**
 * What the output routes need from the query service: one protected, recorded, audited answer.
 * The statistics service implements it and is provided under this token, so the outputs depend
 * on the contract rather than on the service class.
 */
export interface StatsAnswerSource {
  answer(definition: StatsDefinition, audience: StatsAudience, actor: StatsActor): Promise<StatsAnswer>;
}

export const STATS_ANSWER_SOURCE = Symbol('STATS_ANSWER_SOURCE');
