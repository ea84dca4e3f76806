import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { v1 } from "@mesos-ts/proto";

/**
 * The CommandInfo that starts this example's executor on an agent: the built
 * `dist/shell-executor.js` with this Node, or, when running from sources (tests), the .ts file
 * through tsx. The agent gives executors an empty environment, so what tsx needs is passed in
 * the command's environment.
 */
export function shellExecutorCommand(options: { json?: boolean } = {}): v1.CommandInfo {
  const args = options.json ? ["--json"] : [];
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".js")) {
    const script = fileURLToPath(new URL("./shell-executor.js", import.meta.url));
    return { shell: false, value: process.execPath, arguments: [process.execPath, script, ...args] };
  }
  const script = fileURLToPath(new URL("./shell-executor.ts", import.meta.url));
  const tsx = createRequire(import.meta.url).resolve("tsx");
  const tsconfig = fileURLToPath(new URL("../../../tsconfig.dev.json", import.meta.url));
  return {
    shell: false,
    value: process.execPath,
    arguments: [process.execPath, "--import", tsx, script, ...args],
    environment: {
      variables: existsSync(tsconfig) ? [{ name: "TSX_TSCONFIG_PATH", value: tsconfig }] : [],
    },
  };
}
