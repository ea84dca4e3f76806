// LIST_FILES and READ_FILE on sandboxes, as a real agent serves them: the virtual path
// `/frameworks/<FW>/executors/<EX>/runs/latest[/…]` (the executor's latest run) or the real
// sandbox path under the work directory. Missing → 404 with an empty body; READ_FILE of a
// directory → 400 `Cannot read a directory.`; `size` is the whole file's size.
import { closeSync, openSync, readdirSync, readSync, type Stats, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { agent } from "@mesos-ts/proto";
import type { SimAgent } from "../agent.js";

export type FileAnswer<T> = { readonly ok: T } | { readonly status: number; readonly text: string };

const VIRTUAL = /^\/frameworks\/([^/]+)\/executors\/([^/]+)\/runs\/latest(\/.*)?$/;

/** The real path of a virtual or absolute sandbox path, or undefined if outside every sandbox. */
function realPath(agent: SimAgent, path: string): string | undefined {
  const m = VIRTUAL.exec(path.replace(/\/+$/, ""));
  if (m) {
    const [, fw, ex, rest] = m;
    let sandbox: string | undefined;
    for (const t of agent.allTasks()) if (t.frameworkId === fw && t.executorId === ex) sandbox = t.sandbox;
    if (!sandbox) return undefined;
    const full = resolve(sandbox, `.${rest ?? ""}`);
    return full === sandbox || full.startsWith(`${sandbox}/`) ? full : undefined;
  }
  const root = resolve(agent.workDir);
  const full = resolve(path);
  return full.startsWith(`${root}/`) ? full : undefined;
}

function stat(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

const notFound = { status: 404, text: "" } as const;

function fileInfo(
  virtualPath: string,
  s: Stats,
): agent.Response_ListFiles["file_infos"] extends (infer F)[] | undefined ? F : never {
  return {
    path: virtualPath,
    nlink: Number(s.nlink),
    size: BigInt(s.size),
    mtime: { nanoseconds: BigInt(Math.floor(s.mtimeMs / 1000)) * 1_000_000_000n },
    mode: s.mode,
    uid: String(s.uid),
    gid: String(s.gid),
  };
}

export function listFiles(agent: SimAgent, path: string): FileAnswer<agent.Response_ListFiles> {
  const real = realPath(agent, path);
  const s = real === undefined ? undefined : stat(real);
  if (!real || !s) return notFound;
  const base = path.replace(/\/+$/, "");
  if (!s.isDirectory()) return { ok: { file_infos: [fileInfo(base, s)] } };
  const infos = [];
  for (const name of readdirSync(real).sort()) {
    const child = stat(join(real, name));
    if (child) infos.push(fileInfo(`${base}/${name}`, child));
  }
  return { ok: { file_infos: infos } };
}

/** At most this much per READ_FILE, as the agent's `--max_file_read` style cap (bounded memory). */
const MAX_READ = 16 * 1024 * 1024;

export function readFile(agent: SimAgent, call: agent.Call_ReadFile): FileAnswer<agent.Response_ReadFile> {
  const real = realPath(agent, call.path ?? "");
  const s = real === undefined ? undefined : stat(real);
  if (!real || !s) return notFound;
  if (s.isDirectory()) return { status: 400, text: "Cannot read a directory.\n" };
  const offset = Number(call.offset ?? 0n);
  const wanted = call.length === undefined ? s.size - offset : Number(call.length);
  const length = Math.max(0, Math.min(wanted, s.size - offset, MAX_READ));
  const data = Buffer.alloc(length);
  if (length > 0) {
    const fd = openSync(real, "r");
    try {
      readSync(fd, data, 0, length, offset);
    } finally {
      closeSync(fd);
    }
  }
  return { ok: { size: BigInt(s.size), data } };
}
