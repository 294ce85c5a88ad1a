import { join } from 'node:path';
import { parseFailpoints, type Failpoint } from './failpoints.ts';

/** Runtime configuration, read once from the environment (see README "Configuration"). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  demo: boolean;
  adminEmail: string | null;
  adminPassword: string | null;
  logLevel: string;
  /** Idle timeout of a session, in minutes. */
  sessionIdleMinutes: number;
  /** Absolute lifetime of a session, in minutes. */
  sessionMaxMinutes: number;
  /** Serve the built web app from this folder when it exists. */
  webDir: string;
  /** Trust X-Forwarded-* headers (behind a reverse proxy): protocol and client address follow them. */
  trustProxy: boolean;
  /** Base URL of the app in links sent to people (invitations, password resets). */
  publicUrl: string;
  /** Folder where outgoing mail is written as .eml files when no SMTP server is set. */
  outboxDir: string;
  /** SMTP server for outgoing mail (smtp://user:password@host:587, smtps://…); null: .eml files in outboxDir. */
  smtpUrl: string | null;
  /** The From of outgoing mail; by default no-reply at the public URL's host. */
  mailFrom: string;
  /** Run the outbox worker in this process (mail, webhooks). Off: this instance only queues. */
  outboxWorker: boolean;
  /** Attempts of one outbox delivery before it is failed. */
  outboxMaxAttempts: number;
  /** Seconds before the first retry of a failed delivery; each next retry waits twice as long (at most an hour). */
  outboxRetrySeconds: number;
  /** Seconds a worker holds a claimed delivery: after that (the worker died), another may take it. */
  outboxLeaseSeconds: number;
  /** Milliseconds between the worker's looks for due deliveries. */
  outboxPollMs: number;
  /** Milliseconds a webhook delivery may take, connecting and reading the answer (10 s; shorter in tests). */
  webhookTimeoutMs: number;
  /** Days an invitation or password-reset link stays valid. */
  linkValidityDays: number;
  /** A draft invoice older than this many hours is reported as stranded (its claims hold its entries). */
  strandedDraftHours: number;
  /** Login throttling: failed sign-ins counted over this sliding window, in seconds. */
  loginWindowSeconds: number;
  /** Failed sign-ins allowed per account (email) in the window; more get 429. */
  loginMaxFailuresPerAccount: number;
  /** Failed sign-ins allowed per client address in the window; more get 429. */
  loginMaxFailuresPerAddress: number;
  /** Rate limit of the API: requests counted per fixed window of this many seconds. */
  rateLimitWindowSeconds: number;
  /** API requests per signed-in user (session or token) in a window; more get 429. 0: no limit. */
  rateLimitPerUser: number;
  /** API requests per client address without a signed-in user in a window; more get 429. 0: no limit. */
  rateLimitPerAddress: number;
  /** Seconds a client has to send a whole request, headers and body (slow uploads are cut: 408). 0: none. */
  requestTimeoutSeconds: number;
  /** Seconds a client has to send a request's headers (a slow drip of headers is cut: 408). 0: none. */
  headersTimeoutSeconds: number;
  /** Seconds an idle keep-alive connection stays open; above a load balancer's idle timeout. */
  keepAliveTimeoutSeconds: number;
  /** PostgreSQL only: a statement running longer is cancelled (503 STATEMENT_TIMEOUT). 0: none. */
  statementTimeoutSeconds: number;
  /** PostgreSQL only: a session idle this long inside a transaction is ended by the server. 0: none. */
  idleInTransactionTimeoutSeconds: number;
  /** On SIGTERM/SIGINT, requests in flight get this many seconds to finish before their connections are cut. */
  shutdownDeadlineSeconds: number;
  /** At start, how long to wait for a PostgreSQL server that cannot be reached yet. */
  databaseWaitSeconds: number;
  /** Failpoints armed in this process (DESKBILL_FAILPOINTS, tests only: they kill the process). */
  failpoints: Failpoint[];
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number, got "${value}"`);
  return Number(value);
}

function positive(value: number, name: string): number {
  if (value === 0) throw new Error(`${name} must be at least 1`);
  return value;
}

/** DESKBILL_SMTP_URL, checked at start: a typo must not wait for the first mail to show. */
function smtpUrlFrom(value: string | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('DESKBILL_SMTP_URL must be a URL such as smtp://user:password@mail.example:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`DESKBILL_SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  return value;
}

