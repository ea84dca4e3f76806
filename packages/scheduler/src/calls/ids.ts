import { InvalidArgumentError } from "../errors.js";

/** An id given as its string value or as the wire message (`{ value }`). */
export type IdLike = string | { value?: string | undefined };

/** `IdLike` → `{ value }`; rejects empty ids (Mesos would answer 400). */
export function toId(id: IdLike, what: string): { value: string } {
  const value = typeof id === "string" ? id : id.value;
  if (value === undefined || value === "") throw new InvalidArgumentError(`${what} must be a non-empty id`);
  return { value };
}

export function toIds(ids: readonly IdLike[], what: string): Array<{ value: string }> {
  return ids.map((id) => toId(id, what));
}

/** Bytes for `bytes` fields (ts-proto types them as Buffer). */
export function toBytes(data: Uint8Array | string): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
