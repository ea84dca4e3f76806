import { constants } from "node:buffer";

/** Default cap on one record's payload: 64 MiB. Operator SUBSCRIBED carries the whole cluster state. */
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** 20 digits hold every uint64 (2^64 - 1 has 20); anything longer is hostile or broken. */
export const MAX_LENGTH_DIGITS = 20;

/** Largest value a length may have at all: RecordIO lengths are unsigned 64-bit. */
export const MAX_UINT64 = 2n ** 64n - 1n;

/**
 * Validates `maxRecordBytes`. The upper bound is what one Uint8Array can hold on this Node,
 * so a record that passes the check can always be allocated.
 */
export function checkMaxRecordBytes(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_RECORD_BYTES;
  if (!Number.isSafeInteger(value) || value < 0 || value > constants.MAX_LENGTH) {
    throw new RangeError(
      `maxRecordBytes must be an integer between 0 and ${constants.MAX_LENGTH}, got ${String(value)}`,
    );
  }
  return value;
}
