/** Asks testcontainers for a container runtime; resolves with why there is none, or undefined. */
export async function probeContainerRuntime(): Promise<string | undefined> {
  let tc: typeof import("testcontainers");
  try {
    tc = await import("testcontainers");
  } catch {
    return "testcontainers is not installed";
  }
  try {
    await tc.getContainerRuntimeClient();
    return undefined;
  } catch (e) {
    return firstLine(e);
  }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n")[0]?.trim() || "no container runtime";
}
