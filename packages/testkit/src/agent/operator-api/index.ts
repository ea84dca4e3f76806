export { type AgentOperatorContext, agentOperatorEndpoint } from "./agent-operator-endpoint.js";
export { ContainerSessions } from "./container-sessions.js";
