import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { ApiZodResponse } from '../common/http/zod-body';
import { LockdownResponse, lockdownResponseSchema } from './auth.schemas';
import { LockdownService } from './lockdown.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminController {
  constructor(private readonly lockdownService: LockdownService) {}

  @RequirePermission(Permission.LOCKDOWN)
  @Post('lockdown')
  @HttpCode(200)
  @ApiZodResponse(200, lockdownResponseSchema)
  async lockdown(@CurrentPrincipal() principal: Principal): Promise<LockdownResponse> {
    return { sessionsEnded: await this.lockdownService.lockdown({ type: 'user', id: principal.userId }) };
  }
}
