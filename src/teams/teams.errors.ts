import { defineErrors } from '../common/errors';

/** Team membership errors. */
export enum TeamsErrorCode {
  /**
   * The caller has the team's role but does not hold the team key yet: a member (signed in) or the
   * recovery key must grant it first (`POST /teams/:team/grants/:userId`, `teams:grant`).
   */
  TEAM_MEMBERSHIP_PENDING = 'TEAM_MEMBERSHIP_PENDING',
  /** Only a member of the team (holding its current key) may do this. */
  TEAM_MEMBER_REQUIRED = 'TEAM_MEMBER_REQUIRED',
  /** The user named is not a pending member of the team (no role, disabled, or already a member). */
  TEAM_GRANT_NOT_PENDING = 'TEAM_GRANT_NOT_PENDING',
  /** The recovery key given does not open the team key (not this install's, or a forged slot). */
  TEAM_KEY_UNOPENED = 'TEAM_KEY_UNOPENED',
}

export const teamsError = defineErrors<TeamsErrorCode>({
  TEAM_MEMBERSHIP_PENDING: {
    status: 403,
    message: 'Your team membership is pending: a team member must grant you the team key first.',
  },
  TEAM_MEMBER_REQUIRED: { status: 403, message: 'Only a member of this team may do this.' },
  TEAM_GRANT_NOT_PENDING: { status: 409, message: 'This user is not a pending member of this team.' },
  TEAM_KEY_UNOPENED: { status: 409, message: 'The team key could not be opened with this key.' },
});
