import { sql } from 'drizzle-orm';
import { weekStart } from '../../core/dates.ts';
import { preparedRows, statementText, type Executor } from '../../platform/db.ts';
import type { AuthContext } from '../../platform/http.ts';
import { teamBoundUser, teamVisibleToBoundUser } from '../helpdesk/index.ts';

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

interface TeamCardRow {
  team_id: number; name: string; timesheets_enabled: boolean; billing_enabled: boolean;
  open: number; unassigned: number; urgent: number; week: number; to_invoice: number;
}

// $1, $2: the week (Monday to today); $3: the user whose teams bound the caller, or null.
const visible = (teamColumn: string) => teamVisibleToBoundUser(sql.raw(teamColumn), sql.raw('$3'));
const DASHBOARD_SQL = statementText(sql`
  SELECT m.id AS team_id, m.name, m.timesheets_enabled, m.billing_enabled,
         coalesce(k.open_tickets, 0)::int AS open, coalesce(k.unassigned, 0)::int AS unassigned, coalesce(k.urgent, 0)::int AS urgent,
         coalesce(w.week, 0)::bigint AS week, coalesce(d.to_invoice, 0)::bigint AS to_invoice
    FROM teams m
    LEFT JOIN team_ticket_counts k ON k.team_id = m.id
    LEFT JOIN (
      SELECT t.team_id, sum(e.minutes) AS week
        FROM timesheets e JOIN tickets t ON t.id = e.ticket_id
       WHERE e.date BETWEEN $1::date AND $2::date AND ${visible('t.team_id')} GROUP BY t.team_id) w ON w.team_id = m.id
    LEFT JOIN (
      SELECT x.team_id, sum(x.to_invoice_minutes) AS to_invoice
        FROM timesheet_sums x JOIN sale_order_lines l ON l.id = x.sale_order_line_id
       WHERE l.invoicing_policy = 'timesheets' AND ${visible('x.team_id')} GROUP BY x.team_id) d ON d.team_id = m.id
   WHERE ${visible('m.id')}
   ORDER BY lower(m.name), m.id`);

/**
 * The helpdesk dashboard: per team, open tickets (not in a closed stage), unassigned and urgent
 * open tickets, minutes logged this week (Monday to today) and billable minutes still to invoice
 * (on a line billed on timesheets, not yet claimed by an invoice; prepaid time is paid in advance:
 * decision 0012). An agent sees the cards of their own teams.
 *
 * Issue 9: one prepared statement. The ticket counts are read from `team_ticket_counts` and the
 * minutes to invoice (R13 "to invoice") from `timesheet_sums` with its team, both kept by the
 * database as tickets, entries and claims change (migrations 0005, 0008); the week's minutes come
 * through the date index. Nothing reads every ticket or every entry ever logged.
 */
export async function helpdeskDashboard(db: Executor, today: string, actor: AuthContext): Promise<TeamCard[]> {
  const rows = await preparedRows<TeamCardRow>(db, 'deskbill_dashboard', DASHBOARD_SQL, [weekStart(today), today, teamBoundUser(actor)]);
  return rows.map((r) => ({
    teamId: String(r.team_id), name: r.name, timesheetsEnabled: r.timesheets_enabled, billingEnabled: r.billing_enabled,
    openTickets: r.open, unassigned: r.unassigned, urgent: r.urgent, minutesThisWeek: Number(r.week), minutesToInvoice: Number(r.to_invoice),
  }));
}
