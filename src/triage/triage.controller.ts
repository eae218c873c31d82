import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { ApiZodResponse, ZodBody } from '../common/http/zod-body';
import {
  DecisionBody,
  decisionBodySchema,
  triageClaimSchema,
  triageDecidedSchema,
  triageLeaseSchema,
  triageQueueSchema,
  triageReleasedSchema,
} from './triage.schemas';
import { TriageClaimService } from './triage-claim.service';
import { TriageDecisionService } from './triage-decision.service';
import { TriageQueueService } from './triage-queue.service';
import { TriageErrorCode, triageError } from './triage.errors';

/** A decision body that does not fit: the field paths only, as TRIAGE_INVALID_DECISION. */
const invalidDecision = (fields: string[]) =>
  triageError(TriageErrorCode.TRIAGE_INVALID_DECISION, { fields });

const LEASE_CONFLICTS =
  'TRIAGE_LEASE_NOT_HELD (never held, expired or another triager’s) or TRIAGE_ALREADY_DECIDED.';

/** The human triage queue of the role `triager` (see docs/triage.md). */
@ApiTags('triage')
@ApiBearerAuth()
@RequirePermission(Permission.TRIAGE_WORK)
@Controller('triage')
export class TriageController {
  constructor(
    private readonly queue: TriageQueueService,
    private readonly claims: TriageClaimService,
    private readonly decisions: TriageDecisionService,
  ) {}

  @Get('queue')
  @ApiOperation({ summary: 'Counts by priority and age bucket, and failed jobs; no ids, no content.' })
  @ApiZodResponse(200, triageQueueSchema)
  overview() {
    return this.queue.overview();
  }

  @Post('claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim the most urgent unclaimed report (urgent first, then oldest), decrypted.' })
  @ApiZodResponse(200, triageClaimSchema)
  @ApiNoContentResponse({ description: 'No report waits.' })
  @ApiConflictResponse({ description: 'TRIAGE_LEASE_LIMIT: the caller holds TRIAGE_MAX_LEASES leases.' })
  async claim(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    const claimed = await this.claims.claim(principal);
    if (!claimed) reply.status(204);
    return claimed ?? undefined;
  }

  @Post(':reportId/lease')
  @HttpCode(200)
  @ApiOperation({ summary: 'Renew the lease: a full TRIAGE_LEASE_MINUTES from now.' })
  @ApiZodResponse(200, triageLeaseSchema)
  @ApiConflictResponse({ description: LEASE_CONFLICTS })
  @ApiNotFoundResponse({ description: 'TRIAGE_REPORT_NOT_FOUND: unknown, or not readable by the caller.' })
  renew(@CurrentPrincipal() principal: Principal, @Param('reportId') reportId: string) {
    return this.claims.renew(principal, reportId);
  }

  @Post(':reportId/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the lease back: the report is claimable again at once.' })
  @ApiZodResponse(200, triageReleasedSchema)
  @ApiConflictResponse({ description: LEASE_CONFLICTS })
  release(@CurrentPrincipal() principal: Principal, @Param('reportId') reportId: string) {
    return this.claims.release(principal, reportId);
  }

  @Post(':reportId/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decide a report whose lease the caller holds; ends the lease.' })
  @ApiZodResponse(200, triageDecidedSchema)
  @ApiConflictResponse({ description: LEASE_CONFLICTS })
  @ApiNotFoundResponse({
    description:
      'TRIAGE_CASE_NOT_FOUND / TRIAGE_REPORT_NOT_FOUND: the named case or report is unknown or unreadable.',
  })
  decide(
    @CurrentPrincipal() principal: Principal,
    @Param('reportId') reportId: string,
    @ZodBody(decisionBodySchema, invalidDecision) body: DecisionBody,
  ) {
    return this.decisions.decide(principal, reportId, body);
  }
}
