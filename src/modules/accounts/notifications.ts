// R74: a user's notifications (the upsell alerts of prepaid blocks). The database raises them
// (migration 0020); people read them and mark them handled.
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { inTransaction, type Db, type Executor } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { notifications } from './tables.ts';

export interface NotificationRead {
  id: string;
  kind: 'prepaid_threshold';
  saleOrderId: string;
  saleOrderLineId: string;
  message: string;
  createdAt: string;
  handledAt: string | null;
}

type Row = typeof notifications.$inferSelect;

const toRead = (r: Row): NotificationRead => ({
  id: String(r.id), kind: r.kind, saleOrderId: String(r.saleOrderId), saleOrderLineId: String(r.saleOrderLineId), message: r.message,
  createdAt: r.createdAt.toISOString(), handledAt: r.handledAt ? r.handledAt.toISOString() : null,
});

/** The caller's notifications, newest first (optionally only those not handled), with the count not handled. */
export async function listNotifications(db: Executor, userId: number, query: { limit: number; cursor?: string | undefined; handled?: boolean | undefined }) {
  const after = decodeCursor(query.cursor, 1);
  const rows = await db.select().from(notifications)
    .where(and(
      eq(notifications.userId, userId),
      query.handled === undefined ? undefined : query.handled ? sql`${notifications.handledAt} IS NOT NULL` : isNull(notifications.handledAt),
      after ? lt(notifications.id, Number(after[0])) : undefined,
    ))
    .orderBy(desc(notifications.id))
    .limit(query.limit + 1);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.handledAt)));
  return { ...toPage(rows, query.limit, (r) => [r.id], toRead), unhandled: Number(count?.n ?? 0) };
}

/**
 * Marks one of the caller's notifications handled (an audit row says who and when). Another
 * user's is a 404, as a missing one; one already handled is a 409 NOTIFICATION_HANDLED.
 */
export async function markNotificationHandled(db: Db, notificationId: number, userId: number): Promise<NotificationRead> {
  return inTransaction(db, async (tx) => {
    const [row] = await tx.select().from(notifications).where(and(eq(notifications.id, notificationId), eq(notifications.userId, userId))).for('update');
    if (!row) throw notFound('Notification');
    if (row.handledAt) throw new AppError('NOTIFICATION_HANDLED', 'This notification is already handled');
    const [updated] = await tx.update(notifications).set({ handledAt: sql`now()` as unknown as Date, handledBy: userId }).where(eq(notifications.id, notificationId)).returning();
    return toRead(updated!);
  });
}
