import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../access/decorators';
import { ApiZodResponse, UnparsedBody } from '../common/http/zod-body';
import {
  openReporterSessionSchema,
  reporterMessageAddedSchema,
  reporterMessageBodySchema,
  reporterReportSchema,
  reporterSessionSchema,
} from './reporter.schemas';
import { ReporterService } from './reporter.service';
import { SourceAddress } from '../access/source-address';

/** The bearer token of a reporter session (these routes authenticate it themselves). */
function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
}

/**
 * The reporter's follow-up. Public at the guard (there is no caseworker session); the reporter
 * session token, opened with the receipt, is checked by ReporterService.
 */
@ApiTags('reporter')
@Controller('reporter')
export class ReporterController {
  constructor(private readonly reporter: ReporterService) {}

  @Public()
  @Post('session')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Open a short reporter session with the receipt (slow by design, one generic error).',
  })
  @ApiZodResponse(201, reporterSessionSchema)
  openSession(
    @SourceAddress() sourceAddress: string,
    @UnparsedBody(openReporterSessionSchema) body: unknown,
  ) {
    // The body is read by the service: even a malformed one gets the one generic, slow answer.
    return this.reporter.openSession(sourceAddress, body);
  }

  @Public()
  @ApiBearerAuth()
  @Get('report')
  @ApiOperation({ summary: 'The reporter-facing status and the message thread.' })
  @ApiZodResponse(200, reporterReportSchema)
  report(@Req() request: FastifyRequest) {
    return this.reporter.view(bearer(request));
  }

  @Public()
  @ApiBearerAuth()
  @Post('messages')
  @HttpCode(201)
  @ApiOperation({ summary: 'Send a message to the caseworkers, encrypted to the case.' })
  @ApiZodResponse(201, reporterMessageAddedSchema)
  @ApiTooManyRequestsResponse({
    description:
      'REPORTER_MESSAGE_RATE_LIMITED (too many this hour; details.retryAfterSeconds) or ' +
      'REPORTER_MESSAGE_LIMIT_REACHED (the report holds the most messages it may).',
  })
  addMessage(@Req() request: FastifyRequest, @UnparsedBody(reporterMessageBodySchema) body: unknown) {
    // Read by the service after the session check: no session, no feedback on the body.
    return this.reporter.addMessage(bearer(request), body);
  }
}
