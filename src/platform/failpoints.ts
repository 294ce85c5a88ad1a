// Issue 10: failpoints. Named points in the code where a test can make the process die, to show
// that a crash at the worst moment loses nothing and bills nothing twice: the transaction rolls
// back (or committed with its stored answer), the invariants hold, and a retry with the same
// Idempotency-Key completes the work exactly once (test/failpoints.test.ts, docs/reliability.md).
//
// Armed only by DESKBILL_FAILPOINTS (a comma-separated list of names), which is for tests: the
// server says so loudly at start. Disarmed, a failpoint is one lookup in an empty set.

/** Every failpoint, where it is, in the order a request meets them. */
export const FAILPOINTS = {
  'invoice.after-insert': 'creating an invoice: the invoice row is written, before its lines and claims',
  'invoice.after-claim': 'creating an invoice: its lines claim their entries, before the transaction goes on',
  'invoice.after-number': 'posting: the number is taken from the series counter, before the commit',
  'outbox.after-claim': 'delivering from the outbox: a row is claimed (committed), before the mail or call goes out',
  'http.after-commit': 'a write request: its transaction committed, before the answer is sent',
} as const;

export type Failpoint = keyof typeof FAILPOINTS;

const armed = new Set<string>();

/** The failpoint names of a DESKBILL_FAILPOINTS value; an unknown name is a configuration error. */
export function parseFailpoints(value: string | undefined): Failpoint[] {
  const names = (value ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!(name in FAILPOINTS)) throw new Error(`DESKBILL_FAILPOINTS: unknown failpoint "${name}" (known: ${Object.keys(FAILPOINTS).join(', ')})`);
  }
  return names as Failpoint[];
}

/** Arms these failpoints in this process (the server's start, from the configuration). */
export function armFailpoints(names: readonly Failpoint[]): void {
  armed.clear();
  for (const name of names) armed.add(name);
}

/** Kills the process here, at once and without cleanup (SIGKILL), when this failpoint is armed. */
export function failpoint(name: Failpoint): void {
  if (armed.size === 0 || !armed.has(name)) return;
  process.stderr.write(`Failpoint ${name}: killing the process (${FAILPOINTS[name]})\n`);
  process.kill(process.pid, 'SIGKILL');
}
