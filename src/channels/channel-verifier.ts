import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { ChannelKind } from '../config/sections/intake-limits.section';
import {
  SIGNATURE_FORMAT,
  TIMESTAMP_FORMAT,
  signChannelRequest,
  signatureMatches,
} from './channel-signature';
import { ChannelsErrorCode, channelsError } from './channels.errors';
import { ReplayCache } from './replay-cache';
import type { SignedRequestParts } from './signed-request';

/** Who sent a signed request: the report channel to record and the configured channel's name. */
export interface ChannelIdentity {
  /** The report channel (`reports.channel`): api, bot or partner. */
  channel: ChannelKind;
  /** The configured channel, e.g. `telegram-bot`. */
  name: string;
}

/**
 * Verifies signed channel requests (bots, partner forms): HMAC-SHA256 with the channel's secret over
 * the timestamp and the exact raw body, a timestamp within ±`CHANNEL_REPLAY_WINDOW_SECONDS`, and a
 * signature never seen before within that window.
 */
@Injectable()
export class ChannelVerifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly replays: ReplayCache,
  ) {}

  /**
   * ASYNC (await it): null when the request carries no signature headers at all (the web form);
   * the channel when the signature is good; throws 401 CHANNEL_* when signature headers are present
   * but incomplete, unknown, wrong, stale or replayed.
   */
  async identify(request: SignedRequestParts): Promise<ChannelIdentity | null> {
    if (!request.present) return null;
    const { channelName: name, timestamp, signature } = request;
    if (
      !name ||
      !timestamp ||
      !signature ||
      !SIGNATURE_FORMAT.test(signature) ||
      !TIMESTAMP_FORMAT.test(timestamp)
    )
      throw channelsError(ChannelsErrorCode.CHANNEL_BAD_SIGNATURE);

    const channel = this.config.intakeLimits.channels.secrets.find((c) => c.name === name);
    if (!channel) throw channelsError(ChannelsErrorCode.CHANNEL_UNKNOWN);

    const body = request.rawBody;
    if (!signatureMatches(signChannelRequest(channel.secret, timestamp, body), signature))
      throw channelsError(ChannelsErrorCode.CHANNEL_BAD_SIGNATURE);

    // Checked after the signature, so that an unsigned caller learns nothing about the clock.
    const window = this.config.intakeLimits.channels.replayWindowSeconds;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > window)
      throw channelsError(ChannelsErrorCode.CHANNEL_STALE);

    const seenId = `${name}:${createHash('sha256').update(signature).digest('base64url')}`;
    if (!(await this.replays.remember(seenId, window * 2 + 1)))
      throw channelsError(ChannelsErrorCode.CHANNEL_REPLAYED);
    return { channel: channel.kind, name: channel.name };
  }
}

/** A header's single value; repeated headers count as malformed. */
