// Writes the planned tickets and their time. Tickets are created, linked and moved through the
// helpdesk use cases; the 2,000 entries are inserted in bulk, because logTime one by one takes
// about 8 s on PGlite. Each row is the one logTime would write on the open ticket (see
// `entryRow`), and the tickets move to closed stages only after their time is in (R14).
import { sql } from 'drizzle-orm';
import { createTicket, updateTicket } from '../modules/service-billing/index.ts';
import { timesheets } from '../modules/timesheets/index.ts';
import type { Db } from '../platform/db.ts';
import { SYSTEM_ACTOR } from '../platform/http.ts';
import type { TeamKey } from './directory.ts';
import type { EntryPlan, TicketPlan } from './plan-tickets.ts';
import type { TeamRef } from './seed-setup.ts';

interface Written {
  ticketId: number;
  /** The ticket's line while its time was logged (null for tickets linked later, R21). */
  lineId: number | null;
  team: TeamRef;
  plan: TicketPlan;
}

const INSERT_BATCH = 500;

/**
 * The row logTime writes for this entry on an open ticket: R1 minutes within 1..1440; R11 the
 * team's project; R12 billable defaults to the team's billing, the line is the ticket's unless the
 * entry is pinned, and a non-billable entry has none. Pinned lines come from saleLineOptions of
 * the ticket's customer, so they are allowed (R20).
 */
function entryRow(written: Written, entry: EntryPlan): typeof timesheets.$inferInsert {
  if (!Number.isInteger(entry.minutes) || entry.minutes < 1 || entry.minutes > 1440) throw new RangeError(`Demo entry of ${entry.minutes} minutes`);
  const billable = entry.billable ?? written.team.billingEnabled;
  if (!billable && entry.pinnedLineId) throw new Error('A non-billable demo entry is pinned to a line');
  const pinned = Boolean(entry.pinnedLineId);
  const loggedAt = new Date(Math.min(Date.now(), Date.parse(`${entry.date}T17:00:00Z`)));
  return {
    ticketId: written.ticketId,
    projectId: written.team.projectId,
    userId: Number(entry.userId),
    date: entry.date,
    minutes: entry.minutes,
    description: entry.description,
    billable,
    saleOrderLineId: !billable ? null : pinned ? Number(entry.pinnedLineId) : written.lineId,
    pinned,
    createdAt: loggedAt,
    updatedAt: loggedAt,
  };
}

async function insertEntries(db: Db, written: Written[]): Promise<void> {
  const rows = written
    .flatMap((w) => w.plan.entries.map((entry) => entryRow(w, entry)))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.ticketId - b.ticketId));
  for (let start = 0; start < rows.length; start += INSERT_BATCH) await db.insert(timesheets).values(rows.slice(start, start + INSERT_BATCH));
}

/**
 * Tickets get the dates they were opened and last worked on. No use case backdates a ticket; this
 * changes only timestamps, which no rule depends on.
 */
async function backdate(db: Db, written: Written[]): Promise<void> {
  const rows = written.map(({ ticketId, plan }, i) => {
    const created = `${plan.opened}T${String(8 + (i % 9)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00Z`;
    const lastDay = plan.entries.at(-1)?.date ?? plan.opened;
    const updated = lastDay > plan.opened ? `${lastDay}T16:30:00Z` : created;
    return sql`(${ticketId}::bigint, least(${created}::timestamptz, now()), least(${updated}::timestamptz, now()))`;
  });
  await db.execute(sql`
    UPDATE tickets SET created_at = v.created_at, updated_at = v.updated_at
      FROM (VALUES ${sql.join(rows, sql`, `)}) AS v(id, created_at, updated_at)
     WHERE tickets.id = v.id`);
}

/**
 * Creates the tickets in the order they were opened, logs their time, links the late ones (their
 * unpinned entries follow, R21) and moves each ticket to its stage.
 */
export async function seedHelpdesk(db: Db, teams: Record<TeamKey, TeamRef>, plans: TicketPlan[]): Promise<void> {
  const written: Written[] = [];
  for (const plan of plans) {
    const team = teams[plan.team];
    const lineId = plan.linkLater ? null : plan.lineId;
    const ticket = await createTicket(db, {
      teamId: String(team.id),
      subject: plan.template.subject,
      description: plan.template.description,
      customerId: plan.customerId,
      assigneeId: plan.assigneeId,
      priority: plan.priority,
      saleOrderLineId: lineId,
    }, SYSTEM_ACTOR);
    written.push({ ticketId: Number(ticket.id), lineId: lineId === null ? null : Number(lineId), team, plan });
  }
  await insertEntries(db, written);
  for (const { ticketId, team, plan } of written) {
    if (plan.linkLater) await updateTicket(db, ticketId, { saleOrderLineId: plan.lineId }, SYSTEM_ACTOR);
    if (plan.stage !== 'new') await updateTicket(db, ticketId, { stageId: team.stages[plan.stage] }, SYSTEM_ACTOR);
  }
  await backdate(db, written);
}
