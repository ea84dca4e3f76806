#!/usr/bin/env node
// The installed `mesos-leader` command. It lives outside dist/ so that npm links it when the
// package is installed, which in a fresh clone happens before anything is built.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("mesos-leader: dist/cli.js is missing: run `npm run build` first\n");
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
