import { Badge, Card, Empty } from '../../ui/ui.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { useStages } from './api.ts';

const DEFAULTS = [['New', false], ['In progress', false], ['Solved', true], ['Cancelled', true]] as const;

/** The team's stages in order; tickets in a Closed stage take no more time entries. */
export function TeamStages({ teamId }: { teamId: string | undefined }) {
  const stages = useStages(teamId);
  const items = teamId ? stages.data?.items.map((s) => [s.name, s.closed] as const) : DEFAULTS;
  return (
    <Card title="Stages">
      {teamId && <RefreshError query={stages} />}
      {teamId && !stages.data ? <NoData query={stages} /> : !items?.length ? <Empty>No stages.</Empty> : (
        <>
          {!teamId && <p className="mb-2 text-xs text-slate-500">Created with the team:</p>}
          <ol className="space-y-1 text-sm">
            {items.map(([name, closed], index) => (
              <li key={name + index} className="flex items-center justify-between rounded border border-slate-100 px-2 py-1.5">
                <span><span className="mr-2 text-xs text-slate-400 tabular-nums">{index + 1}.</span>{name}</span>
                {closed && <Badge>Closed</Badge>}
              </li>
            ))}
          </ol>
          <p className="mt-3 text-xs text-slate-500">Tickets in a closed stage refuse new time entries until reopened.</p>
        </>
      )}
    </Card>
  );
}
