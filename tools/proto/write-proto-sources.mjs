// Writes proto/mesos/v1/**.proto from the Mesos v1 schema named by MESOS_SCHEMA (a Mesos
// checkout's include/ directory or a mesos-v1.binpb, see mesos-schema.mjs). Run once when the
// schema changes; the output is checked in, reviewed like code, and proven wire-identical by
// `buf breaking` both ways (packages/proto/test/schema-equivalence.test.ts).
//
//   MESOS_SCHEMA=<mesos>/include node tools/proto/write-proto-sources.mjs [out dir]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readSchema, SCHEMA_ENV } from "./mesos-schema.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const named = process.env[SCHEMA_ENV];
if (!named) {
  console.error(
    `write-proto-sources: set ${SCHEMA_ENV} to a Mesos checkout's include/ directory or a mesos-v1.binpb`,
  );
  process.exit(2);
}
if (!existsSync(named)) {
  console.error(`write-proto-sources: ${SCHEMA_ENV}=${named} does not exist`);
  process.exit(2);
}
const outDir = process.argv[2] ?? join(root, "proto");
const scratch = mkdtempSync(join(tmpdir(), "mesos-schema-"));
let files;
let problem;
try {
  ({ files } = readSchema(resolve(named), scratch).descriptor);
} catch (e) {
  problem = e.message;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (problem) {
  console.error(`write-proto-sources: ${SCHEMA_ENV}=${named}: ${problem}`);
  process.exit(2);
}
const comments = JSON.parse(readFileSync(join(root, "tools", "proto", "comments.json"), "utf8"));

// google/protobuf/duration.proto is a well-known type: buf provides it, we do not restate it.
const ownFiles = files.filter((f) => f.name.startsWith("mesos/"));

const quote = (s) => JSON.stringify(s);

function formatDefault(field) {
  const v = field.default_value;
  if (field.type === "string" || field.type === "bytes") return quote(v);
  return v; // numbers, bools and enum value names are written as they stand in the descriptor
}

function fieldOptions(field) {
  const opts = [];
  if (field.default_value !== undefined) opts.push(`default = ${formatDefault(field)}`);
  if (field.options?.deprecated) opts.push("deprecated = true");
  if (field.options?.packed !== undefined) opts.push(`packed = ${field.options.packed}`);
  return opts.length ? ` [${opts.join(", ")}]` : "";
}

function typeRef(field, scopePackage) {
  if (field.type !== "message" && field.type !== "enum") return field.type;
  const full = field.type_name.slice(1);
  // Types of our own package are written relative to it, as upstream does; others in full.
  return full.startsWith(`${scopePackage}.`) ? full.slice(scopePackage.length + 1) : full;
}

function writeComment(lines, indent, fullName) {
  const text = comments[fullName];
  if (!text) return;
  for (const line of text.split("\n")) lines.push(`${indent}// ${line}`.trimEnd());
}

function emitFile(file) {
  const messages = new Map(file.messages.map((m) => [m.full_name, m]));
  const enums = new Map(file.enums.map((e) => [e.full_name, e]));
  const parentOf = (fullName) => fullName.slice(0, fullName.lastIndexOf("."));
  const lines = [];
  const header = comments[file.name] ?? "";
  lines.push("// Generated from the Mesos v1 schema facts by tools/proto/write-proto-sources.mjs;");
  lines.push("// comments are mesos-ts's own. Wire-identical to Apache Mesos' definitions (checked");
  lines.push("// with `buf breaking` in both directions). Licensed under the Apache License 2.0.");
  for (const line of header.split("\n").filter(Boolean)) lines.push(`// ${line}`);
  lines.push("");
  lines.push(`syntax = "${file.syntax}";`);
  lines.push("");
  lines.push(`package ${file.package};`);
  lines.push("");
  for (const dep of file.dependencies) lines.push(`import "${dep}";`);
  if (file.dependencies.length) lines.push("");
  for (const [key, value] of Object.entries(file.options ?? {})) {
    lines.push(`option ${key} = ${typeof value === "string" ? quote(value) : value};`);
  }
  lines.push("");

  const emitEnum = (e, indent) => {
    writeComment(lines, indent, e.full_name);
    lines.push(`${indent}enum ${e.full_name.split(".").pop()} {`);
    for (const v of e.values) {
      const opts = v.options?.deprecated ? " [deprecated = true]" : "";
      lines.push(`${indent}  ${v.name} = ${v.number}${opts};`);
    }
    lines.push(`${indent}}`);
  };

  const emitMessage = (m, indent) => {
    writeComment(lines, indent, m.full_name);
    lines.push(`${indent}message ${m.full_name.split(".").pop()} {`);
    const inner = `${indent}  `;
    const emittedOneofs = new Set();
    for (const field of m.fields) {
      const entryType = field.type === "message" ? messages.get(field.type_name.slice(1)) : undefined;
      if (entryType?.options?.map_entry) {
        const [k, v] = entryType.fields;
        lines.push(
          `${inner}map<${typeRef(k, file.package)}, ${typeRef(v, file.package)}> ${field.name} = ${field.number}${fieldOptions(field)};`,
        );
        continue;
      }
      if (field.oneof_index !== undefined) {
        if (emittedOneofs.has(field.oneof_index)) continue;
        emittedOneofs.add(field.oneof_index);
        lines.push(`${inner}oneof ${m.oneofs[field.oneof_index]} {`);
        for (const member of m.fields.filter((f) => f.oneof_index === field.oneof_index)) {
          lines.push(
            `${inner}  ${typeRef(member, file.package)} ${member.name} = ${member.number}${fieldOptions(member)};`,
          );
        }
        lines.push(`${inner}}`);
        continue;
      }
      lines.push(
        `${inner}${field.label} ${typeRef(field, file.package)} ${field.name} = ${field.number}${fieldOptions(field)};`,
      );
    }
    for (const name of m.nested_enums ?? []) {
      lines.push("");
      emitEnum(enums.get(name), inner);
    }
    for (const name of m.nested_messages ?? []) {
      const nested = messages.get(name);
      if (nested.options?.map_entry) continue; // written as map<K, V> on its field
      lines.push("");
      emitMessage(nested, inner);
    }
    lines.push(`${indent}}`);
  };

  const topLevel = [
    ...file.enums.filter((e) => parentOf(e.full_name) === file.package).map((e) => () => emitEnum(e, "")),
    ...file.messages
      .filter((m) => parentOf(m.full_name) === file.package)
      .map((m) => () => emitMessage(m, "")),
  ];
  topLevel.forEach((emit, i) => {
    if (i) lines.push("");
    emit();
  });
  lines.push("");
  return lines.join("\n");
}

for (const file of ownFiles) {
  const target = join(outDir, file.name);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, emitFile(file));
  console.log(`wrote ${target}`);
}
