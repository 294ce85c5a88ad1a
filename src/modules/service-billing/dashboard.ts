import { sql } from 'drizzle-orm';
import { weekStart } from '../../core/dates.ts';
import { queryRows, type Executor } from '../../platform/db.ts';
import type { AuthContext } from '../../platform/http.ts';
import { ticketTeamVisible } from '../helpdesk/index.ts';

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

/**
 * The helpdesk dashboard: per team, open tickets (not in a closed stage), unassigned and urgent
 * open tickets, minutes logged this week (Monday to today) and billable minutes still to invoice
 * (on a line billed on timesheets, not yet claimed by an invoice; prepaid time is paid in advance:
 * decision 0012). An agent sees the cards of their own teams.
 *
 * Issue 9: each figure is one pass grouped by team (not one pass per team), the week's minutes
 * come through the date index, and the minutes to invoice (R13 "to invoice") are read from
 * `timesheet_sums`, the per-ticket-and-line sums the database keeps as entries and claims
 * change (migration 0005), not from every entry ever logged.
 */
export async function helpdeskDashboard(db: Executor, today: string, actor: AuthContext): Promise<TeamCard[]> {
  const visible = ticketTeamVisible(actor, sql`t.team_id`);
  const rows = await queryRows<{ team_id: number; name: string; timesheets_enabled: boolean; billing_enabled: boolean; open: number; unassigned: number; urgent: number; week: number; to_invoice: number }>(db, sql`
    SELECT m.id AS team_id, m.name, m.timesheets_enabled, m.billing_enabled,
           coalesce(k.open, 0) AS open, coalesce(k.unassigned, 0) AS unassigned, coalesce(k.urgent, 0) AS urgent,
           coalesce(w.week, 0) AS week, coalesce(d.to_invoice, 0) AS to_invoice
      FROM teams m
      LEFT JOIN (
        SELECT t.team_id, count(*) AS open, count(*) FILTER (WHERE t.assignee_id IS NULL) AS unassigned,
               count(*) FILTER (WHERE t.priority = 'urgent') AS urgent
          FROM tickets t JOIN stages s ON s.id = t.stage_id
         WHERE NOT s.closed AND ${visible} GROUP BY t.team_id) k ON k.team_id = m.id
      LEFT JOIN (
        SELECT t.team_id, sum(e.minutes)::bigint AS week
          FROM timesheets e JOIN tickets t ON t.id = e.ticket_id
         WHERE e.date BETWEEN ${weekStart(today)}::date AND ${today}::date AND ${visible} GROUP BY t.team_id) w ON w.team_id = m.id
      LEFT JOIN (
        SELECT t.team_id, sum(x.to_invoice_minutes)::bigint AS to_invoice
          FROM timesheet_sums x JOIN tickets t ON t.id = x.ticket_id JOIN sale_order_lines l ON l.id = x.sale_order_line_id
         WHERE l.invoicing_policy = 'timesheets' AND ${visible} GROUP BY t.team_id) d ON d.team_id = m.id
     WHERE ${ticketTeamVisible(actor, sql`m.id`)}
     ORDER BY lower(m.name), m.id`);
  return rows.map((r) => ({
    teamId: String(r.team_id), name: r.name, timesheetsEnabled: r.timesheets_enabled, billingEnabled: r.billing_enabled,
    openTickets: r.open, unassigned: r.unassigned, urgent: r.urgent, minutesThisWeek: r.week, minutesToInvoice: r.to_invoice,
  }));
}
