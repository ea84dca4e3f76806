#!/usr/bin/env node
// Committed so that npm links `mesos-ts` at install time; the code is built into dist/.
import("../dist/cli.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli.js")) {
    process.stderr.write(
      "mesos-ts: not built yet: run `npm run build` (or `npx nx run @mesos-ts/cli:build`)\n",
    );
    process.exit(1);
  }
  throw error;
});
