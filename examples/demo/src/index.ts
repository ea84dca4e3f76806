// @mesos-ts/demo: the example framework behind `npm run demo`, usable as a library too.
export { agentFilesReader } from "./agent-files.js";
export { type DemoConfig, type DemoIO, type DemoRun, EXIT, runDemo } from "./demo.js";
export {
  type EmbeddedCluster,
  type EmbeddedClusterOptions,
  startEmbeddedCluster,
} from "./embedded-cluster.js";
export {
  type FrameworkOptions,
  type FrameworkResult,
  type Outcome,
  type OutputReader,
  runFramework,
  type TaskOutput,
  type TaskResult,
} from "./framework.js";
export { type LineWriter, Progress } from "./progress.js";
export { renderSummary, type SummaryContext, summaryJson } from "./summary.js";
export { type DemoTaskSpec, DOCKER_CONTAINER_PORT, DOCKER_IMAGE, demoTasks } from "./tasks.js";
