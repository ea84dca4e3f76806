// proto2 `required` fields: Mesos refuses a message (binary or JSON) that lacks one, and
// ts-proto does not check them, so this walk does. Cheap: it follows only present fields.
import { type FieldInfo, type MessageInfo, messageInfo } from "./registry.js";

/** Paths of missing required fields in `message` (empty when complete), e.g. `subscribe.framework_info.user`. */
export function findMissingRequired(type: { readonly $type: string }, message: unknown): string[] {
  const info = messageInfo(type.$type);
  if (isComplete(info, message, 0)) return []; // the common case, without building paths
  const missing: string[] = [];
  walk(info, message, "", missing, 0);
  return missing;
}

function isComplete(info: MessageInfo, msg: unknown, depth: number): boolean {
  if (typeof msg !== "object" || msg === null || depth > 200) return true;
  const record = msg as Record<string, unknown>;
  for (const field of info.fields) {
    const v = field.oneof === undefined ? record[field.name] : fieldValue(field, record);
    if (v === undefined || v === null) {
      if (field.label === "required") return false;
      continue;
    }
    if (field.kind === "message") {
      const child = messageInfo(field.type!);
      if (field.label !== "repeated") {
        if (!isComplete(child, v, depth + 1)) return false;
      } else if (Array.isArray(v)) {
        for (const m of v) if (!isComplete(child, m, depth + 1)) return false;
      }
    } else if (field.kind === "map" && field.value === "message") {
      const child = messageInfo(field.type!);
      for (const m of Object.values(v as object)) if (!isComplete(child, m, depth + 1)) return false;
    }
  }
  return true;
}

function walk(info: MessageInfo, msg: unknown, path: string, missing: string[], depth: number): void {
  if (typeof msg !== "object" || msg === null || depth > 200) return;
  const record = msg as Record<string, unknown>;
  for (const field of info.fields) {
    const v = fieldValue(field, record);
    if (v === undefined || v === null) {
      if (field.label === "required") missing.push(path + field.name);
      continue;
    }
    if (field.kind === "message") {
      const child = messageInfo(field.type!);
      if (field.label !== "repeated") walk(child, v, `${path}${field.name}.`, missing, depth + 1);
      else if (Array.isArray(v))
        v.forEach((m, i) => {
          walk(child, m, `${path}${field.name}[${i}].`, missing, depth + 1);
        });
    } else if (field.kind === "map" && field.value === "message") {
      const child = messageInfo(field.type!);
      for (const [k, m] of Object.entries(v as object)) {
        walk(child, m, `${path}${field.name}[${JSON.stringify(k)}].`, missing, depth + 1);
      }
    }
  }
}

function fieldValue(field: FieldInfo, record: Record<string, unknown>): unknown {
  if (field.oneof === undefined) return record[field.name];
  const union = record[field.oneof] as Record<string, unknown> | undefined | null;
  return union?.$case === field.name ? union[field.name] : undefined;
}
