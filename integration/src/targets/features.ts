/**
 * What a scenario may need from a target beyond "a leading master answers". A target states,
 * for each feature it lacks, why: that sentence is what the report prints as "not runnable".
 */
export type Feature =
  /** Launching tasks (and so offers being used). External clusters need the user's consent. */
  | "launch"
  /** An agent with the Docker containerizer. */
  | "docker-task"
  /** Three masters behind ZooKeeper that the suite may kill (leading-master failover). */
  | "master-failover"
  /** Agents that can start this repository's TypeScript custom executor (Node.js and the sources). */
  | "custom-executor";

export const FEATURES: readonly Feature[] = ["launch", "docker-task", "master-failover", "custom-executor"];

/** Feature → `true` when present, else the reason it is not. */
export type FeatureSupport = Readonly<Record<Feature, true | string>>;

/** The first feature of `needs` the target lacks, as its reason; `undefined` when all are there. */
export function missingFeature(support: FeatureSupport, needs: readonly Feature[]): string | undefined {
  for (const need of needs) {
    const have = support[need];
    if (have !== true) return `${need}: ${have}`;
  }
  return undefined;
}
