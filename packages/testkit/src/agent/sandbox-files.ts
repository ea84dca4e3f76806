import {
  createReadStream,
  type Dirent,
  lstatSync,
  readdirSync,
  readFileSync,
  realpathSync,
  type Stats,
} from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { userInfo } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { respondBytes, respondText } from "../http/respond.js";

/** Largest `/files/read` answer: Mesos caps `length` at 16 pages (`src/files/files.cpp`). */
const MAX_READ = 16 * 4096;

/** `/frameworks/<fw>/executors/<ex>/runs/latest[/...]`: the virtual path an agent attaches per executor. */
const VIRTUAL = /^\/frameworks\/([^/]+)\/executors\/([^/]+)\/runs\/latest(\/.*)?$/;

interface Resolved {
  /** The real file or directory. */
  readonly file: string;
  /** The attached directory it lies in (a `runs/<container>` sandbox). */
  readonly sandbox: string;
}

/**
 * The agent's `/files/*` endpoints over its sandboxes, as a Mesos agent attaches them
 * (`src/slave/slave.cpp` attaches each executor run directory under its absolute path, its
 * `runs/latest` path and the virtual `/frameworks/<fw>/executors/<ex>/runs/latest`;
 * `src/files/files.cpp` serves them). Nothing outside an executor run directory is served.
 */
export class SandboxFiles {
  /** `<work_dir>/slaves/<agent id>` */
  readonly #agentDir: string;

  constructor(workDir: string, agentId: string) {
    this.#agentDir = join(resolve(workDir), "slaves", agentId);
  }

  /**
   * Answers `/files/read`, `/files/download`, `/files/browse` or `/files/debug`; false when
   * `endpoint` is none of them.
   */
  serve(endpoint: string, query: URLSearchParams, res: ServerResponse): boolean {
    if (endpoint === "/files/debug") {
      respondBytes(res, 200, "application/json", Buffer.from(JSON.stringify(this.attached())));
      return true;
    }
    if (endpoint !== "/files/read" && endpoint !== "/files/download" && endpoint !== "/files/browse")
      return false;
    const path = query.get("path");
    if (path === null) {
      respondText(res, 400, "Expecting 'path=value' in query.\n");
      return true;
    }
    const found = this.#resolve(path);
    if (found === undefined) {
      respondText(res, 404);
      return true;
    }
    if (endpoint === "/files/browse") this.#browse(path, found, res);
    else if (endpoint === "/files/download") this.#download(found, res);
    else void this.#read(query, found, res);
    return true;
  }

