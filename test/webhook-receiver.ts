// A real HTTP receiver in the test process, for webhook deliveries (R64): it records every request
// (path, headers, raw body) and answers as told per path: a status, a body, an endless body, or
// no answer at all.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How to answer: a status (and body), `endless` (200 with a body that never ends), `silent` (never answers). */
export type Answer = { status: number; body?: string } | 'endless' | 'silent';

export interface TestReceiver {
  /** http://127.0.0.1:<port> */
  url: string;
  received: ReceivedHook[];
  /** The next answers for a path, in order; after them, 200. */
  answer(path: string, ...answers: Answer[]): void;
  /** What a path received. */
  at(path: string): ReceivedHook[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<TestReceiver> {
  const received: ReceivedHook[] = [];
  const plans = new Map<string, Answer[]>();
  const open = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = plans.get(path)?.shift() ?? { status: 200, body: 'ok' };
      if (answer === 'silent') {
        open.add(response);
        return;
      }
      if (answer === 'endless') {
        open.add(response);
        response.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(16 * 1024, 'x');
        const pump = () => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once('drain', pump);
        };
        response.on('close', () => open.delete(response));
        pump();
        return;
      }
      response.writeHead(answer.status, { 'content-type': 'text/plain' });
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer: (path, ...answers) => plans.set(path, answers),
    at: (path) => received.filter((r) => r.path === path),
    async close() {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
