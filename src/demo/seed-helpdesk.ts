// Writes the planned tickets and their time through the helpdesk use cases. Time is logged while
// a ticket is open; the ticket moves to its final stage afterwards, since a closed ticket refuses
// new entries (R14).
import { sql } from 'drizzle-orm';
import { createTicket, logTime, updateTicket } from '../modules/service-billing/index.ts';
import type { Db } from '../platform/db.ts';
import type { TeamKey } from './directory.ts';
import type { TicketPlan } from './plan-tickets.ts';
import type { TeamRef } from './seed-setup.ts';

interface Written {
  ticketId: number;
  plan: TicketPlan;
}

async function writeTicket(db: Db, teams: Record<TeamKey, TeamRef>, plan: TicketPlan): Promise<Written> {
  const team = teams[plan.team];
  const ticket = await createTicket(db, {
    teamId: String(team.id),
    subject: plan.template.subject,
    description: plan.template.description,
    customerId: plan.customerId,
    assigneeId: plan.assigneeId,
    priority: plan.priority,
    saleOrderLineId: plan.linkLater ? null : plan.lineId,
  });
  const ticketId = Number(ticket.id);
  for (const entry of plan.entries) {
    await logTime(db, ticketId, Number(entry.userId), {
      date: entry.date,
      userId: entry.userId,
      minutes: entry.minutes,
      description: entry.description,
      billable: entry.billable,
      saleOrderLineId: entry.pinnedLineId,
    });
  }
  if (plan.linkLater) await updateTicket(db, ticketId, { saleOrderLineId: plan.lineId }); // R21: the unpinned entries follow
  if (plan.stage !== 'new') await updateTicket(db, ticketId, { stageId: team.stages[plan.stage] });
  return { ticketId, plan };
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
    return sql`(${ticketId}::bigint, ${created}::timestamptz, ${updated}::timestamptz)`;
  });
  await db.execute(sql`
    UPDATE tickets SET created_at = v.created_at, updated_at = v.updated_at
      FROM (VALUES ${sql.join(rows, sql`, `)}) AS v(id, created_at, updated_at)
     WHERE tickets.id = v.id`);
}

/** Creates the tickets in the order they were opened, logs their time, links the late ones and moves each to its stage. */
export async function seedHelpdesk(db: Db, teams: Record<TeamKey, TeamRef>, plans: TicketPlan[]): Promise<void> {
  const written: Written[] = [];
  for (const plan of plans) written.push(await writeTicket(db, teams, plan));
  await backdate(db, written);
}
