export { shellExecutorCommand } from "./executor-command.js";
export { runShellFramework, type ShellFrameworkOptions, type ShellFrameworkSummary } from "./framework.js";
export { runShell } from "./run-shell.js";
