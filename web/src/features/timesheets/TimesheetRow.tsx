import { useState } from 'react';
import type { SaleLineOption, Timesheet, User } from '../../app/types.ts';
import { Button } from '../../ui/ui.tsx';
import { useToast } from '../../ui/toast.tsx';
import { useDeleteTimesheet, useLogTime, useUpdateTimesheet, type TimesheetInput } from './api.ts';
import { LockIcon } from './LockIcon.tsx';
import { refusal } from './refusal.ts';
import { TimesheetEditRow } from './TimesheetEditRow.tsx';
import { TimesheetReadRow } from './TimesheetReadRow.tsx';
import { invoicedReason } from './TimesheetStatus.tsx';
import type { WorkType } from './workTypes.ts';

interface Props {
  entry: Timesheet;
  users: User[];
  options: SaleLineOption[];
  showLine: boolean;
  /** The work types to pick from (R77); null hides the column. */
  workTypes: WorkType[] | null;
  /** The ticket is closed (R14): nothing changes. */
  locked: boolean;
  /** The user may give the entry to another agent (managers, admins). */
  canPickAgent: boolean;
  columns: number;
}

/** The entry's values of the fields a change touched: what Undo sends back. */
function previousValues(entry: Timesheet, changes: TimesheetInput): TimesheetInput {
  const before: TimesheetInput = {
    date: entry.date, userId: entry.userId, description: entry.description, minutes: entry.minutes, billable: entry.billable,
    saleOrderLineId: entry.pinned ? entry.saleOrderLineId : null, workTypeId: entry.workTypeId,
  };
  const keys = Object.keys(changes) as Array<keyof TimesheetInput>;
  // Billable back on: the pin the entry had comes back with it (R12).
  if (keys.includes('billable') && entry.pinned) keys.push('saleOrderLineId');
  return Object.fromEntries(keys.map((k) => [k, before[k]])) as TimesheetInput;
}

/**
 * One entry the user may change (issue 12 point 3): read as text until Edit (or Enter, or a
 * double-click) opens it; a saved change and a delete each offer Undo in a toast.
 */
export function TimesheetRow({ entry, users, options, showLine, workTypes, locked, canPickAgent, columns }: Props) {
  const update = useUpdateTimesheet(entry.id);
  const restore = useUpdateTimesheet(entry.id);
  const remove = useDeleteTimesheet(entry.id);
  const relog = useLogTime(entry.ticketId);
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const invoiced = entry.status === 'invoiced';
  const editId = `timesheet-${entry.id}-open`;
  const close = () => {
    setEditing(false);
    update.reset();
    requestAnimationFrame(() => document.getElementById(editId)?.focus());
  };
  const open = locked ? undefined : () => { remove.reset(); setEditing(true); };

  const save = (changes: TimesheetInput) => {
    if (Object.keys(changes).length === 0) return close();
    const previous = previousValues(entry, changes);
    update.mutate(changes, {
      onSuccess: () => {
        close();
        toast({
          message: 'Entry updated',
          action: {
            label: 'Undo',
            run: () => restore.mutateAsync(previous).then(() => undefined, (e: unknown) => toast({ message: `Not undone: ${refusal(e)}`, tone: 'error' })),
          },
        });
      },
    });
  };
  // Delete asks nothing: the toast offers Undo, which logs the same time again (a new entry: the
  // audit trail shows the delete and the re-creation). A ticket closed meanwhile refuses it.
  const onDelete = () => {
    remove.mutate(undefined, {
      onSuccess: () => toast({
        message: 'Entry deleted',
        action: {
          label: 'Undo',
          run: () => relog.mutateAsync({
            date: entry.date, userId: entry.userId, minutes: entry.minutes, description: entry.description, billable: entry.billable,
            ...(entry.pinned && entry.saleOrderLineId ? { saleOrderLineId: entry.saleOrderLineId } : {}),
          }).then(() => undefined, (e: unknown) => toast({ message: `Not restored: ${refusal(e)}`, tone: 'error' })),
        },
      }),
    });
  };

  if (editing) {
    return <TimesheetEditRow entry={entry} users={users} options={options} showLine={showLine} workTypes={workTypes} canPickAgent={canPickAgent} columns={columns}
      onSave={save} onCancel={close} saving={update.isPending} error={update.error} />;
  }
  const of = `the entry of ${entry.date} by ${entry.userName}`;
  return (
    <>
      <TimesheetReadRow entry={entry} options={options} showLine={showLine} workTypes={workTypes} onOpen={open}
        note={invoiced && !locked ? <p className="mt-0.5 px-2 text-xs text-slate-500"><LockIcon />{invoicedReason(entry)} (only the description can change)</p> : undefined}
        actions={!locked && (
          <>
            <Button id={editId} variant="ghost" className="px-2" aria-label={`Edit ${of}`} title="Edit this entry (Enter)" onClick={open}>Edit</Button>
            {!invoiced && <Button variant="ghost" className="px-2" aria-label={`Delete ${of}`} title="Delete this entry" onClick={onDelete} disabled={remove.isPending}>Delete</Button>}
          </>
        )} />
      {remove.error && (
        <tr>
          <td colSpan={columns} className="bg-red-50 text-sm text-red-800" role="alert">{refusal(remove.error)}</td>
        </tr>
      )}
    </>
  );
}
