// Reads the upstream Mesos v1 schema that proto/ is written from and checked against. It is not
// part of this repository; MESOS_SCHEMA names it:
//   - an Apache Mesos checkout's include/ directory (its mesos/v1/**/*.proto are read with buf),
//   - a FileDescriptorSet of those files (`buf build <mesos>/include --path
//     <mesos>/include/mesos/v1 --exclude-source-info -o mesos-v1.binpb`), or a directory holding
//     one as mesos-v1.binpb, optionally with the same schema as mesos-v1-descriptor.json beside it.
// The schema comes back as descriptor JSON: per file, every message (nested ones flattened, with
// their full names) and enum, in declaration order. Types: mesos-schema.d.mts.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const SCHEMA_ENV = "MESOS_SCHEMA";
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bufBin = join(repoRoot, "node_modules", ".bin", "buf");

function buf(args) {
  const r = spawnSync(bufBin, args, { cwd: repoRoot, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`buf ${args.join(" ")}: ${r.stderr || r.error?.message}`);
}

/** The schema at `path`; buf's outputs go to `scratch` (an existing directory). */
export function readSchema(path, scratch) {
  const isDir = statSync(path).isDirectory();
  if (isDir && existsSync(join(path, "mesos", "v1", "mesos.proto"))) {
    const binpb = join(scratch, "mesos-v1.binpb");
    buf(["build", path, "--path", join(path, "mesos", "v1"), "--exclude-source-info", "-o", binpb]);
    return { binpb, descriptor: descriptorFromBinpb(binpb, scratch) };
  }
  const binpb = path.endsWith(".binpb") ? path : join(isDir ? path : dirname(path), "mesos-v1.binpb");
  if (!existsSync(binpb))
    throw new Error("not a Mesos include/ directory (no mesos/v1/mesos.proto) and no mesos-v1.binpb");
  const descriptorJson = join(dirname(binpb), "mesos-v1-descriptor.json");
  if (path.endsWith(".binpb") || !existsSync(descriptorJson))
    return { binpb, descriptor: descriptorFromBinpb(binpb, scratch) };
  return { binpb, descriptor: JSON.parse(readFileSync(descriptorJson, "utf8")), descriptorJson };
}

/** A FileDescriptorSet as descriptor JSON: buf writes it as protobuf JSON, then it is reshaped. */
export function descriptorFromBinpb(binpb, scratch) {
  const json = join(scratch, "image.json");
  buf(["build", binpb, "-o", json]);
  return descriptorFromImage(JSON.parse(readFileSync(json, "utf8")));
}

const lower = (prefix, v) => v.slice(prefix.length).toLowerCase();
const snake = (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function enumOf(e, scope) {
  return {
    full_name: `${scope}.${e.name}`,
    values: e.value.map((v) => ({
      name: v.name,
      number: v.number,
      ...(v.options?.deprecated ? { options: { deprecated: true } } : {}),
    })),
  };
}

function fieldOf(f) {
  const options = {};
  if (f.options?.deprecated) options.deprecated = true;
  if (f.options?.packed !== undefined) options.packed = f.options.packed;
  return {
    name: f.name,
    number: f.number,
    label: lower("LABEL_", f.label),
    type: lower("TYPE_", f.type),
    ...(f.typeName === undefined ? {} : { type_name: f.typeName }),
    ...(f.defaultValue === undefined ? {} : { default_value: f.defaultValue }),
    ...(f.oneofIndex === undefined ? {} : { oneof_index: f.oneofIndex }),
    ...(Object.keys(options).length ? { options } : {}),
  };
}

function flatten(m, scope, out) {
  const full = `${scope}.${m.name}`;
  const nestedEnums = (m.enumType ?? []).map((e) => enumOf(e, full));
  out.messages.push({
    full_name: full,
    fields: (m.field ?? []).map(fieldOf),
    ...(m.oneofDecl?.length ? { oneofs: m.oneofDecl.map((o) => o.name) } : {}),
    ...(m.options?.mapEntry ? { options: { map_entry: true } } : {}),
    ...(nestedEnums.length ? { nested_enums: nestedEnums.map((e) => e.full_name) } : {}),
    ...(m.nestedType?.length ? { nested_messages: m.nestedType.map((n) => `${full}.${n.name}`) } : {}),
  });
  out.enums.push(...nestedEnums);
  for (const nested of m.nestedType ?? []) flatten(nested, full, out);
}

export function descriptorFromImage(image) {
  return {
    files: image.file.map((f) => {
      const out = { messages: [], enums: [] };
      for (const e of f.enumType ?? []) out.enums.push(enumOf(e, f.package));
      for (const m of f.messageType ?? []) flatten(m, f.package, out);
      const options = Object.fromEntries(Object.entries(f.options ?? {}).map(([k, v]) => [snake(k), v]));
      return {
        name: f.name,
        package: f.package,
        syntax: f.syntax ?? "proto2",
        dependencies: f.dependency ?? [],
        options,
        ...out,
      };
    }),
  };
}
