import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Field as UiField, Input, Select } from '../../ui/ui.tsx';
import { useStages } from '../helpdesk/api.ts';
import { agentOptions, userName } from '../users/api.ts';
import { Combobox } from '../../ui/Combobox.tsx';
import { CustomerSelect } from '../partners/CustomerSelect.tsx';
import type { TicketLookups } from './lookups.ts';
import { UNASSIGNED, type TicketState, type TicketView } from './useTicketFilters.ts';

interface Props {
  view: TicketView;
  update: (changes: Partial<TicketView>, replace?: boolean) => void;
  lookups: TicketLookups;
}

/** The filter bar of the tickets page; every change lands in the URL. */
export function TicketFilters({ view, update, lookups }: Props) {
  const stages = useStages(view.teamId || undefined);
  const kanban = view.view === 'kanban';
  return (
    <div className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm [&>*]:min-w-0">
      <Field label="Team" width="w-40">
        <Select value={view.teamId} onChange={(e) => update({ teamId: e.target.value })}>
          <option value="">All teams</option>
          {lookups.workTeams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </Select>
      </Field>
      <Field label="Stage" width="w-36">
        <Select value={view.stageId} onChange={(e) => update({ stageId: e.target.value })} disabled={!view.teamId || kanban} title={!view.teamId ? 'Choose a team first' : undefined}>
          <option value="">{view.teamId ? 'All stages' : 'Choose a team'}</option>
          {(stages.data?.items ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </Select>
      </Field>
      <Field label="Customer" width="w-48">
        <CustomerSelect value={view.customerId} onChange={(customerId) => update({ customerId })} placeholder="All customers" />
      </Field>
      <Field label="Assignee" width="w-40">
        <Combobox value={view.assignee} onChange={(assignee) => update({ assignee })} options={[{ id: UNASSIGNED, label: 'Unassigned' }, ...agentOptions(lookups.users)]} selectedLabel={userName(lookups.users, view.assignee)} placeholder="Anyone" />
      </Field>
      <Field label="Status" width="w-32">
        <Select value={kanban ? 'all' : view.state} onChange={(e) => update({ state: e.target.value as TicketState })} disabled={kanban} title={kanban ? 'The board shows every stage' : undefined}>
          <option value="open">Open</option>
          <option value="closed">Closed</option>
          <option value="all">All</option>
        </Select>
      </Field>
      <SearchField value={view.q} onCommit={(q, replace) => update({ q }, replace)} />
      <Field label="Sort" width="w-32">
        <Select value={view.sort} onChange={(e) => update({ sort: e.target.value as 'newest' | 'oldest' })}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </Select>
      </Field>
    </div>
  );
}

/** Subject or #number; applied as you type (after a short pause) or on Enter. */
function SearchField({ value, onCommit }: { value: string; onCommit: (q: string, replace: boolean) => void }) {
  const [text, setText] = useState(value);
  const commit = useRef(onCommit);
  const committed = useRef(value);
  useEffect(() => {
    commit.current = onCommit;
  });
  useEffect(() => {
    // Back/forward or a link changed the query: show it (our own commits are already shown).
    if (value !== committed.current) setText(value);
    committed.current = value;
  }, [value]);
  useEffect(() => {
    if (text === committed.current) return;
    const timer = setTimeout(() => {
      committed.current = text;
      commit.current(text, true);
    }, 350);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <form
      role="search"
      className="min-w-44 flex-1"
      onSubmit={(e) => {
        e.preventDefault();
        committed.current = text;
        onCommit(text, false);
      }}
    >
      <UiField label="Search">
        <Input type="search" value={text} placeholder="Subject or #number" onChange={(e) => setText(e.target.value)} className="py-[5px]" />
      </UiField>
    </form>
  );
}

/** A filter of fixed width, so the bar keeps its shape whatever the names are. */
function Field({ label, width, children }: { label: string; width: string; children: ReactNode }) {
  return <div className={width}><UiField label={label}>{children}</UiField></div>;
}
