/**
 * Calls `onOrphaned` once when this process's parent is gone (it was re-parented: `npx` killed,
 * a terminal closed). Node has no parent-death signal (Linux `PR_SET_PDEATHSIG` needs native
 * code), so the parent pid is polled; the timer is unref'd and never keeps the process alive.
 */
export function watchParent(onOrphaned: () => void, intervalMs = 1000): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
