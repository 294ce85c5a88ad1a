import { Link, useParams } from 'react-router';
import { PageHeader } from '../../ui/ui.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { useTeam } from './api.ts';
import { TeamForm } from './TeamForm.tsx';
import { TeamMembers } from './TeamMembers.tsx';
import { TeamStages } from './TeamStages.tsx';

/** /teams/new and /teams/:id: a team's name, switches, project, members and stages. */
export function TeamPage() {
  const { id } = useParams();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-1 text-sm"><Link to="/" className="text-indigo-700 hover:underline">Helpdesk</Link></nav>
      {id ? <ExistingTeam key={id} id={id} /> : (
        <>
          <PageHeader title="New team" subtitle="A helpdesk team takes tickets; it can record time on them and bill that time." />
          <div className="grid items-start gap-4 lg:grid-cols-[2fr_1fr]">
            <TeamForm team={null} />
            <TeamStages teamId={undefined} />
          </div>
        </>
      )}
    </>
  );
}

function ExistingTeam({ id }: { id: string }) {
  const team = useTeam(id);
  if (!team.data) return <NoData query={team} />;
  return (
    <>
      <PageHeader title={team.data.name} subtitle="Team settings" actions={<Link to={`/tickets?teamId=${id}`} className="text-sm text-indigo-700 hover:underline">Tickets of this team</Link>} />
      <RefreshError query={team} />
      <div className="grid items-start gap-4 lg:grid-cols-[2fr_1fr]">
        <div className="space-y-4">
          <TeamForm team={team.data} />
          <TeamMembers team={team.data} />
        </div>
        <TeamStages teamId={id} />
      </div>
    </>
  );
}
