import { defineErrors } from '../common/errors';

export enum ChannelsErrorCode {
  CHANNEL_UNKNOWN = 'CHANNEL_UNKNOWN',
  CHANNEL_BAD_SIGNATURE = 'CHANNEL_BAD_SIGNATURE',
  CHANNEL_STALE = 'CHANNEL_STALE',
  CHANNEL_REPLAYED = 'CHANNEL_REPLAYED',
}

export const channelsError = defineErrors<ChannelsErrorCode>({
  CHANNEL_UNKNOWN: { status: 401, message: 'The request names an unknown channel.' },
  CHANNEL_BAD_SIGNATURE: { status: 401, message: 'The request signature is missing or wrong.' },
  CHANNEL_STALE: { status: 401, message: 'The request timestamp is outside the accepted window.' },
  CHANNEL_REPLAYED: { status: 401, message: 'This signed request was already received.' },
});
