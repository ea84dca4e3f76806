// The README's usage example is examples/usage.ts; run it and check the README shows it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { packageDir } from "./helpers/paths.js";

it("runs the README usage example and the README contains it verbatim", async () => {
  const example = await import("../examples/usage.js");
  expect(example.body).toBe(
    '{"framework_id":{"value":"7c0b5e4e-2f35-4a55-9b7e-0e0c3c9f1a10-0000"},"type":"DECLINE","decline":{"offer_ids":[{"value":"O42"}]}}',
  );
  expect(example.nanos).toBe(1732261234567891234n);
  expect(example.roundTrip.decline?.offer_ids).toEqual([{ value: "O42", _unknownFields: {} }]);
  expect(example.refuseSeconds).toBe(5);
  expect(example.code).toBe("MESOS_PROTO_MISSING_REQUIRED");
  const source = readFileSync(join(packageDir, "examples", "usage.ts"), "utf8");
  const body = source.slice(source.indexOf("import {"));
  expect(readFileSync(join(packageDir, "README.md"), "utf8")).toContain(body.trim());
});
