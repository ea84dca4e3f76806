import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AbortError, decode, encode } from "../src/index.js";
import { concat, text, utf8 } from "./helpers/bytes.js";

// A real chunked HTTP response over loopback: chunk boundaries are the network's, not ours.
const payloads = Array.from({ length: 200 }, (_, i) =>
  JSON.stringify({ type: "UPDATE", n: i, pad: "é".repeat(i) }),
);
const stream = concat(payloads.map((p) => encode(utf8(p))));
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    if (req.url === "/stall") {
      res.write(stream.subarray(0, 10)); // then nothing, like a quiet subscription
      return;
    }
    // Odd-sized writes, so that records and length lines are cut in every way.
    for (let pos = 0; pos < stream.length; pos += 777) res.write(stream.subarray(pos, pos + 777));
    res.end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("undici bodies", () => {
  it("decodes a streamed response body from undici.request", async () => {
    const { body } = await request(`${url}/events`, { method: "POST" });
    const records: string[] = [];
    for await (const record of decode(body)) records.push(text(record));
    expect(records).toEqual(payloads);
  });

  it("aborting a quiet stream ends decoding and destroys the body", async () => {
    const { body } = await request(`${url}/stall`, { method: "POST" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      (async () => {
        for await (const _record of decode(body, { signal: controller.signal })) {
          // the first record never completes
        }
      })(),
    ).rejects.toBeInstanceOf(AbortError);
    expect(body.destroyed).toBe(true);
  });
});
