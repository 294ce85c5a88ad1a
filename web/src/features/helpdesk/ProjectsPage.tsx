import { Link } from 'react-router';
import type { Project, Team } from '../../app/types.ts';
import { Badge, Card, Empty, PageHeader, Table } from '../../ui/ui.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { displayMinutes } from '../../ui/format.ts';
import { usePermissions } from '../../app/permissions.tsx';
import { useProjects, useTeams } from './api.ts';
import { useProjectTickets } from './teamApi.ts';

/** Projects (where ticket timesheets are stored), each with its tickets. */
export function ProjectsPage() {
  const projects = useProjects();
  const teams = useTeams();
  return (
    <>
      <PageHeader title="Projects" subtitle="A team with timesheets stores its ticket time in its project." />
      <RefreshError query={projects} />
      {!projects.data ? <NoData query={projects} /> : projects.data.items.length === 0 ? (
        <Empty>No project yet. Turning on timesheets for a team creates one named after it.</Empty>
      ) : (
        <div className="space-y-4">
          {projects.data.items.map((project) => (
            <ProjectCard key={project.id} project={project} teams={teams.data?.items.filter((t) => t.projectId === project.id) ?? []} />
          ))}
        </div>
      )}
    </>
  );
}

function ProjectCard({ project, teams }: { project: Project; teams: Team[] }) {
  const tickets = useProjectTickets(project.id);
  const setup = usePermissions().can('setup');
  const title = (
    <span>
      {project.name}
      {teams.map((team) => (setup
        ? <Link key={team.id} to={`/teams/${team.id}`} className="ml-2 text-xs font-normal text-indigo-700 hover:underline">Team {team.name}</Link>
        : <span key={team.id} className="ml-2 text-xs font-normal text-slate-500">Team {team.name}</span>
      ))}
    </span>
  );
  const more = tickets.data?.nextCursor ? <Link to={`/tickets?projectId=${project.id}`} aria-label={`All tickets of ${project.name}`} className="text-sm text-indigo-700 hover:underline">All tickets</Link> : undefined;
  return (
    <Card title={title} actions={more}>
      <section aria-label={`Tickets of ${project.name}`}>
        <RefreshError query={tickets} />
        {!tickets.data ? <NoData query={tickets} /> : tickets.data.items.length === 0 ? (
          <Empty>No ticket in this project yet.</Empty>
        ) : (
          <Table>
            <thead>
              <tr><th className="w-20">Number</th><th>Subject</th><th className="w-24">Stage</th><th className="w-24 text-right!">Logged</th></tr>
            </thead>
            <tbody>
              {tickets.data.items.map((ticket) => (
                <tr key={ticket.id} className="hover:bg-slate-50">
                  <td className="tabular-nums"><Link to={`/tickets/${ticket.id}`} className="text-indigo-700 hover:underline">#{ticket.number}</Link></td>
                  <td><Link to={`/tickets/${ticket.id}`} className="text-slate-900 hover:underline">{ticket.subject}</Link></td>
                  <td>{ticket.closed ? <Badge>Closed</Badge> : <Badge tone="blue">Open</Badge>}</td>
                  <td className="text-right tabular-nums">{displayMinutes(ticket.loggedMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
    </Card>
  );
}
