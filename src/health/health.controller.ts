import { Controller, Get } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '../access/decorators';
import { CommonErrorCode, commonError } from '../common/errors';
import { findConsumerHeartbeat } from '../worker/consumer-heartbeat';
import { RedisHealthIndicator } from './redis.health';

const CHECK_TIMEOUT_MS = 1_500;

/** Liveness and readiness probes for load balancers and orchestrators. */
@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  @ApiOkResponse({ description: 'The process is alive.' })
  live() {
    return { status: 'ok' };
  }

  /** PostgreSQL and Redis both answer (and, in the worker role, every queue consumer runs). */
  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({
    description: 'PostgreSQL and Redis answer (and, in the worker role, its queue consumers run).',
  })
  @ApiServiceUnavailableResponse({ description: 'A dependency does not answer (code SERVICE_UNAVAILABLE).' })
  async ready() {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
        () => this.redis.isHealthy('redis', CHECK_TIMEOUT_MS),
        ...this.workerCheck(),
      ]);
    } catch (error) {
      // Say which dependency is down (never why: driver messages can carry connection details).
      const details =
        (error as { response?: { details?: Record<string, { status: string }> } }).response?.details ?? {};
      const checks = Object.fromEntries(Object.entries(details).map(([k, v]) => [k, v.status]));
      throw commonError(CommonErrorCode.SERVICE_UNAVAILABLE, { checks });
    }
  }

  /** Only where WorkerHostModule runs: a consumer that stopped makes the worker role unready. */
  private workerCheck() {
    const heartbeat = findConsumerHeartbeat(this.moduleRef);
    if (!heartbeat) return [];
    return [
      () => {
        const indicator = this.indicators.check('worker');
        return heartbeat.stalled().length === 0 ? indicator.up() : indicator.down();
      },
    ];
  }
}
