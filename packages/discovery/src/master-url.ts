import { readFileSync } from "node:fs";
import { BadMasterUrlError } from "./errors.js";

/** `zk://[user:password@]host1:2181,host2:2181/path`: leader election through ZooKeeper. */
export interface ZooKeeperMasterUrl {
  readonly kind: "zookeeper";
  /** The ZooKeeper host list exactly as the client takes it: `host1:2181,host2:2181`. */
  readonly servers: string;
  /** The group znode, e.g. `/mesos` (never `/`, no trailing slash). */
  readonly path: string;
  /** The digest credentials `user:password`, when given. Never log this. */
  readonly digest: string | undefined;
  /** The URL with the password replaced by `***`: safe to print. */
  readonly redacted: string;
}

/** One master reached directly. */
export interface StaticMaster {
  /** Set when the URL named it (`http://…`, `https://…`); otherwise the caller's policy decides. */
  readonly scheme: "http" | "https" | undefined;
  /** Host name or IP (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
}

/** `host:port`, `master@host:port`, `http(s)://host:port` or a comma-separated list of them. */
export interface StaticMasterUrl {
  readonly kind: "static";
  readonly masters: readonly StaticMaster[];
  readonly redacted: string;
}

export type MasterUrl = ZooKeeperMasterUrl | StaticMasterUrl;

export interface ParseMasterUrlOptions {
  /** Reads the file of a `file://` URL (default: `fs.readFileSync` as UTF-8). */
  readonly readFile?: (path: string) => string;
}

const MAX_FILE_DEPTH = 4;

/**
 * Parses every master URL form of Mesos (`include/mesos/zookeeper/url.hpp`) plus `http(s)://host:port`.
 * Throws BadMasterUrlError naming the problem; its message never contains a password.
 */
export function parseMasterUrl(input: string, options: ParseMasterUrlOptions = {}): MasterUrl {
  return parseAt(input, options, 0);
}

function parseAt(input: string, options: ParseMasterUrlOptions, depth: number): MasterUrl {
  const text = input.trim();
  const redacted = redactMasterUrl(text);
  const fail = (problem: string): never => {
    throw new BadMasterUrlError(`bad master URL "${redacted}": ${problem}`, redacted);
  };
  if (text === "") fail("it is empty");
  if (text.startsWith("zk://")) return parseZooKeeper(text, redacted, fail);
  if (text.startsWith("file://")) {
    const path = text.slice("file://".length);
    if (!path.startsWith("/")) fail("a file:// URL needs an absolute path (file:///etc/mesos/zk)");
    if (depth >= MAX_FILE_DEPTH) fail(`file:// URLs nested more than ${MAX_FILE_DEPTH} deep`);
    let content = "";
    try {
      content = (options.readFile ?? ((p: string) => readFileSync(p, "utf8")))(path);
    } catch (e) {
      fail(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      return parseAt(content, options, depth + 1);
    } catch (e) {
      if (e instanceof BadMasterUrlError) {
        throw new BadMasterUrlError(
          `bad master URL in ${path} (from "${redacted}"): ${afterColon(e)}`,
          redacted,
        );
      }
      throw e;
    }
  }
  const masters = text.split(",").map((entry, i) => parseStatic(entry.trim(), i, fail));
  return { kind: "static", masters, redacted };
}

function afterColon(e: BadMasterUrlError): string {
  const at = e.message.indexOf('": ');
  return at < 0 ? e.message : e.message.slice(at + 3);
}

function parseZooKeeper(text: string, redacted: string, fail: (p: string) => never): ZooKeeperMasterUrl {
  const rest = text.slice("zk://".length);
  const slash = rest.indexOf("/");
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  let path = slash < 0 ? "/" : rest.slice(slash);
  const at = authority.lastIndexOf("@");
  const digest = at < 0 ? undefined : authority.slice(0, at);
  const servers = at < 0 ? authority : authority.slice(at + 1);
  if (digest !== undefined) {
    const colon = digest.indexOf(":");
    if (colon <= 0) fail("credentials must be user:password (ZooKeeper digest)");
    if (colon === digest.length - 1) fail("the password in the credentials is empty");
  }
  if (servers === "") fail("no ZooKeeper servers (expected zk://host:2181/path)");
  for (const server of servers.split(",")) checkHostPort(server, "ZooKeeper server", fail);
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  if (path === "/") fail("a chroot path is required (e.g. zk://host:2181/mesos)");
  if (path.includes("//")) fail(`the path "${path}" has an empty segment`);
  if (/[\s\u0000]/.test(path)) fail(`the path "${path}" contains whitespace or NUL`);
  return { kind: "zookeeper", servers, path, digest, redacted };
}

const SCHEMES = "expected zk://, file://, http://, https://, host:port or master@host:port";

function parseStatic(entry: string, index: number, fail: (p: string) => never): StaticMaster {
  const which = `master #${index + 1}`;
  if (entry === "") fail(`${which} is empty`);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(entry)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    if (scheme !== "http" && scheme !== "https") fail(`unsupported scheme "${scheme}://" (${SCHEMES})`);
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return fail(`${which} is not a valid ${scheme}:// URL`);
    }
    if (url.username || url.password) fail(`${which}: credentials in an http URL are not supported`);
    if (url.pathname !== "/" || url.search || url.hash) fail(`${which}: expected no path, query or fragment`);
    const port = url.port === "" ? (scheme === "https" ? 443 : 80) : Number(url.port);
    const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    return { scheme: scheme as "http" | "https", host, port };
  }
  const at = entry.lastIndexOf("@");
  const hostPort = at < 0 ? entry : entry.slice(at + 1);
  if (at >= 0 && entry.slice(0, at) === "") fail(`${which}: nothing before "@" (expected master@host:port)`);
  if (at >= 0 && entry.slice(0, at).includes(":")) {
    fail(`${which}: credentials are only supported in zk:// URLs (expected master@host:port)`);
  }
  const { host, port } = checkHostPort(hostPort, which, fail);
  return { scheme: undefined, host, port };
}

