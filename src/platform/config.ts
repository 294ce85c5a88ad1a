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
  /** Folder where outgoing mail is written as .eml files. */
  outboxDir: string;
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
  /** Failpoints armed in this process (DESKBILL_FAILPOINTS, tests only: they kill the process). */
  failpoints: Failpoint[];
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/** Reads the configuration from `env` (defaults make `npm start` work with nothing set). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intFrom(env.PORT, 3000, 'PORT');
  const dataDir = env.DATA_DIR || './data';
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
    publicUrl: (env.DESKBILL_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    outboxDir: env.DESKBILL_OUTBOX_DIR || join(dataDir, 'outbox'),
    linkValidityDays: intFrom(env.DESKBILL_LINK_VALIDITY_DAYS, 7, 'DESKBILL_LINK_VALIDITY_DAYS'),
    strandedDraftHours: intFrom(env.DESKBILL_STRANDED_DRAFT_HOURS, 24, 'DESKBILL_STRANDED_DRAFT_HOURS'),
    loginWindowSeconds: intFrom(env.DESKBILL_LOGIN_WINDOW_SECONDS, 300, 'DESKBILL_LOGIN_WINDOW_SECONDS'),
    loginMaxFailuresPerAccount: intFrom(env.DESKBILL_LOGIN_MAX_FAILURES_ACCOUNT, 10, 'DESKBILL_LOGIN_MAX_FAILURES_ACCOUNT'),
    loginMaxFailuresPerAddress: intFrom(env.DESKBILL_LOGIN_MAX_FAILURES_ADDRESS, 50, 'DESKBILL_LOGIN_MAX_FAILURES_ADDRESS'),
    failpoints: parseFailpoints(env.DESKBILL_FAILPOINTS),
  };
}
