// R64, decision 0028: delivering one webhook message, the outbox handler of kind 'webhook'. At
// each attempt: the endpoint as it is now (deleted or disabled: failed for good), its host
// resolved and every address checked (SSRF), a connection to the address that was checked (so a
// second DNS answer cannot take it elsewhere), the body signed with the attempt's time, one POST
// with no redirect followed, at most `timeoutMs` for connecting and the whole answer, and at most
// 64 KB of the answer read. 2xx: sent. 410 Gone: failed, and the endpoint disabled. Any other
// answer, a timeout or a connection error: retried with the outbox's backoff.
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.ts';
import { DeliveryError, type OutboxHandler } from '../../platform/outbox.ts';
import { parseTarget, resolveTarget, type ResolvedTarget } from './addresses.ts';
import type { WebhookMessage } from './events.ts';
import { signedHeaders } from './signing.ts';

/** The most of an answer's body that is read; the rest is not waited for. */
export const RESPONSE_BODY_LIMIT = 64 * 1024;

export interface WebhookAnswer {
  status: number;
  statusText: string;
  body: string;
  /** True when the body was longer than RESPONSE_BODY_LIMIT and was cut. */
  cut: boolean;
}

/** Connects to `target` whatever the URL's host resolves to now (the address checked before). */
const pinnedLookup = (target: ResolvedTarget): LookupFunction => (_host, options, callback) => {
  if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [target]);
  else callback(null, target.address, target.family);
};

/**
 * POSTs `body` to `url` at the checked address: the answer's status and at most
 * RESPONSE_BODY_LIMIT bytes of its body. Throws a DeliveryError when no answer came within
 * `timeoutMs` (connecting, then the answer with its body) or the connection failed.
 */
export function postWebhook(url: URL, target: ResolvedTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<WebhookAnswer> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const request = client.request(url, {
      method: 'POST',
      agent: false,
      lookup: pinnedLookup(target),
      ...(isIP(host) ? {} : { servername: host }),
      headers: { 'content-type': 'application/json', 'user-agent': 'Deskbill-Webhooks/1', 'content-length': Buffer.byteLength(body), ...headers },
    }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (cut: boolean) => settle(() => {
        resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', body: Buffer.concat(chunks).toString('utf8'), cut });
        if (cut) response.destroy();
      });
      response.on('data', (chunk: Buffer) => {
        if (settled) return;
        const room = RESPONSE_BODY_LIMIT - size;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(chunk.length, room);
        if (chunk.length > room) finish(true);
      });
      response.on('end', () => finish(false));
      response.on('error', (error) => settle(() => reject(new DeliveryError(`the answer was cut: ${error.message}`))));
    });
    const timer = setTimeout(() => {
      settle(() => reject(new DeliveryError(`no answer within ${timeoutMs / 1000} s`)));
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => settle(() => reject(new DeliveryError(`${error.code ?? 'connection failed'}: ${error.message}`))));
    request.end(body);
  });
}

/** The reply kept on the outbox row: the status line, then the body; `lastStatus` reads it back. */
export function answerText(answer: WebhookAnswer): string {
  return `HTTP ${answer.status} ${answer.statusText}${answer.cut ? ` (body cut at ${RESPONSE_BODY_LIMIT / 1024} KB)` : ''}${answer.body ? `\n${answer.body}` : ''}`;
}

/** The HTTP status of a reply written by `answerText`, or null (a timeout, a refusal). */
export function lastStatus(response: string | null): number | null {
  const match = response === null ? null : /^HTTP (\d{3})\b/.exec(response);
  return match ? Number(match[1]) : null;
}

interface EndpointNow {
  url: string;
  active: boolean;
  secret: string;
  previous_secret: string | null;
  allow_private_targets: boolean;
}

/** The outbox handler of webhook messages. */
export function webhookHandler(db: Db, options: { timeoutMs: number }): OutboxHandler {
  return async (job) => {
    const message = job.payload as WebhookMessage;
    const [endpoint] = await queryRows<EndpointNow>(db, sql`
      SELECT e.url, e.active, e.secret, CASE WHEN e.previous_secret_until > now() THEN e.previous_secret END AS previous_secret, s.allow_private_targets
        FROM webhook_endpoints e CROSS JOIN webhook_settings s WHERE e.id = ${Number(message.endpointId)}`);
    if (!endpoint) throw new DeliveryError('the endpoint was deleted', true);
    if (!endpoint.active) throw new DeliveryError('the endpoint is disabled', true);
    const parsed = parseTarget(endpoint.url);
    if ('refusal' in parsed) throw new DeliveryError(`refused: ${parsed.refusal}`, true);
    const target = await resolveTarget(parsed.host, endpoint.allow_private_targets, options.timeoutMs);
    if ('refusal' in target) throw new DeliveryError(`refused: ${target.refusal}`, true);
    if ('unresolved' in target) throw new DeliveryError(`DNS: ${target.unresolved}`);

    const body = JSON.stringify({ type: message.type, timestamp: message.timestamp, data: message.data });
    const secrets = endpoint.previous_secret ? [endpoint.secret, endpoint.previous_secret] : [endpoint.secret];
    const headers = signedHeaders(secrets, message.id, Math.floor(Date.now() / 1000), body);
    const answer = await postWebhook(parsed.url, target, headers, body, options.timeoutMs);
    const response = answerText(answer);
    if (answer.status >= 200 && answer.status < 300) return { response };
    if (answer.status === 410) {
      // Gone: the receiver says it will never take messages again. Stop sending (an admin may re-enable it).
      await db.execute(sql`
        UPDATE webhook_endpoints SET active = false, disabled_reason = ${`HTTP 410 Gone on ${new Date().toISOString()}`}, updated_at = now()
         WHERE id = ${Number(message.endpointId)} AND active`);
      throw new DeliveryError(response, true);
    }
    throw new DeliveryError(response);
  };
}