function checkHostPort(
  text: string,
  what: string,
  fail: (p: string) => never,
): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/\s@]+):([^:]*)$/.exec(text);
  if (!m) {
    if (text === "") return fail(`${what} is empty`);
    if (!text.includes(":")) return fail(`${what} "${text}" has no port (expected host:port)`);
    return fail(`${what} "${text}" is not host:port`);
  }
  const host = m[1]!.startsWith("[") ? m[1]!.slice(1, -1) : m[1]!;
  const portText = m[2]!;
  const port = Number(portText);
  if (!/^[0-9]{1,5}$/.test(portText) || port < 1 || port > 65535) {
    return fail(`${what} "${text}" has an invalid port "${portText}" (1-65535)`);
  }
  return { host, port };
}

/** The URL with any `zk://` password replaced by `***` (whole credentials if there is no `:`). */
export function redactMasterUrl(input: string): string {
  const text = input.trim();
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/]*)(.*)$/s.exec(text);
  if (!m) return text.includes("@") && text.includes(":") ? redactList(text) : text;
  const [, scheme, authority, rest] = m as unknown as [string, string, string, string];
  const at = authority.lastIndexOf("@");
  if (at < 0) return text;
  const creds = authority.slice(0, at);
  const colon = creds.indexOf(":");
  const safe = colon < 0 ? "***" : `${creds.slice(0, colon)}:***`;
  return `${scheme}${safe}${authority.slice(at)}${rest}`;
}

/** `user:pass@host:port` in a plain list would be a mistake, but never echo what may be a password. */
function redactList(text: string): string {
  return text
    .split(",")
    .map((entry) => {
      const at = entry.lastIndexOf("@");
      if (at < 0) return entry;
      const before = entry.slice(0, at);
      const colon = before.indexOf(":");
      return colon < 0 ? entry : `${before.slice(0, colon)}:***${entry.slice(at)}`;
    })
    .join(",");
}
