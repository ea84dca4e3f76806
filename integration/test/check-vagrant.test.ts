// Runs integration/scripts/check-vagrant.sh when vagrant and shellcheck exist; says loudly when
// they do not (CI installs them: see the report in integration/README.md).
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
const tools = has("vagrant") && has("shellcheck");
const script = join(import.meta.dirname, "..", "scripts", "check-vagrant.sh");
const vagrantDir = join(import.meta.dirname, "..", "..", "vagrant");

if (!tools) {
  console.warn(
    "check-vagrant: vagrant and/or shellcheck are NOT INSTALLED: the Vagrantfile and provisioning scripts were NOT checked " +
      "(apt-get install -y --no-install-recommends vagrant shellcheck)",
  );
}

// In CI a missing tool is a failure, never a silent skip: .ci/run installs both.
it.runIf(!tools && process.env.CI === "true")("CI has vagrant and shellcheck to check vagrant/", () => {
  expect.fail("vagrant and shellcheck must be installed in CI (.ci/run installs them with apt-get)");
});

describe.skipIf(!tools)("vagrant dev cluster (vagrant validate, shellcheck)", () => {
  it("passes check-vagrant.sh", () => {
    const out = execFileSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(out).toContain("vagrant validate: ok");
    expect(out).toContain("shellcheck: ok");
  });

  it("vagrant validate catches an unknown config.vm key (the check can fail)", () => {
    // Both temp dirs go away afterwards: the suite leaves nothing in /tmp.
    const dir = mkdtempSync(join(tmpdir(), "vagrant-check-"));
    const home = mkdtempSync(join(tmpdir(), "vagrant-home-"));
    try {
      cpSync(vagrantDir, dir, { recursive: true });
      const file = join(dir, "Vagrantfile");
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace("config.vm.box_check_update", "config.vm.box_check_updat"),
      );
      const r = spawnSync("vagrant", ["validate", "--ignore-provider"], {
        cwd: dir,
        encoding: "utf8",
        env: {
          ...process.env,
          VAGRANT_HOME: home,
          VAGRANT_CHECKPOINT_DISABLE: "1",
        },
      });
      expect(r.status).not.toBe(0);
      expect(`${r.stdout}${r.stderr}`).toContain("box_check_updat");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  }, 30_000);

  it("the systemd units are enabled by provisioning and restart on failure", () => {
    for (const [unit, script] of [
      ["mesos-master", "master.sh"],
      ["mesos-agent", "agent.sh"],
    ] as const) {
      expect(readFileSync(join(vagrantDir, "provision", script), "utf8")).toContain(
        `systemctl enable ${unit}.service`,
      );
      const text = readFileSync(join(vagrantDir, "systemd", `${unit}.service`), "utf8");
      expect(text).toContain("WantedBy=multi-user.target");
      expect(text).toContain("Restart=always");
    }
    expect(readFileSync(join(vagrantDir, "provision", "master.sh"), "utf8")).toContain(
      "systemctl enable --now zookeeper.service",
    );
  });
});
