import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { CommonErrorCode, commonError } from '../common/errors';
import { ApiZodResponse } from '../common/http/zod-body';
import { isTeamName } from './team';
import { TeamView, teamSchema } from './team.schemas';
import { TeamsService } from './teams.service';

/** Team membership: admins and members see it; members grant the team key to pending members. */
@ApiTags('teams')
@ApiBearerAuth()
@RequirePermission(Permission.SESSION_SELF)
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @ApiZodResponse(200, z.array(teamSchema))
  list(@CurrentPrincipal() principal: Principal): Promise<TeamView[]> {
    return this.teams.overview(principal);
  }

  @Post(':team/grants/:userId')
  @HttpCode(200)
  @ApiZodResponse(200, teamSchema)
  grant(
    @CurrentPrincipal() principal: Principal,
    @Param('team') team: string,
    @Param('userId') userId: string,
  ): Promise<TeamView> {
    if (!isTeamName(team)) throw commonError(CommonErrorCode.NOT_FOUND);
    return this.teams.grantByMember(principal, team, userId);
  }
}
