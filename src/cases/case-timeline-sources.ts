import { Injectable } from '@nestjs/common';
import type { KeyPair } from '../crypto';

/** One decrypted entry of a case's timeline, whichever feature keeps it. */
export interface CaseTimelineEntry {
  /** What it is: `note`, `event`, `status`, `milestone`, `message`, `reply`, `referral`, … */
  kind: string;
  /** When, as ISO-8601 text; a month (`2026-12`) where only the month is kept. */
  at: string;
  /** The user who wrote or did it; null for the reporter and for the system. */
  actorId: string | null;
  /** The entry's decrypted fields (null where an envelope does not open: named, not hidden). */
  body: Record<string, unknown> | null;
}

/** What a timeline source is given: the case, its opened key pair (borrowed) and its reports. */
export interface CaseTimelineContext {
  caseId: string;
  caseKeys: KeyPair;
  reportIds: string[];
}

/**
 * A feature above cases that adds entries to a case's timeline (messages with the reporter,
 * referrals) implements this and registers itself with CaseTimelineSources when its module
 * starts, so that the cases feature lists them without importing that feature.
 */
export interface CaseTimelineSource {
  readonly name: string;
  entries(context: CaseTimelineContext): Promise<CaseTimelineEntry[]>;
}

/** The registry of timeline sources (provided and exported by CasesModule). */
@Injectable()
export class CaseTimelineSources {
  private readonly sources = new Map<string, CaseTimelineSource>();

  register(source: CaseTimelineSource): void {
    if (this.sources.has(source.name)) throw new Error(`timeline source ${source.name} registered twice`);
    this.sources.set(source.name, source);
  }

  all(): CaseTimelineSource[] {
    return [...this.sources.values()];
  }
}
