import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../access/decorators';
import { CommonErrorCode, commonError } from '../common/errors';
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
  ) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  @ApiOkResponse({ description: 'The process is alive.' })
  live() {
    return { status: 'ok' };
  }

  /** PostgreSQL and Redis both answer: the node may take traffic. */
  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({ description: 'PostgreSQL and Redis answer.' })
  @ApiServiceUnavailableResponse({ description: 'A dependency does not answer (code SERVICE_UNAVAILABLE).' })
  async ready() {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
        () => this.redis.isHealthy('redis', CHECK_TIMEOUT_MS),
      ]);
    } catch (error) {
      // Say which dependency is down (never why: driver messages can carry connection details).
      const details =
        (error as { response?: { details?: Record<string, { status: string }> } }).response?.details ?? {};
      const checks = Object.fromEntries(Object.entries(details).map(([k, v]) => [k, v.status]));
      throw commonError(CommonErrorCode.SERVICE_UNAVAILABLE, { checks });
    }
  }
}
