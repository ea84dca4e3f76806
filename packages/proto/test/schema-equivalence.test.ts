// proto/ is ours; the facts are Mesos'. Three independent checks that they are the same
// schema: buf breaking (WIRE_JSON) in both directions, a field-by-field comparison of the
// facts JSON against proto/ as read by protobufjs (a second .proto reader, unrelated to buf),
// and mutations proving that both checks can fail.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import protobuf from "protobufjs";
import { afterAll, describe, expect, it } from "vitest";
import {
  disposeSchemaScratch,
  type FactEnum,
  type FactField,
  type FactMessage,
  type Facts,
  factsFromBinpb,
  findSchemaReference,
  SCHEMA_ENV,
} from "./helpers/mesos-schema.js";
import { bufBin, packageDir, protoDir, repoRoot } from "./helpers/paths.js";

// The upstream schema is not part of the repository: with none named the checks are skipped,
// under a name that says what to set.
const reference = findSchemaReference();
afterAll(disposeSchemaScratch);
const facts: Facts = reference.found ? reference.facts : { files: [] };
const factsBinpb = reference.found ? reference.binpb : "";
const WIRE_JSON_CONFIG = JSON.stringify({ version: "v2", breaking: { use: ["WIRE_JSON"] } });

function bufBreaking(input: string, against: string) {
  // A proto/ tree brings its own buf.yaml (WIRE_JSON); the facts image needs the rules given.
  const config = input.endsWith(".binpb") ? ["--config", WIRE_JSON_CONFIG] : [];
  const r = spawnSync(bufBin, ["breaking", input, "--against", against, ...config], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function protoFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".proto"))
    .map((f) => f.split("\\").join("/"));
}

/** proto/ read by protobufjs, keeping field names as written. */
function loadWithProtobufjs(dir: string): protobuf.Root {
  const root = new protobuf.Root();
  // google/protobuf/*.proto come from protobufjs' bundled copies, everything else from `dir`.
  root.resolvePath = (_origin, target) =>
    target.startsWith("google/protobuf/") ? target : join(dir, target);
  root.loadSync(protoFiles(dir), { keepCase: true });
  root.resolveAll();
  return root;
}

function allTypes(ns: protobuf.NamespaceBase, out: { types: protobuf.Type[]; enums: protobuf.Enum[] }) {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) out.types.push(nested);
    if (nested instanceof protobuf.Enum) out.enums.push(nested);
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) allTypes(nested, out);
  }
  return out;
}

const SCALAR_DEFAULT: Record<string, (text: string) => unknown> = {
  double: Number,
  float: Number,
  int32: Number,
  uint32: Number,
  bool: (t) => t === "true",
  string: (t) => t,
  enum: (t) => t,
};

