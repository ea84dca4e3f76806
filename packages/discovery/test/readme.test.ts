import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { startZooKeeper } from "@mesos-ts/zookeeper-server";
import { expect, it } from "vitest";
import { contend, fakeMaster } from "./helpers/mesos-master.js";

it("README example runs against a real ZooKeeper", async () => {
  const dir = join(import.meta.dirname, "..");
  const code = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(dir, "README.md"), "utf8"))![1]!;
  const file = join(dir, "test", `.readme-${process.pid}.mts`);
  writeFileSync(file, code);
  const zk = await startZooKeeper();
  const m = await contend(zk.connectString, "/readme", fakeMaster(9));
  try {
    const root = join(dir, "../..");
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", file], {
      cwd: root,
      env: {
        ...process.env,
        MESOS_MASTER: `zk://${zk.connectString}/readme`,
        TSX_TSCONFIG_PATH: join(root, "tsconfig.dev.json"),
      },
    });
    expect(stdout).toBe("leader at http://10.0.0.9:5059\nnow http://10.0.0.9:5059\n");
  } finally {
    rmSync(file, { force: true });
    await m.leave();
    await zk.stop();
  }
});
