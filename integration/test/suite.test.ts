// The conformance suite under vitest on the target chosen for this machine (printed first).
import { defineConformanceSuite } from "./helpers/conformance-suite.js";

await defineConformanceSuite(process.env);