/** Reads the configuration from `env` (defaults make `npm start` work with nothing set). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intFrom(env.PORT, 3000, 'PORT');
  const dataDir = env.DATA_DIR || './data';
  const publicUrl = (env.DESKBILL_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  const requestTimeoutSeconds = intFrom(env.DESKBILL_REQUEST_TIMEOUT_SECONDS, 30, 'DESKBILL_REQUEST_TIMEOUT_SECONDS');
  const headersTimeoutSeconds = intFrom(env.DESKBILL_HEADERS_TIMEOUT_SECONDS, 10, 'DESKBILL_HEADERS_TIMEOUT_SECONDS');
  // Node.js refuses a headers timeout longer than the request timeout (the headers are part of the request).
  if (requestTimeoutSeconds > 0 && headersTimeoutSeconds > requestTimeoutSeconds) {
    throw new Error(`DESKBILL_HEADERS_TIMEOUT_SECONDS (${headersTimeoutSeconds}) must not exceed DESKBILL_REQUEST_TIMEOUT_SECONDS (${requestTimeoutSeconds})`);
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || null,
    demo: env.DESKBILL_DEMO !== '0' && env.DESKBILL_DEMO !== 'false',
    adminEmail: env.DESKBILL_ADMIN_EMAIL || null,
    adminPassword: env.DESKBILL_ADMIN_PASSWORD || null,
    logLevel: env.LOG_LEVEL || 'info',
    sessionIdleMinutes: intFrom(env.DESKBILL_SESSION_IDLE_MINUTES, 8 * 60, 'DESKBILL_SESSION_IDLE_MINUTES'),
    sessionMaxMinutes: intFrom(env.DESKBILL_SESSION_MAX_MINUTES, 7 * 24 * 60, 'DESKBILL_SESSION_MAX_MINUTES'),
    webDir: env.DESKBILL_WEB_DIR || './web/dist',
    trustProxy: env.DESKBILL_TRUST_PROXY === '1' || env.DESKBILL_TRUST_PROXY === 'true',
    publicUrl,
    outboxDir: env.DESKBILL_OUTBOX_DIR || join(dataDir, 'outbox'),
    smtpUrl: smtpUrlFrom(env.DESKBILL_SMTP_URL),
    mailFrom: env.DESKBILL_MAIL_FROM || `Deskbill <no-reply@${new URL(publicUrl).hostname}>`,
    outboxWorker: env.DESKBILL_OUTBOX_WORKER !== '0' && env.DESKBILL_OUTBOX_WORKER !== 'false',
    outboxMaxAttempts: positive(intFrom(env.DESKBILL_OUTBOX_MAX_ATTEMPTS, 8, 'DESKBILL_OUTBOX_MAX_ATTEMPTS'), 'DESKBILL_OUTBOX_MAX_ATTEMPTS'),
    outboxRetrySeconds: intFrom(env.DESKBILL_OUTBOX_RETRY_SECONDS, 30, 'DESKBILL_OUTBOX_RETRY_SECONDS'),
    outboxLeaseSeconds: Math.max(10, intFrom(env.DESKBILL_OUTBOX_LEASE_SECONDS, 120, 'DESKBILL_OUTBOX_LEASE_SECONDS')),
    outboxPollMs: 1000,
    webhookTimeoutMs: 10_000,
    linkValidityDays: intFrom(env.DESKBILL_LINK_VALIDITY_DAYS, 7, 'DESKBILL_LINK_VALIDITY_DAYS'),
    strandedDraftHours: intFrom(env.DESKBILL_STRANDED_DRAFT_HOURS, 24, 'DESKBILL_STRANDED_DRAFT_HOURS'),
    loginWindowSeconds: intFrom(env.DESKBILL_LOGIN_WINDOW_SECONDS, 300, 'DESKBILL_LOGIN_WINDOW_SECONDS'),
    loginMaxFailuresPerAccount: intFrom(env.DESKBILL_LOGIN_MAX_FAILURES_ACCOUNT, 10, 'DESKBILL_LOGIN_MAX_FAILURES_ACCOUNT'),
    loginMaxFailuresPerAddress: intFrom(env.DESKBILL_LOGIN_MAX_FAILURES_ADDRESS, 50, 'DESKBILL_LOGIN_MAX_FAILURES_ADDRESS'),
    rateLimitWindowSeconds: positive(intFrom(env.DESKBILL_RATE_LIMIT_WINDOW_SECONDS, 60, 'DESKBILL_RATE_LIMIT_WINDOW_SECONDS'), 'DESKBILL_RATE_LIMIT_WINDOW_SECONDS'),
    rateLimitPerUser: intFrom(env.DESKBILL_RATE_LIMIT_PER_USER, 20_000, 'DESKBILL_RATE_LIMIT_PER_USER'),
    rateLimitPerAddress: intFrom(env.DESKBILL_RATE_LIMIT_PER_ADDRESS, 40_000, 'DESKBILL_RATE_LIMIT_PER_ADDRESS'),
    requestTimeoutSeconds,
    headersTimeoutSeconds,
    keepAliveTimeoutSeconds: positive(intFrom(env.DESKBILL_KEEP_ALIVE_TIMEOUT_SECONDS, 72, 'DESKBILL_KEEP_ALIVE_TIMEOUT_SECONDS'), 'DESKBILL_KEEP_ALIVE_TIMEOUT_SECONDS'),
    statementTimeoutSeconds: intFrom(env.DESKBILL_STATEMENT_TIMEOUT_SECONDS, 30, 'DESKBILL_STATEMENT_TIMEOUT_SECONDS'),
    idleInTransactionTimeoutSeconds: intFrom(env.DESKBILL_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS, 60, 'DESKBILL_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS'),
    shutdownDeadlineSeconds: intFrom(env.DESKBILL_SHUTDOWN_DEADLINE_SECONDS, 25, 'DESKBILL_SHUTDOWN_DEADLINE_SECONDS'),
    databaseWaitSeconds: intFrom(env.DESKBILL_DATABASE_WAIT_SECONDS, 30, 'DESKBILL_DATABASE_WAIT_SECONDS'),
    failpoints: parseFailpoints(env.DESKBILL_FAILPOINTS),
  };
}
