// HTTP/1.1 over a raw TCP socket, for the tests that need what an HTTP client hides: a request
// sent in pieces (a slow drip of headers, a body finished later), the answers on one kept-alive
// connection, and how the server ended the connection (a clean close or a reset).
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawConnection {
  socket: net.Socket;
  write(text: string): void;
  /** The next complete answer on this connection (answers carry Content-Length); rejects after `timeoutMs` or when the connection ends first. */
  nextResponse(timeoutMs?: number): Promise<RawResponse>;
  /** Resolves when the connection is gone: `reset` when it ended with an error (ECONNRESET, EPIPE) rather than a clean close. */
  ended: Promise<{ reset: boolean; error: string | null }>;
  isEnded(): boolean;
}

function parseOne(buffer: Buffer): { response: RawResponse; rest: Buffer } | null {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine = '', ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  if (buffer.length < end + 4 + length) return null;
  const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
  return { response: { status: Number(statusLine.split(' ')[1]), headers, body }, rest: buffer.subarray(end + 4 + length) };
}

/** Opens a TCP connection to 127.0.0.1:`port`. */
export async function connect(port: number): Promise<RawConnection> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buffer: Buffer = Buffer.alloc(0);
  let error: string | null = null;
  let done = false;
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    wake();
  });
  socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
  const ended = new Promise<{ reset: boolean; error: string | null }>((resolve) =>
    socket.once('close', () => {
      done = true;
      wake();
      resolve({ reset: error !== null, error });
    }),
  );
  return {
    socket,
    write: (text) => socket.write(text),
    ended,
    isEnded: () => done,
    nextResponse(timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms; received ${JSON.stringify(buffer.toString('latin1').slice(0, 200))}`)), timeoutMs);
        const finish = (failure: Error | null, response?: RawResponse) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (failure) reject(failure);
          else resolve(response!);
        };
        const check = () => {
          const parsed = parseOne(buffer);
          if (parsed) {
            buffer = parsed.rest;
            return finish(null, parsed.response);
          }
          if (done) finish(new Error(`the connection ended before an answer${error ? ` (${error})` : ''}`));
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** The head of a request: `head('GET', '/api/v1/health', {authorization: …})`, without the final blank line when `open`. */
export function head(method: string, path: string, headers: Record<string, string | number> = {}, open = false): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n${open ? '' : '\r\n'}`;
}
