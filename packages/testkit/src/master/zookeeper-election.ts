import { createRequire } from "node:module";
import type { ZooKeeperMasterUrl } from "@mesos-ts/discovery";
import type ZooKeeperModule from "zookeeper";
import { log } from "../diagnostics.js";
import { ZooKeeperContenderError } from "../errors.js";
import type { SimMaster } from "./master.js";
import { masterInfoZnodeJson } from "./master-info.js";

// The binding is CommonJS with ambient types; `require` keeps its Promise class as is.
const require = createRequire(import.meta.url);
const zookeeper = require("zookeeper") as typeof ZooKeeperModule;
type ZkClient = InstanceType<typeof zookeeper.Promise>;

interface Member {
  client: ZkClient | undefined;
  node: string | undefined;
  generation: number;
}

/**
 * Masters contending through ZooKeeper as Mesos does (`src/zookeeper/group.cpp`): each master has its own
 * session, creates an EPHEMERAL|SEQUENTIAL `PATH/json.info_` node holding its MasterInfo JSON
 * (keys sorted), watches the children of PATH, and the lowest sequence among numeric children
 * leads; a master acts as leader only once its own detection names its own id. A master that
 * loses its session or sees another leader stops leading at once and contends again.
 * Departure: a real master whose candidacy is lost exits and is restarted by its supervisor
 * with a new id; the simulated one keeps its id and re-contends in-process.
 */
export class ZooKeeperElection {
  readonly #servers: string;
  readonly #path: string;
  readonly #credentials: string | undefined;
  readonly #masters: SimMaster[];
  readonly #sessionTimeoutMs: number;
  readonly #members: Member[];
  #closed = false;
  /** Pending re-contend delays: close() clears them so nothing fires after the cluster is gone. */
  readonly #retries = new Set<NodeJS.Timeout>();
  /** Sessions of crashed masters, closed when they "expire" (or at close()). */
  readonly #expiring = new Map<NodeJS.Timeout, ZkClient>();

  constructor(parsed: ZooKeeperMasterUrl, masters: SimMaster[], sessionTimeoutMs: number) {
    this.#servers = parsed.servers;
    this.#path = parsed.path;
    this.#credentials = parsed.digest;
    this.#masters = masters;
    this.#sessionTimeoutMs = sessionTimeoutMs;
    this.#members = masters.map(() => ({ client: undefined, node: undefined, generation: 0 }));
  }

  async start(): Promise<void> {
    for (let i = 0; i < this.#masters.length; i++) await this.contend(i);
  }

  /** Opens a session for master `index`, creates its candidate node and starts watching. */
  async contend(index: number): Promise<void> {
    // A master added after the start (stand-in masters join one by one) gets its member here.
    this.#members[index] ??= { client: undefined, node: undefined, generation: 0 };
    const member = this.#members[index] as Member;
    const generation = ++member.generation;
    const client = await this.#connect(() => {
      // Session closed/expired: no longer a candidate, nothing known.
      if (member.generation !== generation || this.#closed) return;
      this.#lost(index);
    });
    if (member.generation !== generation || this.#closed) {
      client.close();
      return;
    }
    member.client = client;
    await this.#mkdirp(client, this.#path);
    const master = this.#masters[index] as SimMaster;
    const created = await client.create(
      `${this.#path}/json.info_`,
      masterInfoZnodeJson(master.info),
      zookeeper.constants.ZOO_EPHEMERAL_SEQUENTIAL,
    );
    member.node = created.slice(created.lastIndexOf("/") + 1);
    log("info", `master ${index}`, `Created candidate ${created}`);
    await this.#watch(index, generation);
  }

  /**
   * Master `index` crashed: its session is no longer this master's, but ZooKeeper keeps it (and
   * the node) until it expires, `afterMs` later, as for a killed process.
   */
  expire(index: number, afterMs: number): void {
    const member = this.#members[index] as Member;
    member.generation++;
    const client = member.client;
    member.client = undefined;
    member.node = undefined;
    if (!client) return;
    const timer = setTimeout(() => {
      this.#expiring.delete(timer);
      client.close();
    }, afterMs);
    this.#expiring.set(timer, client);
  }

  /** Closes master `index`'s session: its node vanishes at once (a step-down, or a clean crash). */
  async withdraw(index: number): Promise<void> {
    const member = this.#members[index] as Member;
    member.generation++;
    const client = member.client;
    member.client = undefined;
    member.node = undefined;
    const master = this.#masters[index];
    master?.demote();
    if (master) master.knownLeader = undefined;
    if (client) client.close();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#retries) clearTimeout(t);
    this.#retries.clear();
    for (const [t, client] of this.#expiring) {
      clearTimeout(t);
      client.close();
    }
    this.#expiring.clear();
    for (let i = 0; i < this.#members.length; i++) {
      const m = this.#members[i] as Member;
      m.generation++;
      m.client?.close();
      m.client = undefined;
    }
  }

