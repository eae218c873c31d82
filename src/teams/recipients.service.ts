import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { RecipientsCache } from './recipients-cache';
import { RECOVERY_KEY_ID, keyIdOf, type Recipient, type Recipients } from './recipients';
import { TeamsService } from './teams.service';

export { RECIPIENTS_TTL_MS, RECOVERY_KEY_ID, keyIdOf, type Recipient, type Recipients } from './recipients';

/**
 * The current recipients of new reports — the triage team key and the recovery key, and in the
 * rollover window the enabled triagers — kept in memory for RECIPIENTS_TTL_MS (queries saved per
 * report). Changes through TeamsService in this process (role changes, disabling, deletion, key
 * rotation) invalidate the cache at once.
 */
@Injectable()
export class RecipientsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: RecipientsCache,
    private readonly teams: TeamsService,
  ) {}

  /** The current recipients (shared, frozen: callers must not modify the lists or their keys). */
  current(): Promise<Recipients> {
    return this.cache.entries.get('current', () => this.load());
  }

  private async load(): Promise<Recipients> {
    const recovery: Recipient = {
      keyId: RECOVERY_KEY_ID,
      publicKey: this.config.secrets.recoveryPublicKey,
      holderType: 'recovery',
      holderId: null,
      holderKeyId: null,
    };
    const team = await this.teams.currentTeamKey('triage');
    const current = Object.freeze([
      {
        keyId: team.keyId,
        publicKey: team.publicKey,
        holderType: 'key',
        holderId: null,
        holderKeyId: team.keyId,
      },
      recovery,
    ] as const satisfies readonly Recipient[]);
    if (!this.config.intakeLimits.acceptTriagerSlots) return Object.freeze({ current, legacy: null });
    // What a form fetched before the team key listed: every enabled triager.
    const triagers = await this.teams.roleHolders('triage');
    const legacy = Object.freeze([
      ...triagers.map((m): Recipient => ({
        keyId: keyIdOf(m.publicKey),
        publicKey: m.publicKey,
        holderType: 'user',
        holderId: m.id,
        holderKeyId: null,
      })),
      recovery,
    ]);
    return Object.freeze({ current, legacy });
  }
}
