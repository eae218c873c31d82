import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConsumerHeartbeat } from './consumer-heartbeat';
import { WorkerHost } from './worker-host.service';

/** Imported by the worker role only: starts processors and schedulers. */
@Module({ imports: [DiscoveryModule], providers: [WorkerHost, ConsumerHeartbeat] })
export class WorkerHostModule {}
