/**
 * `MasterInfo.ip` is an IPv4 `s_addr` (network byte order) read as a little-endian host integer:
 * `a.b.c.d` is `a + b*2^8 + c*2^16 + d*2^24` (127.0.0.1 is 16777343), `include/mesos/v1/mesos.proto`.
 */
export function unpackIp(ip: number): string {
  const n = ip >>> 0;
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join(".");
}

/** The inverse of `unpackIp`; undefined when `text` is not dotted IPv4. */
export function packIp(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  const [a, b, c, d] = parts as [number, number, number, number];
  return (a + b * 2 ** 8 + c * 2 ** 16 + d * 2 ** 24) >>> 0;
}