  /**
   * What `/files/debug` lists (`Files::debug` in `src/files/files.cpp`): each attached path and
   * the directory it serves. Every executor run directory present is attached under its absolute
   * path (a real agent detaches one only when it garbage-collects it), and the latest run of each
   * executor also under `<work_dir>/…/runs/latest` and the virtual
   * `/frameworks/<fw>/executors/<ex>/runs/latest` (`src/slave/slave.cpp`).
   */
  attached(): Record<string, string> {
    const out: Record<string, string> = {};
    const dirs = (dir: string) => {
      try {
        return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() || d.isSymbolicLink());
      } catch {
        return [];
      }
    };
    for (const fw of dirs(join(this.#agentDir, "frameworks"))) {
      for (const ex of dirs(join(this.#agentDir, "frameworks", fw.name, "executors"))) {
        const runs = join(this.#agentDir, "frameworks", fw.name, "executors", ex.name, "runs");
        for (const run of dirs(runs)) {
          if (run.name === "latest") continue;
          out[join(runs, run.name)] = join(runs, run.name);
        }
        let latest: string;
        try {
          latest = realpathSync(join(runs, "latest"));
        } catch {
          continue; // no latest run
        }
        const sandbox = join(runs, relative(realpathSync(runs), latest));
        out[`/frameworks/${fw.name}/executors/${ex.name}/runs/latest`] = sandbox;
        out[join(runs, "latest")] = sandbox;
      }
    }
    return out;
  }

  /** The real path of an attached path (virtual or absolute), if it exists inside a sandbox. */
  #resolve(path: string): Resolved | undefined {
    const virtual = VIRTUAL.exec(path);
    const absolute = virtual
      ? join(
          this.#agentDir,
          "frameworks",
          virtual[1] ?? "",
          "executors",
          virtual[2] ?? "",
          "runs",
          "latest",
          virtual[3] ?? "",
        )
      : resolve(path);
    const parts = relative(this.#agentDir, absolute).split(sep);
    // frameworks/<fw>/executors/<ex>/runs/<run>[/...]
    if (parts.length < 6 || parts[0] !== "frameworks" || parts[2] !== "executors" || parts[4] !== "runs")
      return undefined;
    try {
      const sandbox = realpathSync(join(this.#agentDir, ...parts.slice(0, 6)));
      const file = realpathSync(absolute);
      if (file !== sandbox && !file.startsWith(`${sandbox}${sep}`)) return undefined; // a symlink out
      return { file, sandbox };
    } catch {
      return undefined;
    }
  }

  #browse(path: string, found: Resolved, res: ServerResponse): void {
    const stat = lstatSync(found.file);
    const listing = stat.isDirectory()
      ? readdirSync(found.file, { withFileTypes: true })
          .sort((a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .map((entry) =>
            entryJson(`${path.replace(/\/+$/, "")}/${entry.name}`, lstatSync(join(found.file, entry.name))),
          )
      : [entryJson(path, stat)];
    respondBytes(res, 200, "application/json", Buffer.from(JSON.stringify(listing)));
  }

  #download(found: Resolved, res: ServerResponse): void {
    const stat = lstatSync(found.file);
    if (stat.isDirectory()) {
      respondText(res, 400, "Cannot download a directory.\n");
      return;
    }
    res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": String(stat.size) });
    if (stat.size === 0) {
      res.end();
      return;
    }
    // Exactly the announced bytes, even if the task still appends to the file.
    createReadStream(found.file, { start: 0, end: stat.size - 1 })
      .on("error", () => res.destroy())
      .pipe(res);
  }

  async #read(query: URLSearchParams, found: Resolved, res: ServerResponse): Promise<void> {
    const offset = integer(query.get("offset"), "offset");
    const length = integer(query.get("length"), "length");
    for (const bad of [offset, length]) if (typeof bad === "string") return respondText(res, 400, bad);
    if (lstatSync(found.file).isDirectory()) return respondText(res, 400, "Cannot read a directory.\n");
    let handle: FileHandle | undefined;
    try {
      handle = await open(found.file, "r");
      const size = (await handle.stat()).size;
      const from = offset as number | undefined;
      // No offset or -1: only the size (how a UI learns where to start tailing).
      if (from === undefined || from === -1 || from >= size) return answer(res, "", size);
      const want = Math.min(
        length === undefined || length === -1 ? MAX_READ : (length as number),
        MAX_READ,
        size - from,
      );
      const buffer = Buffer.alloc(want);
      const { bytesRead } = await handle.read(buffer, 0, want, from);
      answer(res, buffer.subarray(0, bytesRead).toString("utf8"), from);
    } catch {
      respondText(res, 500);
    } finally {
      await handle?.close();
    }
  }
}

function answer(res: ServerResponse, data: string, offset: number): void {
  respondBytes(res, 200, "application/json", Buffer.from(JSON.stringify({ data, offset })));
}

/** A query integer: undefined when absent, the 400 text when malformed or below -1. */
function integer(text: string | null, name: string): number | string | undefined {
  if (text === null) return undefined;
  const n = /^-?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n)) return `Failed to parse ${name}: Failed to convert '${text}' to number.\n`;
  if (n < -1) return `Negative ${name} provided: ${n}.\n`;
  return n;
}

/** One `/files/browse` entry (`src/files/files.cpp` `jsonFileInfo`). */
function entryJson(path: string, stat: Stats) {
  return {
    gid: groupName(stat.gid),
    mode: modeString(stat),
    mtime: stat.mtimeMs / 1000,
    nlink: stat.nlink,
    path,
    size: stat.size,
    uid: userName(stat.uid),
  };
}

function modeString(stat: Stats): string {
  const type = stat.isDirectory() ? "d" : stat.isSymbolicLink() ? "l" : "-";
  const bits = "rwxrwxrwx";
  let perms = "";
  for (let i = 0; i < 9; i++) perms += stat.mode & (0o400 >> i) ? bits[i] : "-";
  return type + perms;
}

function userName(uid: number): string {
  const me = userInfo();
  return me.uid === uid ? me.username : String(uid);
}

let groups: Map<number, string> | undefined;

function groupName(gid: number): string {
  if (groups === undefined) {
    groups = new Map();
    try {
      for (const line of readFileSync("/etc/group", "utf8").split("\n")) {
        const [name, , id] = line.split(":");
        if (name && id) groups.set(Number(id), name);
      }
    } catch {
      // no group database: numeric ids
    }
  }
  return groups.get(gid) ?? String(gid);
}
