import { type ChildProcess, spawn } from "node:child_process";

/**
 * Kills the task process groups it was told about when this process dies in any way, even by
 * SIGKILL (then no handler of ours runs): a small shell reading `+pgid` / `-pgid` lines from a
 * pipe, which reaches end-of-file when we are gone. The same watchdog the ZooKeeper launcher uses
 * for its JVM, here for a changing set of groups. Unref'd: it never keeps the event loop alive.
 */
const SCRIPT = `groups=" "
while read -r op group; do
  case "$group" in ""|*[!0-9]*) continue ;; esac
  [ "$group" -gt 1 ] || continue
  case "$op" in
    +) groups="$groups$group " ;;
    -) groups=$(printf '%s' "$groups" | sed "s/ $group / /") ;;
  esac
done
for group in $groups; do kill -9 "-$group" 2>/dev/null; done`;

export class OrphanWatchdog {
  #dog: ChildProcess | undefined;

  /** Watches the process group `pgid` (a task spawned `detached`). */
  add(pgid: number): void {
    if (Number.isSafeInteger(pgid) && pgid > 1) this.#write(`+ ${pgid}\n`);
  }

  /** The group ended: forget it (its id may be reused). */
  remove(pgid: number): void {
    if (Number.isSafeInteger(pgid) && pgid > 1) this.#write(`- ${pgid}\n`);
  }

  /** Stops the watchdog; groups still listed are killed (close() of the runner killed them already). */
  close(): void {
    this.#dog?.stdin?.end();
    this.#dog = undefined;
  }

  #write(line: string): void {
    if (process.platform === "win32") return;
    if (!this.#dog) {
      const dog = spawn("/bin/sh", ["-c", SCRIPT], { stdio: ["pipe", "ignore", "ignore"], detached: true });
      dog.on("error", () => {}); // best effort: no watchdog, nothing else changes
      dog.stdin?.on("error", () => {});
      dog.unref();
      (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      this.#dog = dog;
    }
    this.#dog.stdin?.write(line);
  }
}
