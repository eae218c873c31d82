import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { CommonErrorCode, commonError } from '../common/errors';
import { isTeamName } from './team';
import { TeamDto } from './team.dto';
import { TeamsService } from './teams.service';

/** Team membership: admins and members see it; members grant the team key to pending members. */
@ApiTags('teams')
@ApiBearerAuth()
@RequirePermission(Permission.SESSION_SELF)
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @ApiResponse({ status: 200, type: TeamDto, isArray: true })
  list(@CurrentPrincipal() principal: Principal): Promise<TeamDto[]> {
    return this.teams.overview(principal);
  }

  @Post(':team/grants/:userId')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: TeamDto })
  grant(
    @CurrentPrincipal() principal: Principal,
    @Param('team') team: string,
    @Param('userId') userId: string,
  ): Promise<TeamDto> {
    if (!isTeamName(team)) throw commonError(CommonErrorCode.NOT_FOUND);
    return this.teams.grantByMember(principal, team, userId);
  }
}
