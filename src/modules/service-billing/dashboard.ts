import { sql } from 'drizzle-orm';
import { weekStart } from '../../core/dates.ts';
import { queryRows, type Executor } from '../../platform/db.ts';
import type { AuthContext } from '../../platform/http.ts';
import { ticketTeamVisible } from '../helpdesk/index.ts';
import { entryStatusIs } from './timesheets.ts';

export interface TeamCard {
  teamId: string;
  name: string;
  timesheetsEnabled: boolean;
  billingEnabled: boolean;
  openTickets: number;
  unassigned: number;
  urgent: number;
  minutesThisWeek: number;
  minutesToInvoice: number;
}

// R13 "to invoice", as every list filters it; the card counts it on lines billed on timesheets
// only: prepaid time is paid in advance (decision 0012).
const toInvoice = entryStatusIs('to_invoice', 'e');

/**
 * The helpdesk dashboard: per team, open tickets (not in a closed stage), unassigned and urgent
 * open tickets, minutes logged this week (Monday to today) and billable minutes still to invoice
 * (on a line billed on timesheets, not yet claimed by an invoice; prepaid time is paid in advance).
 * An agent sees the cards of their own teams.
 */
export async function helpdeskDashboard(db: Executor, today: string, actor: AuthContext): Promise<TeamCard[]> {
  const rows = await queryRows<{ team_id: number; name: string; timesheets_enabled: boolean; billing_enabled: boolean; open: number; unassigned: number; urgent: number; week: number; to_invoice: number }>(db, sql`
    SELECT m.id AS team_id, m.name, m.timesheets_enabled, m.billing_enabled,
           coalesce(k.open, 0) AS open, coalesce(k.unassigned, 0) AS unassigned, coalesce(k.urgent, 0) AS urgent,
           coalesce(w.week, 0) AS week, coalesce(w.to_invoice, 0) AS to_invoice
      FROM teams m
      LEFT JOIN LATERAL (
        SELECT count(*) AS open, count(*) FILTER (WHERE t.assignee_id IS NULL) AS unassigned,
               count(*) FILTER (WHERE t.priority = 'urgent') AS urgent
          FROM tickets t JOIN stages s ON s.id = t.stage_id WHERE t.team_id = m.id AND NOT s.closed) k ON true
      LEFT JOIN LATERAL (
        SELECT sum(e.minutes) FILTER (WHERE e.date BETWEEN ${weekStart(today)}::date AND ${today}::date) AS week,
               sum(e.minutes) FILTER (WHERE ${toInvoice} AND l.invoicing_policy = 'timesheets') AS to_invoice
          FROM timesheets e JOIN tickets t ON t.id = e.ticket_id LEFT JOIN sale_order_lines l ON l.id = e.sale_order_line_id
         WHERE t.team_id = m.id) w ON true
     WHERE ${ticketTeamVisible(actor, sql`m.id`)}
     ORDER BY lower(m.name), m.id`);
  return rows.map((r) => ({
    teamId: String(r.team_id), name: r.name, timesheetsEnabled: r.timesheets_enabled, billingEnabled: r.billing_enabled,
    openTickets: r.open, unassigned: r.unassigned, urgent: r.urgent, minutesThisWeek: r.week, minutesToInvoice: r.to_invoice,
  }));
}