/** Every difference between the facts and a protobufjs reading of a proto/ tree. */
function compare(root: protobuf.Root, against: Facts = facts): string[] {
  const diffs: string[] = [];
  const factMessages = against.files.flatMap((f) => f.messages);
  const byName = new Map(factMessages.map((m) => [m.full_name, m]));
  const seen = { types: new Set<string>(), enums: new Set<string>() };

  for (const m of factMessages) {
    if (m.options?.map_entry) continue; // protobufjs folds these into map fields, checked below
    const type = root.lookup(m.full_name);
    if (!(type instanceof protobuf.Type)) {
      diffs.push(`missing message ${m.full_name}`);
      continue;
    }
    seen.types.add(m.full_name);
    const ours = new Map(type.fieldsArray.map((f) => [f.name, f]));
    if (ours.size !== m.fields.length)
      diffs.push(`${m.full_name}: ${ours.size} fields, facts have ${m.fields.length}`);
    // Declaration order matters for Mesos JSON output.
    const order = type.fieldsArray.map((f) => f.name).join(",");
    if (order !== m.fields.map((f) => f.name).join(",")) diffs.push(`${m.full_name}: field order ${order}`);
    for (const ff of m.fields) {
      const f = ours.get(ff.name);
      const where = `${m.full_name}.${ff.name}`;
      if (!f) {
        diffs.push(`missing field ${where}`);
        continue;
      }
      if (f.id !== ff.number) diffs.push(`${where}: number ${f.id} != ${ff.number}`);
      const entry = ff.type_name ? byName.get(ff.type_name.slice(1)) : undefined;
      if (entry?.options?.map_entry) {
        const [k, v] = entry.fields as [FactField, FactField];
        const valueType = v.type_name ? v.type_name : v.type;
        const ourValue = f.resolvedType ? f.resolvedType.fullName : f.type;
        if (!f.map || (f as unknown as protobuf.MapField).keyType !== k.type || ourValue !== valueType) {
          diffs.push(
            `${where}: map<${(f as unknown as protobuf.MapField).keyType}, ${ourValue}> != map<${k.type}, ${valueType}>`,
          );
        }
        continue;
      }
      if (f.map) diffs.push(`${where}: is a map in proto/ only`);
      const label = f.rule === "required" ? "required" : f.rule === "repeated" ? "repeated" : "optional";
      if (label !== ff.label) diffs.push(`${where}: label ${label} != ${ff.label}`);
      if (ff.type === "message" || ff.type === "enum") {
        const kindOk =
          ff.type === "message"
            ? f.resolvedType instanceof protobuf.Type
            : f.resolvedType instanceof protobuf.Enum;
        if (!kindOk || f.resolvedType?.fullName !== ff.type_name) {
          diffs.push(`${where}: type ${f.resolvedType?.fullName} != ${ff.type_name}`);
        }
      } else if (f.type !== ff.type) diffs.push(`${where}: type ${f.type} != ${ff.type}`);
      const ourDefault = f.options?.default;
      const factDefault =
        ff.default_value === undefined ? undefined : (SCALAR_DEFAULT[ff.type] ?? String)(ff.default_value);
      if (ourDefault !== factDefault) diffs.push(`${where}: default ${ourDefault} != ${factDefault}`);
      if (Boolean(f.options?.deprecated) !== Boolean(ff.options?.deprecated))
        diffs.push(`${where}: deprecated differs`);
      if (f.options?.packed !== ff.options?.packed) diffs.push(`${where}: packed differs`);
      const factOneof = ff.oneof_index === undefined ? undefined : m.oneofs?.[ff.oneof_index];
      if (f.partOf?.name !== factOneof) diffs.push(`${where}: oneof ${f.partOf?.name} != ${factOneof}`);
    }
  }
  for (const e of against.files.flatMap((f) => f.enums)) {
    const ours = root.lookup(e.full_name);
    if (!(ours instanceof protobuf.Enum)) {
      diffs.push(`missing enum ${e.full_name}`);
      continue;
    }
    seen.enums.add(e.full_name);
    const want = e.values.map((v) => `${v.name}=${v.number}${v.options?.deprecated ? "!" : ""}`).join(",");
    const got = Object.entries(ours.values)
      .map(([name, n]) => `${name}=${n}${ours.valuesOptions?.[name]?.deprecated ? "!" : ""}`)
      .join(",");
    if (got !== want) diffs.push(`${e.full_name}: ${got} != ${want}`);
  }
  // Nothing added: every type protobufjs found in proto/ is one of the facts.
  const all = allTypes(root, { types: [], enums: [] });
  for (const t of all.types)
    if (!seen.types.has(t.fullName.slice(1))) diffs.push(`extra message ${t.fullName}`);
  for (const e of all.enums) if (!seen.enums.has(e.fullName.slice(1))) diffs.push(`extra enum ${e.fullName}`);
  return diffs;
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A copy of proto/ with one edit applied to one file. */
function mutatedCopy(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "mesos-proto-mutant-"));
  scratch.push(dir);
  cpSync(protoDir, dir, { recursive: true });
  const path = join(dir, file);
  const before = readFileSync(path, "utf8");
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
  return dir;
}

if (!reference.found && reference.problem) {
  it(`${SCHEMA_ENV} names a Mesos schema`, () => {
    throw new Error(reference.problem);
  });
} else if (!reference.found) {
  // vitest lists skipped tests only when verbose: say it where `npm test` shows it.
  const skipped = `schema check skipped: set ${SCHEMA_ENV} to a Mesos checkout's include/ directory or a mesos-v1.binpb`;
  console.warn(skipped);
  it.skip(skipped, () => {});
}

/** Messages and enums sorted by name, so two readings of one schema compare equal. */
function canonical(f: Facts) {
  const byName = (a: { full_name: string }, b: { full_name: string }) =>
    a.full_name.localeCompare(b.full_name);
  const messages: FactMessage[] = f.files
    .flatMap((file) => file.messages)
    .map(({ full_name, fields, oneofs, options }) => ({
      full_name,
      fields: fields.map((field: FactField) => ({ ...field })),
      ...(oneofs ? { oneofs } : {}),
      ...(options ? { options } : {}),
    }));
  const enums: FactEnum[] = f.files
    .flatMap((file) => file.enums)
    .map(({ full_name, values }) => ({ full_name, values }));
  return {
    files: f.files.map((file) => file.name),
    messages: messages.sort(byName),
    enums: enums.sort(byName),
  };
}

