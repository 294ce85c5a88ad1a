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
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/** Reads the configuration from `env` (defaults make `npm start` work with nothing set). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env.PORT, 3000, 'PORT'),
    host: env.HOST || '127.0.0.1',
    dataDir: env.DATA_DIR || './data',
    databaseUrl: env.DATABASE_URL || null,
    demo: env.DESKBILL_DEMO !== '0' && env.DESKBILL_DEMO !== 'false',
    adminEmail: env.DESKBILL_ADMIN_EMAIL || null,
    adminPassword: env.DESKBILL_ADMIN_PASSWORD || null,
    logLevel: env.LOG_LEVEL || 'info',
    sessionIdleMinutes: intFrom(env.DESKBILL_SESSION_IDLE_MINUTES, 8 * 60, 'DESKBILL_SESSION_IDLE_MINUTES'),
    sessionMaxMinutes: intFrom(env.DESKBILL_SESSION_MAX_MINUTES, 7 * 24 * 60, 'DESKBILL_SESSION_MAX_MINUTES'),
    webDir: env.DESKBILL_WEB_DIR || './web/dist',
  };
}
