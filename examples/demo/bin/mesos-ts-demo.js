#!/usr/bin/env node
// The installed `mesos-ts-demo` command. It lives outside dist/ so that npm links it when the
// package is installed, which in a fresh clone happens before anything is built.
import { existsSync } from "node:fs";

const cli = new URL("../dist/main.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("mesos-ts-demo: dist/main.js is missing: run `npm run build` first\n");
  process.exit(1);
}
await import(cli.href); // runs the command
