import { useState } from 'react';
import { useAuth } from '../../app/auth.tsx';
import { isStaff } from '../../app/permissions.tsx';
import type { User } from '../../app/types.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { useToast } from '../../ui/toast.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { Badge, Button, ErrorMessage, PageHeader, Table } from '../../ui/ui.tsx';
import { useTeams } from '../helpdesk/api.ts';
import { CustomerName } from '../partners/CustomerSelect.tsx';
import { useIssueLink, useSetActive, useUsers } from './api.ts';
import { InviteUserDialog } from './InviteUserDialog.tsx';
import { LinkShown } from './LinkShown.tsx';
import { ROLE_LABELS } from './labels.ts';

/** Users (admins only): who has which role and teams; invite, deactivate, reset a password. */
export function UsersPage() {
  const { user: me } = useAuth();
  const users = useUsers();
  const teams = useTeams();
  const [inviting, setInviting] = useState(false);
  const teamName = new Map(teams.data?.items.map((t) => [t.id, t.name]));
  const list = [...(users.data ?? [])].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
  return (
    <>
      <PageHeader title="Users" subtitle="Staff and customer portal users. Deactivating someone signs them out everywhere at once."
        actions={<Button variant="primary" onClick={() => setInviting(true)}>Invite a user</Button>} />
      <RefreshError query={users} />
      {!users.data ? <NoData query={users} /> : (
        <Table>
          <thead>
            <tr><th>Name</th><th>Email</th><th>Role</th><th>Teams or customer</th><th>Status</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {list.map((user) => (
              <tr key={user.id} className={user.active ? '' : 'text-slate-500'}>
                <td className="font-medium">{user.name}</td>
                <td>{user.email}</td>
                <td>{ROLE_LABELS[user.role]}</td>
                <td>{!isStaff(user.role) ? <CustomerName id={user.customerId} /> : user.teamIds.map((id) => teamName.get(id) ?? '…').join(', ') || <span className="text-slate-400">—</span>}</td>
                <td>{user.active ? <Badge tone="green">Active</Badge> : <Badge>Deactivated</Badge>}</td>
                <td><UserActions user={user} isSelf={user.id === me.id} /></td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {inviting && <InviteUserDialog onClose={() => setInviting(false)} />}
    </>
  );
}

function UserActions({ user, isSelf }: { user: User; isSelf: boolean }) {
  const setActive = useSetActive();
  const toast = useToast();
  const activate = (active: boolean) => setActive.mutate({ user, active }, { onSuccess: () => toast({ message: `${user.name} ${active ? 'reactivated' : 'deactivated'}` }) });
  const issue = useIssueLink();
  const [confirming, setConfirming] = useState(false);
  const reset = () => issue.mutate({ user, kind: 'password-reset' }, { onSuccess: () => setConfirming(false) });
  return (
    <div className="space-y-1">
      <div className="flex justify-end gap-2 whitespace-nowrap">
        {user.active && <Button onClick={() => setConfirming(true)} aria-label={`Reset the password of ${user.name}`}>Reset password</Button>}
        {!isSelf && (user.active
          ? <Button variant="danger" disabled={setActive.isPending} onClick={() => activate(false)} aria-label={`Deactivate ${user.name}`}>Deactivate</Button>
          : <Button disabled={setActive.isPending} onClick={() => activate(true)} aria-label={`Reactivate ${user.name}`}>Reactivate</Button>)}
      </div>
      <ErrorMessage error={setActive.error} />
      {confirming && (
        <Dialog title={`Reset the password of ${user.name}?`} onClose={() => setConfirming(false)}>
          <p className="mb-4 text-sm text-slate-700">Their current password, sessions and API tokens stop working now. You get a link for them to choose a new password.</p>
          <ErrorMessage error={issue.error} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => setConfirming(false)}>Cancel</Button>
            <Button variant="danger" disabled={issue.isPending} onClick={reset}>Reset password</Button>
          </div>
        </Dialog>
      )}
      {issue.data && !confirming && (
        <Dialog title="Password reset link" onClose={() => issue.reset()}>
          <div className="space-y-4">
            <LinkShown link={issue.data} label={`Send this link to ${user.name}: they choose a new password there.`} />
            <div className="flex justify-end"><Button variant="primary" onClick={() => issue.reset()}>Done</Button></div>
          </div>
        </Dialog>
      )}
    </div>
  );
}
