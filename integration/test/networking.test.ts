import { describe, expect, it } from "vitest";
import { chooseNetworking } from "../src/targets/networking.js";

const linux = {
  host: "localhost",
  operatingSystem: "Debian GNU/Linux 12 (bookworm)",
  operatingSystemType: "linux",
};

describe("chooseNetworking", () => {
  it("host networking on a local Linux engine", () => {
    expect(chooseNetworking(linux, "n")).toEqual({
      networking: { mode: "host", ip: "127.0.0.1" },
      noHostNetworking: undefined,
    });
  });

  it("a bridge, with the reason, on Docker Desktop, remote engines and Windows containers", () => {
    const desktop = chooseNetworking({ ...linux, operatingSystem: "Docker Desktop" }, "n");
    expect(desktop.networking).toEqual({ mode: "bridge", network: "n" });
    expect(desktop.noHostNetworking).toMatch(/Docker Desktop/);
    expect(chooseNetworking({ ...linux, host: "10.1.2.3" }, "n").noHostNetworking).toMatch(
      /remote \(10\.1\.2\.3\)/,
    );
    expect(chooseNetworking({ ...linux, operatingSystemType: "windows" }, "n").noHostNetworking).toMatch(
      /windows/,
    );
  });
});
