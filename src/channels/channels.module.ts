import { Module } from '@nestjs/common';
import { ChannelVerifier } from './channel-verifier';
import { ReplayCache } from './replay-cache';

/** Signed requests of channel bots and partner forms. */
@Module({ providers: [ChannelVerifier, ReplayCache], exports: [ChannelVerifier] })
export class ChannelsModule {}
