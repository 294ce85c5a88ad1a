import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../app/http.ts';
import type { Team } from '../../app/types.ts';
import { SwitchField } from '../../ui/SwitchField.tsx';
import { useToast } from '../../ui/toast.tsx';
import { Button, Card, ErrorMessage, Field, Input, Select } from '../../ui/ui.tsx';
import { useProjects, useStages } from './api.ts';
import { useSaveTeam, type TeamInput } from './teamApi.ts';

/**
 * Name, the two switches (R10: billing needs timesheets), the project the team's time is stored in
 * and, for an existing team, the stage its new tickets move to once time is logged (R67).
 */
export function TeamForm({ team }: { team: Team | null }) {
  const navigate = useNavigate();
  const created = (useLocation().state as { created?: boolean } | null)?.created === true;
  const projects = useProjects();
  const save = useSaveTeam(team?.id);
  const toast = useToast();
  const [name, setName] = useState(team?.name ?? '');
  const [timesheets, setTimesheets] = useState(team?.timesheetsEnabled ?? false);
  const [billing, setBilling] = useState(team?.billingEnabled ?? false);
  const [projectId, setProjectId] = useState(team?.projectId ?? '');
  const stages = useStages(team?.id);
  const [moveTo, setMoveTo] = useState(team?.stageOnTimeLogged ?? '');
  const error = save.error instanceof ApiError ? save.error : null;
  const fieldErrors = ['name', 'billingEnabled', 'projectId', 'timesheetsEnabled', 'stageOnTimeLogged'].map((f) => error?.field(f));

  const submit = () => {
    const input: TeamInput = { name, timesheetsEnabled: timesheets, billingEnabled: billing };
    if (projectId !== (team?.projectId ?? '')) input.projectId = projectId || null;
    if (team && moveTo !== (team.stageOnTimeLogged ?? '')) input.stageOnTimeLogged = moveTo || null;
    save.mutate(input, {
      onSuccess: (saved) => {
        setProjectId(saved.projectId ?? '');
        setMoveTo(saved.stageOnTimeLogged ?? '');
        toast({ message: `Team “${saved.name}” ${team ? 'saved' : 'created'}` });
        if (!team) navigate(`/teams/${saved.id}`, { replace: true, state: { created: true } });
      },
    });
  };

  return (
    <Card title="Settings">
      <form onSubmit={(event) => { event.preventDefault(); submit(); }} className="space-y-4">
        <Field label="Name" error={fieldErrors[0]}>
          <Input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoFocus={!team} placeholder="e.g. Customer Care" />
        </Field>
        <SwitchField label="Timesheets on tickets" hint="Agents record their time on the tickets of this team." checked={timesheets}
          onChange={(on) => { setTimesheets(on); if (!on) setBilling(false); }} />
        {fieldErrors[3] && <p role="alert" className="text-xs text-red-700">{fieldErrors[3]}</p>}
        <SwitchField label="Time billing" checked={billing} disabled={!timesheets} onChange={setBilling}
          hint={timesheets ? 'Time logged on tickets is billable by default and invoiced from the ticket’s sales order.' : 'Turn on Timesheets on tickets first: only recorded time can be billed.'} />
        {fieldErrors[1] && <p role="alert" className="text-xs text-red-700">{fieldErrors[1]}</p>}
        <Field label="Project" error={fieldErrors[2]} hint="The project the ticket timesheets of this team are stored in.">
          <Select value={projectId} onChange={(e) => setProjectId(e.target.value)} disabled={projects.isPending}>
            {!team?.projectId && <option value="">{timesheets ? 'A new project named after the team (created on save)' : 'No project'}</option>}
            {projects.data?.items.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </Select>
        </Field>
        {team && (
          <Field label="Move to stage when time is logged" error={fieldErrors[4]} hint="A ticket still in the first stage moves there when someone logs time on it; a stage chosen by hand is kept.">
            <Select value={moveTo} onChange={(e) => setMoveTo(e.target.value)} disabled={stages.isPending}>
              <option value="">Off: tickets stay where they are</option>
              {stages.data?.items.filter((s) => !s.closed).slice(1).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </Select>
          </Field>
        )}
        {error && !fieldErrors.some(Boolean) && <ErrorMessage error={error} />}
        {save.error && !error && <ErrorMessage error={save.error} />}
        <div className="flex items-center gap-3">
          <Button type="submit" variant="primary" disabled={save.isPending}>{save.isPending ? 'Saving…' : team ? 'Save' : 'Create team'}</Button>
          {(save.isSuccess || created) && team && <span role="status" className="text-sm text-green-700">{save.isSuccess ? 'Saved.' : 'Team created.'}</span>}
        </div>
      </form>
    </Card>
  );
}
