import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { AuditLogService } from './audit-log.service';
import { ApiZodResponse, ZodQuery } from '../common/http/zod-body';
import {
  AuditPageQuery,
  auditPageQuerySchema,
  auditPageSchema,
  auditVerificationSchema,
} from './audit.schemas';

/** The audit log for auditors: page through sealed entries, verify the chain and checkpoints. */
@ApiTags('audit')
@ApiBearerAuth()
@RequirePermission(Permission.AUDIT_READ)
@Controller('audit')
export class AuditController {
  constructor(private readonly log: AuditLogService) {}

  @Get()
  @ApiZodResponse(200, auditPageSchema)
  page(@ZodQuery(auditPageQuerySchema) query: AuditPageQuery) {
    return this.log.page(query.after, query.limit);
  }

  @Get('verify')
  @ApiZodResponse(200, auditVerificationSchema)
  verify(@CurrentPrincipal() principal: Principal) {
    return this.log.verify({ type: 'user', id: principal.userId });
  }
}
