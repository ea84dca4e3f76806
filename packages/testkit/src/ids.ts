/**
 * Deterministic ids: every random value the simulator makes (master ids, stream ids, status
 * uuids, offer ids) comes from one seeded generator, so a test run with the same seed and the
 * same call order sees the same ids.
 */
export class SeededIds {
  #state: number;

  constructor(seed = 1) {
    this.#state = seed >>> 0 || 0x9e3779b9;
  }

  /** mulberry32: small, fast, good enough for ids. */
  next32(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** 16 random bytes shaped as a version-4 UUID. */
  uuidBytes(): Buffer {
    const b = Buffer.alloc(16);
    for (let i = 0; i < 16; i += 4) b.writeUInt32BE(this.next32(), i);
    b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
    return b;
  }

  /** Canonical 36-character lowercase text form. */
  uuid(): string {
    return uuidToString(this.uuidBytes());
  }
}

export function uuidToString(b: Uint8Array): string {
  const h = Buffer.from(b).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * What Mesos' `UUID::fromBytes` accepts (stout/uuid.hpp, boost::uuids): exactly 16 bytes whose
 * version nibble (high half of byte 6) is 1-5; anything else is "Not a valid UUID".
 */
export function isUuidBytes(b: Uint8Array | undefined): boolean {
  if (b === undefined || b.length !== 16) return false;
  const version = (b[6] ?? 0) >> 4;
  return version >= 1 && version <= 5;
}
