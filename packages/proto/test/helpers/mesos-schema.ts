// The upstream Mesos schema that proto/ is checked against. It is not part of this repository:
// whoever runs the check names it with MESOS_SCHEMA, either
//   - a Mesos source checkout's include/ directory (its mesos/v1/**/*.proto are the reference),
//   - a FileDescriptorSet of those files (`buf build <mesos>/include --path <mesos>/include/mesos/v1
//     -o mesos-v1.binpb`), or a directory holding one as mesos-v1.binpb (with, optionally, the
//     same schema as mesos-v1-descriptor.json beside it).
// Our own checkouts keep such a directory beside the repository; CI names it explicitly.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { bufBin, repoRoot } from "./paths.js";

export const SCHEMA_ENV = "MESOS_SCHEMA";
/** Only for our own checkouts: the maintainers' copy of the schema, beside the repository. */
const maintainersCopy = resolve(repoRoot, "..", "shared", "mesos-spec");

export interface FactField {
  name: string;
  number: number;
  label: "optional" | "required" | "repeated";
  type: string;
  type_name?: string;
  default_value?: string;
  oneof_index?: number;
  options?: { deprecated?: boolean; packed?: boolean };
}
export interface FactMessage {
  full_name: string;
  fields: FactField[];
  oneofs?: string[];
  options?: { map_entry?: boolean };
}
export interface FactEnum {
  full_name: string;
  values: { name: string; number: number; options?: { deprecated?: boolean } }[];
}
/** The schema as plain data: every message (nested ones flattened) and enum, per file. */
export interface Facts {
  files: { name: string; package: string; messages: FactMessage[]; enums: FactEnum[] }[];
}

export type SchemaReference =
  | {
      found: true;
      /** What was named, for messages. */
      source: string;
      /** A FileDescriptorSet `buf breaking` can read. */
      binpb: string;
      facts: Facts;
      /** mesos-v1-descriptor.json when one came with the reference (facts were read from it). */
      descriptorJson?: string;
    }
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

function buf(args: string[]): void {
  const r = spawnSync(bufBin, args, { cwd: repoRoot, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`buf ${args.join(" ")}: ${r.stderr || r.error?.message}`);
}

/** MESOS_SCHEMA, else the maintainers' copy when present, else nothing. */
export function findSchemaReference(env: NodeJS.ProcessEnv = process.env): SchemaReference {
  const named = env[SCHEMA_ENV];
  if (!named) return existsSync(maintainersCopy) ? readReference(maintainersCopy) : { found: false };
  if (!existsSync(named)) return { found: false, problem: `${SCHEMA_ENV}=${named} does not exist` };
  try {
    return readReference(resolve(named));
  } catch (e) {
    return { found: false, problem: `${SCHEMA_ENV}=${named}: ${(e as Error).message}` };
  }
}

function readReference(path: string): SchemaReference {
  const dir = statSync(path).isDirectory() ? path : dirname(path);
  if (statSync(path).isDirectory() && existsSync(join(path, "mesos", "v1", "mesos.proto"))) {
    const binpb = join(scratchDir(), "mesos-v1.binpb");
    buf(["build", path, "--path", join(path, "mesos", "v1"), "--exclude-source-info", "-o", binpb]);
    return { found: true, source: path, binpb, facts: factsFromBinpb(binpb) };
  }
  const binpb = path.endsWith(".binpb") ? path : join(dir, "mesos-v1.binpb");
  if (!existsSync(binpb))
    throw new Error("not a Mesos include/ directory (no mesos/v1/mesos.proto) and no mesos-v1.binpb");
  const descriptorJson = join(dir, "mesos-v1-descriptor.json");
  if (path.endsWith(".binpb") || !existsSync(descriptorJson))
    return { found: true, source: path, binpb, facts: factsFromBinpb(binpb) };
  const facts = JSON.parse(readFileSync(descriptorJson, "utf8")) as Facts;
  return { found: true, source: path, binpb, facts, descriptorJson };
}

// A FileDescriptorSet as buf writes it in JSON (protobuf's JSON mapping of descriptor.proto).
interface ImageField {
  name: string;
  number: number;
  label: string;
  type: string;
  typeName?: string;
  defaultValue?: string;
  oneofIndex?: number;
  options?: { deprecated?: boolean; packed?: boolean };
}
interface ImageMessage {
  name: string;
  field?: ImageField[];
  nestedType?: ImageMessage[];
  enumType?: ImageEnum[];
  oneofDecl?: { name: string }[];
  options?: { mapEntry?: boolean };
}
interface ImageEnum {
  name: string;
  value: { name: string; number: number; options?: { deprecated?: boolean } }[];
}
interface Image {
  file: { name: string; package: string; messageType?: ImageMessage[]; enumType?: ImageEnum[] }[];
}

/** Facts from a FileDescriptorSet: buf turns it into JSON, nested types are flattened. */
export function factsFromBinpb(binpb: string): Facts {
  const json = join(scratchDir(), "image.json");
  buf(["build", binpb, "-o", json]);
  return factsFromImage(JSON.parse(readFileSync(json, "utf8")) as Image);
}

const lower = (prefix: string, v: string) => v.slice(prefix.length).toLowerCase();

function factEnum(e: ImageEnum, scope: string): FactEnum {
  return {
    full_name: `${scope}.${e.name}`,
    values: e.value.map((v) => ({
      name: v.name,
      number: v.number,
      ...(v.options?.deprecated ? { options: { deprecated: true } } : {}),
    })),
  };
}

function factField(f: ImageField): FactField {
  const options = { ...(f.options?.deprecated ? { deprecated: true } : {}) };
  if (f.options?.packed !== undefined) Object.assign(options, { packed: f.options.packed });
  return {
    name: f.name,
    number: f.number,
    label: lower("LABEL_", f.label) as FactField["label"],
    type: lower("TYPE_", f.type),
    ...(f.typeName === undefined ? {} : { type_name: f.typeName }),
    ...(f.defaultValue === undefined ? {} : { default_value: f.defaultValue }),
    ...(f.oneofIndex === undefined ? {} : { oneof_index: f.oneofIndex }),
    ...(Object.keys(options).length ? { options } : {}),
  };
}

function flatten(m: ImageMessage, scope: string, out: { messages: FactMessage[]; enums: FactEnum[] }) {
  const full = `${scope}.${m.name}`;
  out.messages.push({
    full_name: full,
    fields: (m.field ?? []).map(factField),
    ...(m.oneofDecl?.length ? { oneofs: m.oneofDecl.map((o) => o.name) } : {}),
    ...(m.options?.mapEntry ? { options: { map_entry: true } } : {}),
  });
  for (const e of m.enumType ?? []) out.enums.push(factEnum(e, full));
  for (const nested of m.nestedType ?? []) flatten(nested, full, out);
}

export function factsFromImage(image: Image): Facts {
  return {
    files: image.file.map((f) => {
      const out = { messages: [] as FactMessage[], enums: [] as FactEnum[] };
      for (const e of f.enumType ?? []) out.enums.push(factEnum(e, f.package));
      for (const m of f.messageType ?? []) flatten(m, f.package, out);
      return { name: f.name, package: f.package, ...out };
    }),
  };
}
