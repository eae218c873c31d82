import { z } from 'zod';
import { TEAM_NAMES } from './team';

const teamMemberSchema = z.object({ id: z.string().meta({ format: 'uuid' }), username: z.string() });

/** One team's membership (never key material). */
export const teamSchema = z.object({
  team: z.enum(TEAM_NAMES),
  currentKeyId: z
    .string()
    .meta({ format: 'uuid', description: 'The key new content of this team is sealed to.' }),
  generation: z.number().int().meta({ description: 'Rotations so far plus one.' }),
  members: z.array(teamMemberSchema).meta({ description: 'Users holding the current team key.' }),
  pendingMembers: z
    .array(teamMemberSchema)
    .meta({ description: 'Users with the role who do not hold the key yet.' }),
  pendingLinks: z
    .number()
    .int()
    .meta({ description: 'Retired team keys not yet sealed to the current key.' }),
});
export type TeamView = z.output<typeof teamSchema>;
