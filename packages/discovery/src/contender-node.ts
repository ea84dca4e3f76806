import type { ContenderLabel } from "./master-info.js";

/** A child of the group znode that stands for election. */
export interface ContenderNode {
  readonly name: string;
  readonly label: ContenderLabel;
  readonly sequence: number;
}

/**
 * Parses a child name as Mesos does (`src/zookeeper/group.cpp`): split on `_`, the label is the first
 * token, the sequence the last one as a number. Names without a numeric tail (`log_replicas`)
 * are not contenders. Labels other than `json.info`, `info` and none are returned as `unknown`.
 */
export function parseContenderNode(
  name: string,
): ContenderNode | { name: string; unknownLabel: string } | undefined {
  const tokens = name.split("_");
  const last = tokens[tokens.length - 1] ?? "";
  if (!/^\d+$/.test(last)) return undefined;
  const sequence = Number(last);
  if (!Number.isSafeInteger(sequence) || sequence > 2 ** 31 - 1) return undefined;
  const label = tokens.length > 1 ? (tokens[0] ?? "") : "";
  if (label === "json.info" || label === "info" || label === "") return { name, label, sequence };
  return { name, unknownLabel: label };
}

/** Contenders ordered by sequence number (numeric, not string, order): the leader first. */
export function sortContenders(nodes: readonly ContenderNode[]): ContenderNode[] {
  return [...nodes].sort((a, b) => a.sequence - b.sequence);
}
