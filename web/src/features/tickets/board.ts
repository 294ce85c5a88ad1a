import type { Stage } from '../../app/types.ts';
import type { TicketListFilters } from './api.ts';

/** A column of the board: one stage of the chosen team, or, across teams, every stage of one name. */
export interface BoardColumn {
  key: string;
  name: string;
  closed: boolean;
  filter: Pick<TicketListFilters, 'stageId' | 'stageName'>;
}

const bySequence = (a: Stage, b: Stage) => a.sequence - b.sequence || Number(a.id) - Number(b.id);

/** A team's stages in board order. */
export const stagesOfTeam = (stages: Iterable<Stage>, teamId: string): Stage[] => [...stages].filter((s) => s.teamId === teamId).sort(bySequence);

/**
 * The board's columns: the chosen team's stages; with no team, one column per stage name (stages
 * of the same name in several teams merge), ordered by the lowest sequence of that name. A merged
 * column is closed only when all its stages are.
 */
export function boardColumns(stages: Iterable<Stage>, teamId: string): BoardColumn[] {
  if (teamId) return stagesOfTeam(stages, teamId).map((s) => ({ key: s.id, name: s.name, closed: s.closed, filter: { stageId: s.id } }));
  const byName = new Map<string, { first: Stage; closed: boolean }>();
  for (const stage of [...stages].sort(bySequence)) {
    const seen = byName.get(stage.name);
    if (seen) seen.closed &&= stage.closed;
    else byName.set(stage.name, { first: stage, closed: stage.closed });
  }
  return [...byName.values()].map(({ first, closed }) => ({ key: `name:${first.name}`, name: first.name, closed, filter: { stageName: first.name } }));
}
