import { sql, type SQL } from 'drizzle-orm';
import { inTransaction, queryRows, type Executor } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import type { AuthContext } from '../../platform/http.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { ticketTeamVisible } from '../helpdesk/index.ts';
import { ticketComments } from './tables.ts';

/** A comment as staff see it. */
export interface CommentRead {
  id: string;
  ticketId: string;
  authorId: string;
  authorName: string;
  fromCustomer: boolean;
  internal: boolean;
  body: string;
  createdAt: string;
}

/** A comment as a portal user sees it: no user ids, never an internal note. */
export type PortalCommentRead = Pick<CommentRead, 'id' | 'authorName' | 'fromCustomer' | 'body' | 'createdAt'>;

interface Row {
  id: number; ticket_id: number; author_id: number; author_name: string; from_customer: boolean; internal: boolean; body: string; created_at: string;
}

const toRead = (r: Row): CommentRead => ({
  id: String(r.id), ticketId: String(r.ticket_id), authorId: String(r.author_id), authorName: r.author_name,
  fromCustomer: r.from_customer, internal: r.internal, body: r.body, createdAt: new Date(r.created_at).toISOString(),
});

/** The portal shape of a comment that is not internal. */
export const toPortalComment = (c: CommentRead): PortalCommentRead => ({ id: c.id, authorName: c.authorName, fromCustomer: c.fromCustomer, body: c.body, createdAt: c.createdAt });

const select = (where: SQL, tail: SQL) => sql`
  SELECT c.id AS id, c.ticket_id AS ticket_id, c.author_id AS author_id, u.name AS author_name,
         u.role = 'customer' AS from_customer, c.internal, c.body, c.created_at::text AS created_at
    FROM ticket_comments c JOIN users u ON u.id = c.author_id
   WHERE ${where} ${tail}`;

/**
 * The conversation of a ticket, oldest first; internal notes only when `withInternal` (staff).
 * The caller has checked that the ticket may be seen.
 */
export async function listComments(db: Executor, ticketId: number, query: { limit: number; cursor?: string | undefined; withInternal: boolean }) {
  const after = decodeCursor(query.cursor, 1);
  const where = [sql`c.ticket_id = ${ticketId}`];
  if (!query.withInternal) where.push(sql`NOT c.internal`);
  if (after) where.push(sql`c.id > ${after[0]}`);
  const rows = await queryRows<Row>(db, select(sql.join(where, sql` AND `), sql`ORDER BY c.id LIMIT ${query.limit + 1}`));
  return toPage(rows, query.limit, (r) => [r.id], toRead);
}

/**
 * Adds a comment, or an internal note when `internal` (the database refuses one by a customer).
 * The caller has checked that the author may see the ticket.
 */
export async function addComment(db: Executor, input: { ticketId: number; authorId: number; body: string; internal: boolean }): Promise<CommentRead> {
  const id = await inTransaction(db, async (tx) => {
    const [row] = await tx.insert(ticketComments).values(input).returning({ id: ticketComments.id });
    return row!.id;
  });
  const [row] = await queryRows<Row>(db, select(sql`c.id = ${id}`, sql``));
  return toRead(row!);
}

/** Answers 404, like a missing ticket, unless the staff caller sees the ticket (their teams'; decision 0013). */
async function assertStaffSees(db: Executor, ticketId: number, actor: AuthContext): Promise<void> {
  const rows = await queryRows<{ one: number }>(db, sql`SELECT 1 AS one FROM tickets t WHERE t.id = ${ticketId} AND ${ticketTeamVisible(actor, sql`t.team_id`)}`);
  if (rows.length === 0) throw notFound('Ticket');
}

/** The conversation of a ticket the staff caller sees, internal notes included; 404 otherwise. */
export async function listTicketComments(db: Executor, ticketId: number, actor: AuthContext, query: { limit: number; cursor?: string | undefined }) {
  await assertStaffSees(db, ticketId, actor);
  return listComments(db, ticketId, { ...query, withInternal: true });
}

/** A staff caller comments (or writes an internal note) on a ticket they see; 404 otherwise. */
export async function commentOnTicket(db: Executor, ticketId: number, actor: AuthContext, input: { body: string; internal?: boolean | undefined }): Promise<CommentRead> {
  await assertStaffSees(db, ticketId, actor);
  return addComment(db, { ticketId, authorId: actor.userId, body: input.body, internal: input.internal ?? false });
}
