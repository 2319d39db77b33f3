'use client';

import { createContext, useContext } from 'react';
import type { TeamRole } from '@/server/shared/auth/permissions';

export interface CurrentTeam {
  id: string;
  name: string;
  slug: string;
  role: TeamRole;
  memberCount: number;
}

export const TeamContext = createContext<CurrentTeam | null>(null);

export function useCurrentTeam(): CurrentTeam {
  const team = useContext(TeamContext);
  if (!team) throw new Error('useCurrentTeam must be used inside a team page');
  return team;
}
