/**
 * The one permission table. The API's team procedures and the UI's buttons both read it,
 * so what a person sees enabled is exactly what the server will allow.
 * Pure: imported by client components too.
 */
export const TEAM_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

const RANK: Record<TeamRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export const PERMISSIONS = {
  'team.read': 'viewer',
  'team.leave': 'viewer',
  'dataset.create': 'member',
  'split.create': 'member',
  'run.create': 'member',
  'comment.create': 'member',
  'test.request': 'member',
  'members.manage': 'admin',
  'invites.manage': 'admin',
  'audit.read': 'admin',
  'budget.manage': 'admin',
  'team.rename': 'admin',
  'team.delete': 'owner',
  'team.transfer': 'owner',
} as const satisfies Record<string, TeamRole>;

export type Permission = keyof typeof PERMISSIONS;

export function roleAtLeast(role: TeamRole, minimum: TeamRole): boolean {
  return RANK[role] >= RANK[minimum];
}

export function can(role: TeamRole | null | undefined, permission: Permission): boolean {
  return role != null && roleAtLeast(role, PERMISSIONS[permission]);
}

const ACTION_WORDS: Record<Permission, string> = {
  'team.read': 'see this team',
  'team.leave': 'leave this team',
  'dataset.create': 'create datasets',
  'split.create': 'freeze splits',
  'run.create': 'launch runs',
  'comment.create': 'comment',
  'test.request': 'request test evaluations',
  'members.manage': 'manage members',
  'invites.manage': 'manage invites',
  'audit.read': 'read the audit log',
  'budget.manage': 'set test budgets',
  'team.rename': 'rename the team',
  'team.delete': 'delete the team',
  'team.transfer': 'transfer ownership',
};

/** "Viewers can't launch runs: this needs the member role or higher." */
export function deniedMessage(role: TeamRole, permission: Permission): string {
  const needed = PERMISSIONS[permission];
  const plural = role.charAt(0).toUpperCase() + role.slice(1) + 's';
  return `${plural} can't ${ACTION_WORDS[permission]}: this needs the ${needed} role or higher.`;
}

/**
 * Changing a run (cancelling it, editing its tags, notes and review state) is for the person who
 * launched it or a team admin, on top of the action's own permission. The one statement of that
 * rule: the domain checks it, the pages enable their buttons with it.
 */
export function mayChangeRun(actor: { userId: string | null | undefined; role: TeamRole | null | undefined }, runAuthorId: string | null | undefined): boolean {
  if (actor.role == null) return false;
  return (actor.userId != null && runAuthorId === actor.userId) || roleAtLeast(actor.role, 'admin');
}

/** Roles a person of `actorRole` may hand out (through invites or role changes). */
export function assignableRoles(actorRole: TeamRole): TeamRole[] {
  if (actorRole === 'owner') return ['owner', 'admin', 'member', 'viewer'];
  if (actorRole === 'admin') return ['admin', 'member', 'viewer'];
  return [];
}
