#!/usr/bin/env node
// Stand-in for `mesos-agent` (see standin-cli.ts): runs a simulated agent.
import { runStandin } from "./standin-cli.js";

await runStandin("agent", process.argv.slice(2));