  #lost(index: number): void {
    const member = this.#members[index] as Member;
    member.client = undefined;
    const master = this.#masters[index] as SimMaster;
    master.demote();
    master.knownLeader = undefined;
    if (master.status === "stopped" || this.#closed) return;
    log("warn", `master ${index}`, "ZooKeeper session lost; contending again");
    const retry = setTimeout(() => {
      this.#retries.delete(retry);
      if (!this.#closed && master.status !== "stopped") {
        this.contend(index).catch((e) => log("error", `master ${index}`, `re-contend failed: ${e}`));
      }
    }, 200);
    this.#retries.add(retry);
  }

  async #watch(index: number, generation: number): Promise<void> {
    const member = this.#members[index] as Member;
    const client = member.client;
    if (!client || member.generation !== generation || this.#closed) return;
    let children: string[];
    try {
      children = await client.w_get_children(this.#path, () => {
        this.#watch(index, generation).catch((e) => log("warn", `master ${index}`, `watch failed: ${e}`));
      });
    } catch (e) {
      log("warn", `master ${index}`, `get_children failed: ${e}`);
      return;
    }
    if (member.generation !== generation) return;
    const candidates = children
      .map((name) => ({ name, seq: name.split("_").pop() ?? "" }))
      .filter((c) => /^\d+$/.test(c.seq))
      .sort((a, b) => Number(a.seq) - Number(b.seq));
    const master = this.#masters[index] as SimMaster;
    const first = candidates[0];
    if (!first) {
      master.knownLeader = undefined;
      master.demote();
      return;
    }
    let info: { id?: string; hostname?: string; port?: number; address?: { ip?: string } } | undefined;
    try {
      const [, data] = await client.get(`${this.#path}/${first.name}`, false);
      info = JSON.parse(Buffer.isBuffer(data) ? data.toString("utf8") : String(data));
    } catch {
      info = undefined; // vanished before read: no leader, keep watching
    }
    if (member.generation !== generation) return;
    const leaderMaster = this.#masters.find((m) => m.info.id === info?.id);
    master.knownLeader = leaderMaster?.info ?? (info?.id ? (info as SimMaster["info"]) : undefined);
    if (info?.id === master.info.id) {
      if (!master.isLeader) master.elect();
    } else if (master.isLeader) {
      master.demote();
    }
  }

  #connect(onGone: () => void): Promise<ZkClient> {
    return new Promise((resolve, reject) => {
      const client = new zookeeper.Promise({
        connect: this.#servers,
        timeout: this.#sessionTimeoutMs,
        // Off, as in discovery's client: the C client writes its log straight to stderr (one
        // level for the whole process), and every fault it logs (a server gone, a refused
        // connection) reaches us anyway as a session event or a rejected call, handled here.
        debug_level: 0,
        host_order_deterministic: false,
      });
      const timer = setTimeout(() => {
        client.close();
        reject(new ZooKeeperContenderError(`Could not connect to ZooKeeper at ${this.#servers}`));
      }, 15_000);
      let connected = false;
      let gone = false;
      let disconnectedTimer: NodeJS.Timeout | undefined;
      const lose = () => {
        if (gone) return;
        gone = true;
        if (disconnectedTimer) clearTimeout(disconnectedTimer);
        onGone();
      };
      // Disconnected (not expired): leader info is kept, but if the session is not back within
      // its timeout Mesos declares it expired itself (`src/zookeeper/group.cpp`).
      client.on("connecting", () => {
        if (!connected || gone || disconnectedTimer) return;
        disconnectedTimer = setTimeout(() => {
          disconnectedTimer = undefined;
          lose();
          client.close();
        }, this.#sessionTimeoutMs);
      });
      client.on("connect", () => {
        clearTimeout(timer);
        if (disconnectedTimer) clearTimeout(disconnectedTimer);
        disconnectedTimer = undefined;
        if (connected) return; // reconnected within the session
        connected = true;
        if (this.#credentials !== undefined) {
          (client as unknown as { add_auth(s: string, c: string, cb: () => void): void }).add_auth(
            "digest",
            this.#credentials,
            () => {},
          );
        }
        resolve(client);
      });
      client.on("close", () => {
        if (connected) lose();
      });
      client.init({});
    });
  }

  async #mkdirp(client: ZkClient, path: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      (client as unknown as { mkdirp(p: string, cb: (e: Error | null) => void): void }).mkdirp(path, (e) =>
        e ? reject(new ZooKeeperContenderError(`mkdirp ${path} failed`, e)) : resolve(),
      );
    });
  }
}
