import { useState } from 'react';
import { ApiError } from '../../app/http.ts';
import { usePermissions } from '../../app/permissions.tsx';
import type { Team, User } from '../../app/types.ts';
import { FormError } from '../../ui/FormError.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { Combobox } from '../../ui/Combobox.tsx';
import { Badge, Button, Card, Field } from '../../ui/ui.tsx';
import { staffOf, useUsers } from '../users/api.ts';
import { ROLE_LABELS } from '../users/labels.ts';
import { useSaveTeamMembers } from './teamApi.ts';

const byName = (a: User, b: User) => a.name.localeCompare(b.name);

/**
 * The staff users working in the team (agents see the tickets of their teams). Setup roles add and
 * remove them, each change saved at once as the whole list; other roles read the names.
 */
export function TeamMembers({ team }: { team: Team }) {
  const editable = usePermissions().can('setup');
  const users = useUsers();
  const save = useSaveTeamMembers(team.id);
  const [adding, setAdding] = useState('');
  const [done, setDone] = useState('');
  if (!users.data) return <Card title="Members"><NoData query={users} /></Card>;

  const byId = new Map(users.data.map((u) => [u.id, u]));
  const members = team.memberIds.map((id) => byId.get(id)).filter((u): u is User => u !== undefined).sort(byName);
  const candidates = staffOf(users.data).filter((u) => !team.memberIds.includes(u.id)).sort(byName);
  const fieldError = save.error instanceof ApiError ? save.error.field('memberIds') : undefined;

  const change = (memberIds: string[], said: string) => {
    setDone('');
    save.mutate(memberIds, { onSuccess: () => { setDone(said); setAdding(''); } });
  };
  const add = () => {
    const user = byId.get(adding);
    if (user) change([...team.memberIds, user.id], `${user.name} added.`);
  };

  return (
    <Card title="Members">
      <RefreshError query={users} />
      <p className="mb-3 text-xs text-slate-500">Agents see and work on the tickets of the teams they are members of.</p>
      {members.length === 0 ? <p className="mb-3 text-sm text-slate-500">No member yet.</p> : (
        <ul aria-label="Members" className="mb-4 divide-y divide-slate-100 rounded border border-slate-100 text-sm">
          {members.map((member) => (
            <li key={member.id} className="flex items-center gap-2 px-2 py-1.5">
              <span className="font-medium text-slate-800">{member.name}</span>
              {editable && <Badge tone="indigo">{ROLE_LABELS[member.role]}</Badge>}
              {editable && !member.active && <Badge>Inactive</Badge>}
              {editable && (
                <Button variant="ghost" className="ml-auto py-0.5! text-red-700!" aria-label={`Remove ${member.name}`} disabled={save.isPending}
                  onClick={() => change(team.memberIds.filter((id) => id !== member.id), `${member.name} removed.`)}>Remove</Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form onSubmit={(event) => { event.preventDefault(); add(); }} className="space-y-2">
          <div className="flex flex-wrap items-start gap-2">
            <div className="min-w-64 flex-1">
              <Field label="Add a member" error={fieldError} hint="Active staff users; portal users belong to no team.">
                <Combobox
                  value={adding}
                  onChange={(id) => { setAdding(id); setDone(''); }}
                  options={candidates.map((u) => ({ id: u.id, label: u.name, hint: `${ROLE_LABELS[u.role]} · ${u.email}` }))}
                  placeholder={candidates.length === 0 ? 'Every active staff user is a member' : 'Type to find a staff user…'}
                  disabled={candidates.length === 0}
                />
              </Field>
            </div>
            <Button type="submit" variant="primary" className="mt-6" disabled={!adding || save.isPending}>{save.isPending ? 'Saving…' : 'Add'}</Button>
          </div>
          <FormError error={save.error} fields={['memberIds']} />
          {done && !save.isPending && !save.error && <p role="status" className="text-sm text-green-700">{done}</p>}
        </form>
      )}
    </Card>
  );
}
