import { withAppContext } from '../common/cli/app-context';
import { readSecretLine } from '../common/cli/read-secret';
import type { CliCommand, CliIo } from '../common/cli/command';
import { initCrypto, isCryptoError, KeyPair, parseRecoveryPrivateKey, wipe } from '../crypto';
import { isTeamName, TEAM_NAMES, TeamName } from './team';
import { TeamsService } from './teams.service';

/** Reads and checks the recovery private key from stdin; null (after saying why) when unusable. */
async function readRecoveryKey({ stdin, err, config }: CliIo): Promise<KeyPair | null> {
  const text = await readSecretLine(stdin, 'Recovery private key: ', err);
  try {
    return parseRecoveryPrivateKey(text, config.secrets.recoveryPublicKey);
  } catch (error) {
    if (!isCryptoError(error)) throw error;
    err(`not a usable recovery key: ${error.message}`);
    return null;
  }
}

function teamArgument(io: CliIo): TeamName | null {
  const team = io.args[0];
  if (team && isTeamName(team)) return team;
  io.err(`the first argument must be a team: ${TEAM_NAMES.join(' or ')}`);
  return null;
}

/** Runs `work` with the recovery key read from stdin, wiping it afterwards. */
async function withRecoveryKey(io: CliIo, work: (recovery: KeyPair) => Promise<number>): Promise<number> {
  await initCrypto();
  const recovery = await readRecoveryKey(io);
  if (!recovery) return 1;
  try {
    return await work(recovery);
  } finally {
    wipe(recovery.privateKey);
  }
}

/** `teams:grant <team> <username>`: seal the team key to a pending member with the recovery key. */
export const teamsGrantCommand: CliCommand = {
  name: 'teams:grant',
  summary: 'Grant a pending team member the team key (recovery private key on stdin).',
  usage: 'teams:grant <triage|coordination> <username>   (the recovery private key is read from stdin)',
  async run(io) {
    const team = teamArgument(io);
    if (!team) return 2;
    if (!io.args[1]) {
      io.err('usage: teams:grant <team> <username>');
      return 2;
    }
    return withRecoveryKey(io, (recovery) =>
      withAppContext(io.config, async (app) => {
        await app.get(TeamsService).grantWithRecovery(team, io.args[1], recovery);
        io.out(`granted: ${io.args[1]} now holds the ${team} team key`);
        return 0;
      }),
    );
  },
};

/** `teams:backfill <team>`: give the team key a slot of everything stored before it held one. */
export const teamsBackfillCommand: CliCommand = {
  name: 'teams:backfill',
  summary:
    'One-off: give the team key a slot of reports (triage) or cases stored before it (recovery key on stdin).',
  usage: 'teams:backfill <triage|coordination>   (the recovery private key is read from stdin)',
  async run(io) {
    const team = teamArgument(io);
    if (!team) return 2;
    return withRecoveryKey(io, (recovery) =>
      withAppContext(io.config, async (app) => {
        const result = await app.get(TeamsService).backfill(team, recovery);
        io.out(
          `backfilled: ${result.added} slot(s) added to the ${team} team key, ${result.failed} could not be`,
        );
        return result.failed ? 1 : 0;
      }),
    );
  },
};
