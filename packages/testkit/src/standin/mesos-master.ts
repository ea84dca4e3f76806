#!/usr/bin/env node
// Stand-in for `mesos-master` (see standin-cli.ts): runs a simulated master.
import { runStandin } from "./standin-cli.js";

await runStandin("master", process.argv.slice(2));
