import { Permission, Role } from '../../src/access/permissions';
import { permissionsFor } from '../../src/access/role-permissions';

describe('permissionsFor', () => {
  it('grants nothing for a role name the table does not know (a tampered or stale roles column)', () => {
    expect([...permissionsFor(['ghost' as Role])]).toEqual([]);
    expect([...permissionsFor([])]).toEqual([]);
  });

  it('is the union of the roles` permissions', () => {
    const both = permissionsFor([Role.TRIAGER, Role.ANALYST]);
    expect(both.has(Permission.TRIAGE_WORK)).toBe(true);
    expect(both.has(Permission.STATS_READ)).toBe(true);
    expect(both.has(Permission.USERS_MANAGE)).toBe(false);
  });
});
