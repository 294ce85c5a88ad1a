import { useState, type FormEvent } from 'react';
import { ApiError } from '../../app/http.ts';
import { isStaff } from '../../app/permissions.tsx';
import type { Role } from '../../app/types.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { FormError } from '../../ui/FormError.tsx';
import { Button, Field, Input, Select } from '../../ui/ui.tsx';
import { useTeams } from '../helpdesk/api.ts';
import { CustomerSelect } from '../partners/CustomerSelect.tsx';
import { useInviteUser } from './api.ts';
import { LinkShown } from './LinkShown.tsx';
import { ROLE_LABELS } from './labels.ts';

const fields = ['name', 'email', 'role', 'teamIds', 'customerId'] as const;

/** Invite a user: name, email, role, teams (staff) or customer (portal users); then the link, once. */
export function InviteUserDialog({ onClose }: { onClose: () => void }) {
  const invite = useInviteUser();
  const teams = useTeams();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [customerId, setCustomerId] = useState('');
  const error = invite.error instanceof ApiError ? invite.error : null;
  const isPortal = !isStaff(role);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ name, email, role, teamIds: isPortal ? [] : teamIds, customerId: isPortal ? customerId || null : null });
  };
  const toggleTeam = (id: string, on: boolean) => setTeamIds(on ? [...teamIds, id] : teamIds.filter((t) => t !== id));

  if (invite.data) {
    return (
      <Dialog title="Invitation ready" onClose={onClose}>
        <div className="space-y-4">
          <LinkShown link={invite.data.link} label={`Send this link to ${invite.data.user.name}: they choose their password there.`} />
          <div className="flex justify-end"><Button variant="primary" onClick={onClose}>Done</Button></div>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Invite a user" onClose={onClose}>
      <form onSubmit={submit} className="space-y-3" aria-label="Invite a user">
        <Field label="Name" error={error?.field('name')}><Input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoFocus /></Field>
        <Field label="Email" error={error?.field('email')}><Input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required maxLength={254} /></Field>
        <Field label="Role" error={error?.field('role')}>
          <Select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {Object.entries(ROLE_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </Select>
        </Field>
        {isPortal ? (
          <Field label="Customer" hint="The portal user sees this customer's tickets and invoices." error={error?.field('customerId')}>
            <CustomerSelect value={customerId} onChange={setCustomerId} required />
          </Field>
        ) : (
          <fieldset className="text-sm">
            <legend className="font-medium text-slate-700">Teams</legend>
            {teams.data?.items.length === 0 && <p className="text-slate-500">No team yet.</p>}
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {teams.data?.items.map((team) => (
                <label key={team.id} className="flex items-center gap-1.5">
                  <input type="checkbox" checked={teamIds.includes(team.id)} onChange={(e) => toggleTeam(team.id, e.target.checked)} />
                  {team.name}
                </label>
              ))}
            </div>
            {error?.field('teamIds') && <p role="alert" className="text-xs text-red-700">{error.field('teamIds')}</p>}
          </fieldset>
        )}
        <FormError error={invite.error} fields={fields} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={invite.isPending}>{invite.isPending ? 'Inviting…' : 'Invite'}</Button>
        </div>
      </form>
    </Dialog>
  );
}
