// proto2 `[default = …]` values. ts-proto (noDefaultsForOptionals) leaves unset fields
// undefined so that presence survives and required fields equal to their default are still
// encoded; callers who want proto2 getter semantics read the defaults here.
import { enumInfo, type MessageType, messageInfo } from "./schema/registry.js";

const cache = new Map<string, Readonly<Record<string, unknown>>>();

/**
 * Field name -> default, as ts-proto represents the value (enums as numbers, 64-bit as
 * bigint), for every field of `type` with an explicit default, deprecated ones included
 * (`Resource.role` = "*"). Example: `defaults(v1.Filters).refuse_seconds === 5`.
 */
export function defaults(type: { readonly $type: string } | string): Readonly<Record<string, unknown>> {
  const name = typeof type === "string" ? type : type.$type;
  let table = cache.get(name);
  if (table) return table;
  const entries: [string, unknown][] = [];
  for (const f of messageInfo(name).fields) {
    if (f.default === undefined) continue;
    entries.push([f.name, f.kind === "enum" ? enumInfo(f.type!).byName.get(f.default as string) : f.default]);
  }
  table = Object.freeze(Object.fromEntries(entries));
  cache.set(name, table);
  return table;
}

/**
 * A shallow copy of `message` whose unset fields with a non-deprecated default hold that
 * default: the values Mesos itself writes for them. Nested messages are not touched.
 */
export function withDefaults<T>(type: MessageType<T>, message: T): T {
  const copy = { ...message } as Record<string, unknown>;
  for (const f of messageInfo(type.$type).fields) {
    if (f.default === undefined || f.deprecated || copy[f.name] !== undefined) continue;
    copy[f.name] = f.kind === "enum" ? enumInfo(f.type!).byName.get(f.default as string) : f.default;
  }
  return copy as T;
}
