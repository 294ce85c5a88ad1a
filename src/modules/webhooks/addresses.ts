// R64, decision 0028: where a webhook may go (SSRF). An address is public, or falls in a class
// that is refused: `private` classes (loopback, private networks, CGNAT, link-local, unique-local)
// are allowed only when the admin setting allows private targets; the `never` classes
// (unspecified, multicast, reserved and documentation ranges, cloud metadata) are always refused.
// IPv4-mapped, IPv4-compatible, NAT64 and 6to4 IPv6 addresses are judged by the IPv4 they carry.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export type AddressClass = 'public' | 'loopback' | 'private' | 'cgnat' | 'link-local' | 'unique-local' | 'unspecified' | 'multicast' | 'reserved' | 'metadata';

/** The classes allowed only when private targets are allowed; the others but `public` never are. */
const PRIVATE_CLASSES: ReadonlySet<AddressClass> = new Set(['loopback', 'private', 'cgnat', 'link-local', 'unique-local']);

/** An IPv4 range: first address as a number, prefix length, class. */
type V4Range = [string, number, AddressClass];
// Most specific first: the metadata addresses sit inside link-local and CGNAT.
const V4_RANGES: V4Range[] = [
  ['169.254.169.254', 32, 'metadata'],
  ['100.100.100.200', 32, 'metadata'],
  ['0.0.0.0', 8, 'unspecified'],
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['169.254.0.0', 16, 'link-local'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const v4Number = (address: string): number => address.split('.').reduce((n, part) => n * 256 + Number(part), 0);

function classifyV4(value: number): AddressClass {
  for (const [first, bits, kind] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    const start = v4Number(first);
    if (value >= start && value < start + size) return kind;
  }
  return 'public';
}

/** The eight 16-bit groups of a valid IPv6 address (zone id dropped, a trailing dotted IPv4 converted). */
function v6Groups(address: string): number[] {
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = v4Number(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') as [string, string] : [text, null];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === null ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => parseInt(g, 16));
}

function classifyV6(g: number[]): AddressClass {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const v4At = (i: number) => g[i]! * 65536 + g[i + 1]!;
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && g[7] === 1) return 'loopback';
  if (zeros(0, 5) && g[5] === 0xffff) return classifyV4(v4At(6)); // ::ffff:a.b.c.d, IPv4-mapped
  if (zeros(0, 6)) return classifyV4(v4At(6)); // ::a.b.c.d, IPv4-compatible (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return classifyV4(v4At(6)); // NAT64 well-known prefix
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'private'; // local-use NAT64
  if (g[0] === 0x2002) return classifyV4(v4At(1)); // 6to4
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && zeros(2, 7) && g[7] === 0x254) return 'metadata'; // AWS IMDS over IPv6
  if ((g[0]! & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0]! & 0xffc0) === 0xfec0) return 'private'; // site-local (deprecated)
  if ((g[0]! & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved'; // documentation
  if (g[0] === 0x2001 && g[1] === 0) return 'reserved'; // Teredo: carries an obfuscated IPv4
  if (g[0] === 0x0100 && zeros(1, 4)) return 'reserved'; // discard-only
  return 'public';
}

/** The class of an IP address (IPv4 or IPv6, brackets allowed); null when it is not one. */
export function addressClass(address: string): AddressClass | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const version = isIP(bare.split('%')[0]!);
  if (version === 4) return classifyV4(v4Number(bare));
  if (version === 6) return classifyV6(v6Groups(bare));
  return null;
}

/** Why a target address is refused (`"127.0.0.1 is loopback"`), or null when it may be called. */
export function addressRefusal(address: string, allowPrivate: boolean): string | null {
  const kind = addressClass(address);
  if (kind === null) return `${address} is not an IP address`;
  if (kind === 'public' || (allowPrivate && PRIVATE_CLASSES.has(kind))) return null;
  const why = PRIVATE_CLASSES.has(kind) ? ' (private targets are not allowed in the webhook settings)' : ' (never allowed)';
  return `${address} is ${kind === 'unspecified' ? 'an unspecified' : kind === 'metadata' ? 'a cloud metadata' : kind} address${why}`;
}

/** A URL's parts a webhook needs, or why it is refused as a URL (only http and https, no credentials). */
export function parseTarget(url: string): { url: URL; host: string } | { refusal: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { refusal: 'Not a URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { refusal: 'Only http:// and https:// URLs' };
  if (parsed.username || parsed.password) return { refusal: 'No user name or password in the URL' };
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  return { url: parsed, host };
}

export interface ResolvedTarget {
  address: string;
  family: 4 | 6;
}

/** Host names that are loopback whatever DNS says (RFC 6761). */
const isLocalhostName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/**
 * Resolves a host to the address to connect to, checking every address it has: refused (`refusal`)
 * when any is not allowed, so that a name with one private address cannot be used to reach it.
 * `unresolved` when DNS does not answer (a failure to retry, not a refusal).
 */
export async function resolveTarget(host: string, allowPrivate: boolean, timeoutMs: number): Promise<ResolvedTarget | { refusal: string } | { unresolved: string }> {
  if (isIP(host)) {
    const refusal = addressRefusal(host, allowPrivate);
    return refusal ? { refusal } : { address: host, family: isIP(host) as 4 | 6 };
  }
  if (isLocalhostName(host.toLowerCase())) {
    return allowPrivate ? { address: '127.0.0.1', family: 4 } : { refusal: `${host} is loopback (private targets are not allowed in the webhook settings)` };
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const addresses = await Promise.race([
      lookup(host, { all: true, verbatim: true }),
      new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`no DNS answer within ${timeoutMs} ms`)), timeoutMs); }),
    ]);
    if (addresses.length === 0) return { unresolved: `${host} has no address` };
    for (const { address } of addresses) {
      const refusal = addressRefusal(address, allowPrivate);
      if (refusal) return { refusal: `${host} resolves to ${refusal}` };
    }
    return { address: addresses[0]!.address, family: addresses[0]!.family as 4 | 6 };
  } catch (error) {
    return { unresolved: `${host}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}
