import { join } from "node:path";
import { defineProject } from "vitest/config";
import { sharedProjectConfig, workspaceRoot } from "../../vitest.shared.ts";

const shared = sharedProjectConfig(import.meta.dirname);
// `leader` imports discovery's `mesos-leader` command by its subpath export; the more specific
// alias comes first so that it is not taken for a file under discovery's index.ts.
export default defineProject({
  ...shared,
  resolve: {
    alias: {
      "@mesos-ts/discovery/cli": join(workspaceRoot, "packages", "discovery", "src", "cli.ts"),
      ...(shared.resolve?.alias as Record<string, string>),
    },
  },
});
