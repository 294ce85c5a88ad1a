// What a bench script must undo (servers, databases, clusters, folders), run once, last registered
// first, on success, failure or Ctrl-C.

const cleanups: Array<() => Promise<void>> = [];
let cleaning: Promise<void> | null = null;

/** Registers `fn` to run at cleanup, before everything registered earlier. */
export function onCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn);
}

/** Runs the registered cleanups, last first; a failing one is reported and the others still run. */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (let fn = cleanups.pop(); fn; fn = cleanups.pop()) {
      try {
        await fn();
      } catch (error) {
        console.error(`cleanup: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}
