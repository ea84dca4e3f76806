import { existsSync } from "node:fs";

/**
 * Task processes must not inherit the agent's descriptors. Node marks its own descriptors
 * close-on-exec, but native clients do not always: the `zookeeper` binding's C client opens
 * its sockets without it, so a task spawned by a simulated agent (whose process also hosts
 * ZooKeeper-contending masters, and often the test's own detectors) would hold those sockets
 * open after the client closes them. That kept sessions alive in ZooKeeper's eyes and broke
 * later sessions in the same process (found by the integration suite). A real Mesos launcher
 * does not leak the agent's descriptors into tasks either.
 *
 * Node cannot close arbitrary descriptors in a child, so the task is started through bash,
 * which closes every descriptor above stderr that it inherited and then execs the task with
 * its own argv[0]. Without bash (not on Debian, but possible elsewhere) the task is spawned
 * directly, as before.
 */
const CLOSE_AND_EXEC =
  'for fd in $(/bin/ls /proc/$$/fd); do if [ "$fd" -gt 2 ] && [ -e "/proc/$$/fd/$fd" ]; then exec {fd}>&-; fi; done; exec -a "$0" "$@"';

const BASH = "/bin/bash";
const canClose = process.platform === "linux" && existsSync(BASH);

export interface Launch {
  file: string;
  args: string[];
  argv0: string;
}

/** How to spawn `file args` (with `argv0`) so that it starts with only stdin, stdout and stderr. */
export function withoutInheritedFds(file: string, args: readonly string[], argv0 = file): Launch {
  if (!canClose) return { file, args: [...args], argv0 };
  return { file: BASH, args: ["-c", CLOSE_AND_EXEC, argv0, file, ...args], argv0: BASH };
}
