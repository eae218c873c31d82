import { ApiProperty } from '@nestjs/swagger';
import { TEAM_NAMES, TeamName } from './team';

export class TeamMemberDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
}

/** One team's membership (never key material). */
export class TeamDto {
  @ApiProperty({ enum: TEAM_NAMES }) team: TeamName;
  @ApiProperty({ format: 'uuid', description: 'The key new content of this team is sealed to.' })
  currentKeyId: string;
  @ApiProperty({ description: 'Rotations so far plus one.' }) generation: number;
  @ApiProperty({ type: [TeamMemberDto], description: 'Users holding the current team key.' })
  members: TeamMemberDto[];
  @ApiProperty({ type: [TeamMemberDto], description: 'Users with the role who do not hold the key yet.' })
  pendingMembers: TeamMemberDto[];
  @ApiProperty({ description: 'Retired team keys not yet sealed to the current key.' })
  pendingLinks: number;
}
