// The upstream Mesos schema that proto/ is checked against, named by MESOS_SCHEMA (read by
// tools/proto/mesos-schema.mjs, which the proto writer shares). Our own checkouts keep a copy
// beside the repository, used when the variable is unset; CI names it explicitly.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  type Descriptor,
  type DescriptorEnum,
  type DescriptorField,
  type DescriptorMessage,
  descriptorFromBinpb,
  readSchema,
  SCHEMA_ENV,
} from "../../../../tools/proto/mesos-schema.mjs";
import { repoRoot } from "./paths.js";

export { SCHEMA_ENV };
export type Facts = Descriptor;
export type FactField = DescriptorField;
export type FactMessage = DescriptorMessage;
export type FactEnum = DescriptorEnum;

/** Only for our own checkouts: the maintainers' copy of the schema, beside the repository. */
const maintainersCopy = resolve(repoRoot, "..", "shared", "mesos-spec");

export type SchemaReference =
  | { found: true; binpb: string; facts: Facts; descriptorJson?: string }
  | { found: false; problem?: string };

let scratch: string | undefined;
function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), "mesos-schema-"));
  return scratch;
}
/** Removes what reading the reference wrote (buf images). */
export function disposeSchemaScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

function read(path: string): SchemaReference {
  const { binpb, descriptor, descriptorJson } = readSchema(path, mkdtempSync(join(scratchDir(), "s-")));
  return { found: true, binpb, facts: descriptor, ...(descriptorJson ? { descriptorJson } : {}) };
}

/** MESOS_SCHEMA, else the maintainers' copy when present, else nothing. */
export function findSchemaReference(env: NodeJS.ProcessEnv = process.env): SchemaReference {
  const named = env[SCHEMA_ENV];
  if (!named) return existsSync(maintainersCopy) ? read(maintainersCopy) : { found: false };
  if (!existsSync(named)) return { found: false, problem: `${SCHEMA_ENV}=${named} does not exist` };
  try {
    return read(resolve(named));
  } catch (e) {
    return { found: false, problem: `${SCHEMA_ENV}=${named}: ${(e as Error).message}` };
  }
}

/** Facts from a FileDescriptorSet. */
export function factsFromBinpb(binpb: string): Facts {
  return descriptorFromBinpb(binpb, mkdtempSync(join(scratchDir(), "b-")));
}
