// The process side of `mesos-ts`: signals, exit code. bin/mesos-ts.js loads this file.

import { processIO } from "./io.js";
import { main } from "./main.js";

const stop = new AbortController();
const onSignal = () => stop.abort();
process.once("SIGINT", onSignal);
process.once("SIGTERM", onSignal);
const code = await main(process.argv.slice(2), processIO(stop.signal));
// stdin may still be open (task exec): leave now, with the command's own code.
process.exit(code);
