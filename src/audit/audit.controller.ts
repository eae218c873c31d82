import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { AuditLogService } from './audit-log.service';
import { AuditPageDto, AuditPageQueryDto, AuditVerificationDto } from './dto/audit.dto';

/** The audit log for auditors: page through sealed entries, verify the chain and checkpoints. */
@ApiTags('audit')
@ApiBearerAuth()
@RequirePermission(Permission.AUDIT_READ)
@Controller('audit')
export class AuditController {
  constructor(private readonly log: AuditLogService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  page(@Query() query: AuditPageQueryDto) {
    return this.log.page(query.after, query.limit);
  }

  @Get('verify')
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(@CurrentPrincipal() principal: Principal) {
    return this.log.verify({ type: 'user', id: principal.userId });
  }
}