describe("reading the reference", () => {
  it("an include/ directory is built with buf and read as facts (proto/ stands in for Mesos')", () => {
    const ours = findSchemaReference({ [SCHEMA_ENV]: protoDir });
    if (!ours.found) throw new Error(ours.problem);
    expect(compare(loadWithProtobufjs(protoDir), ours.facts)).toEqual([]);
    expect(ours.facts.files.flatMap((f) => f.enums)).toHaveLength(53);
    if (reference.found) expect(canonical(ours.facts)).toEqual(canonical(facts));
  });

  it("a name that is no schema is a failure that says so, not a skip", () => {
    const r = findSchemaReference({ [SCHEMA_ENV]: packageDir });
    expect(r).toEqual({
      found: false,
      problem: expect.stringContaining(`${SCHEMA_ENV}=${packageDir}: not a Mesos include/`),
    });
    expect(findSchemaReference({ [SCHEMA_ENV]: join(packageDir, "nothing-here") })).toEqual({
      found: false,
      problem: `${SCHEMA_ENV}=${join(packageDir, "nothing-here")} does not exist`,
    });
  });

  if (reference.found && reference.descriptorJson)
    it("facts read from mesos-v1.binpb equal mesos-v1-descriptor.json", () => {
      expect(canonical(factsFromBinpb(factsBinpb))).toEqual(canonical(facts));
    });
});

// Registered only with a reference, so that without one the run shows the single skip above.
if (reference.found) {
  describe("proto/ is wire-identical to the schema facts", () => {
    it("buf breaking (WIRE_JSON): proto/ against the facts", () => {
      const r = bufBreaking(relative(repoRoot, protoDir), factsBinpb);
      expect(r.output).toBe("");
      expect(r.status).toBe(0);
    });

    it("buf breaking (WIRE_JSON): the facts against proto/ (nothing missing, nothing added)", () => {
      const r = bufBreaking(factsBinpb, relative(repoRoot, protoDir));
      expect(r.output).toBe("");
      expect(r.status).toBe(0);
    });

    it("protobufjs reads proto/ with every message, field, enum and value equal to the facts", () => {
      const root = loadWithProtobufjs(protoDir);
      expect(compare(root)).toEqual([]);
      // And it really looked at something: 352 messages (map entries folded), 53 enums.
      const all = allTypes(root, { types: [], enums: [] });
      expect(all.types.length).toBe(
        facts.files.flatMap((f) => f.messages).filter((m) => !m.options?.map_entry).length,
      );
      expect(all.enums.length).toBe(53);
    });
  });

  describe("the checks can fail", () => {
    const renumber = (t: string) =>
      t.replace("optional double refuse_seconds = 1", "optional double refuse_seconds = 2");

    it("buf breaking fails when one field number changes", () => {
      const dir = mutatedCopy("mesos/v1/mesos.proto", renumber);
      const r = bufBreaking(dir, factsBinpb);
      expect(r.status).not.toBe(0);
      expect(r.output).toMatch(/Filters/);
    });

    it("only the reverse buf breaking catches an added field", () => {
      const dir = mutatedCopy("mesos/v1/mesos.proto", (t) =>
        t.replace("optional double refuse_seconds = 1 [default = 5];", "$&\n  optional string extra = 99;"),
      );
      expect(bufBreaking(dir, factsBinpb).status).toBe(0);
      expect(bufBreaking(factsBinpb, dir).status).not.toBe(0);
      expect(compare(loadWithProtobufjs(dir))).toEqual([
        "mesos.v1.Filters: 2 fields, facts have 1",
        "mesos.v1.Filters: field order refuse_seconds,extra",
      ]);
    });

    it("the protobufjs comparison reports a changed number, default, label and enum value", () => {
      const dir = mutatedCopy("mesos/v1/mesos.proto", (t) =>
        renumber(t)
          .replace("[default = 5050]", "[default = 5051]")
          .replace("required string user = 1;", "optional string user = 1;")
          .replace("AGENT_DRAINING = 2;", "AGENT_DRAINING = 4;"),
      );
      expect(compare(loadWithProtobufjs(dir))).toEqual([
        "mesos.v1.FrameworkInfo.user: label optional != required",
        "mesos.v1.MasterInfo.port: default 5051 != 5050",
        "mesos.v1.Filters.refuse_seconds: number 2 != 1",
        "mesos.v1.MasterInfo.Capability.Type: UNKNOWN=0,AGENT_UPDATE=1,AGENT_DRAINING=4,QUOTA_V2=3 != UNKNOWN=0,AGENT_UPDATE=1,AGENT_DRAINING=2,QUOTA_V2=3",
      ]);
    });
  });
}
