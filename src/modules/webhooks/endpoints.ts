// R64, decision 0028: the endpoints admins register, their secrets, and the private-targets
// setting. A URL is checked when it is registered or changed (http/https, and every address its
// host has now: refused when private unless the setting allows it) and again at every delivery.
import { asc, eq, gt, sql } from 'drizzle-orm';
import { inTransaction, setsAnything, type Db, type Executor } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { parseTarget, resolveTarget } from './addresses.ts';
import type { WebhookEventType } from './events.ts';
import { newSecret } from './signing.ts';
import { webhookEndpoints, webhookSettings } from './tables.ts';

/** How long a rotated-out secret still signs (a second signature), for receivers to switch. */
export const PREVIOUS_SECRET_HOURS = 24;
/** How long registration waits for DNS; a name that does not resolve yet is accepted (checked at delivery). */
const REGISTRATION_DNS_MS = 3000;

export interface WebhookEndpointInput {
  url: string;
  description?: string | undefined;
  events: WebhookEventType[];
  active?: boolean | undefined;
}

export interface WebhookEndpointRead {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  active: boolean;
  /** Why it was disabled by a receiver's 410 Gone, until an admin re-enables it. */
  disabledReason: string | null;
  /** `whsec_…`: receivers verify signatures with it (admins only see endpoints). */
  secret: string;
  /** Until then, messages carry a second signature made with the previous secret. */
  previousSecretUntil: string | null;
  secretRotatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

type EndpointRow = typeof webhookEndpoints.$inferSelect;

const toRead = (r: EndpointRow): WebhookEndpointRead => ({
  id: String(r.id),
  url: r.url,
  description: r.description,
  events: r.events as WebhookEventType[],
  active: r.active,
  disabledReason: r.disabledReason,
  secret: r.secret,
  previousSecretUntil: r.previousSecretUntil && r.previousSecretUntil > new Date() ? r.previousSecretUntil.toISOString() : null,
  secretRotatedAt: r.secretRotatedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export interface WebhookSettings {
  allowPrivateTargets: boolean;
}

export async function getWebhookSettings(db: Executor): Promise<WebhookSettings> {
  const [row] = await db.select().from(webhookSettings).where(eq(webhookSettings.id, 1));
  return { allowPrivateTargets: row?.allowPrivateTargets ?? false };
}

/** Allows or refuses private targets (on the company's audit trail). Endpoints already registered are judged again at their next delivery. */
export async function updateWebhookSettings(db: Db, patch: Partial<WebhookSettings>): Promise<WebhookSettings> {
  return inTransaction(db, async (tx) => {
    if (patch.allowPrivateTargets !== undefined) {
      await tx.update(webhookSettings).set({ allowPrivateTargets: patch.allowPrivateTargets, updatedAt: new Date() }).where(eq(webhookSettings.id, 1));
    }
    return getWebhookSettings(tx);
  });
}

/** R64: refuses (400 WEBHOOK_URL_REFUSED) a URL that is not http(s) or whose host is, or resolves to, an address not allowed. */
async function checkUrl(db: Executor, url: string): Promise<void> {
  const parsed = parseTarget(url);
  const refuse = (why: string) => new AppError('WEBHOOK_URL_REFUSED', `This URL cannot receive webhooks: ${why}`, [{ path: 'url', message: why }]);
  if ('refusal' in parsed) throw refuse(parsed.refusal);
  const { allowPrivateTargets } = await getWebhookSettings(db);
  const target = await resolveTarget(parsed.host, allowPrivateTargets, REGISTRATION_DNS_MS);
  if ('refusal' in target) throw refuse(target.refusal);
}

const distinct = (events: WebhookEventType[]) => [...new Set(events)];

/** Registers an endpoint with a new secret. */
export async function createWebhookEndpoint(db: Db, input: WebhookEndpointInput): Promise<WebhookEndpointRead> {
  await checkUrl(db, input.url);
  const [row] = await db.insert(webhookEndpoints).values({
    url: input.url, description: input.description ?? '', events: distinct(input.events), active: input.active ?? true, secret: newSecret(),
  }).returning();
  return toRead(row!);
}

export async function getWebhookEndpoint(db: Executor, id: number): Promise<WebhookEndpointRead> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!row) throw notFound('Webhook endpoint');
  return toRead(row);
}

/** Every endpoint, oldest first. */
export async function listWebhookEndpoints(db: Executor, query: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(query.cursor, 1);
  const rows = await db.select().from(webhookEndpoints).where(after ? gt(webhookEndpoints.id, Number(after[0])) : undefined).orderBy(asc(webhookEndpoints.id)).limit(query.limit + 1);
  return toPage(rows, query.limit, (r) => [r.id], toRead);
}

/** Changes an endpoint; a changed URL is checked again; enabling it again clears why it was disabled. */
export async function updateWebhookEndpoint(db: Db, id: number, patch: Partial<WebhookEndpointInput>): Promise<WebhookEndpointRead> {
  if (patch.url !== undefined) await checkUrl(db, patch.url);
  return inTransaction(db, async (tx) => {
    const values = {
      url: patch.url, description: patch.description, events: patch.events && distinct(patch.events), active: patch.active,
      ...(patch.active === true ? { disabledReason: null } : {}),
    };
    if (setsAnything(values)) {
      const [row] = await tx.update(webhookEndpoints).set({ ...values, updatedAt: new Date() }).where(eq(webhookEndpoints.id, id)).returning();
      if (!row) throw notFound('Webhook endpoint');
      return toRead(row);
    }
    return getWebhookEndpoint(tx, id);
  });
}

/** Deletes an endpoint and its log; its messages still queued fail at their turn ("the endpoint was deleted"). */
export async function deleteWebhookEndpoint(db: Db, id: number): Promise<void> {
  const deleted = await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id });
  if (deleted.length === 0) throw notFound('Webhook endpoint');
}

/** A new secret at once; the previous one still signs for PREVIOUS_SECRET_HOURS (a second signature). */
export async function rotateWebhookSecret(db: Db, id: number): Promise<WebhookEndpointRead> {
  const [row] = await db.update(webhookEndpoints).set({
    previousSecret: sql`${webhookEndpoints.secret}`,
    previousSecretUntil: sql`now() + make_interval(hours => ${PREVIOUS_SECRET_HOURS})`,
    secret: newSecret(),
    secretRotatedAt: sql`now()`,
    updatedAt: sql`now()`,
  }).where(eq(webhookEndpoints.id, id)).returning();
  if (!row) throw notFound('Webhook endpoint');
  return toRead(row);
}
