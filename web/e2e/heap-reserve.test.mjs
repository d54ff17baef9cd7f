// heap-reserve.test.mjs — the 512 KiB of Go heap that the module reserves
// (reserveHeapWhenIdle in wasm/bridge/promise.go) are taken after load()
// has resolved, in the first idle moment: in headless Chromium
// (requestIdleCallback) and in Node (a timer). Taken during start-up
// (1 MiB then), they cost load() the Go heap's first collection, about
// 20 ms in a cold Chromium. The reserve is garbage from the start, but no
// collection runs here (no calls, a heap under Go's 1 MB goal), so the
// heap in use shows it.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { DIST, openBrowser, staticServer } from "./harness.mjs";

/** RESERVE is heapReserve in wasm/bridge/promise.go. */
const RESERVE = 512 * 1024;

/**
 * statsAroundIdle runs where the module loads (a page or Node): it loads
 * it and resolves with OryLogin.stats() as load() resolved and once the
 * heap in use has grown by the reserve (or after 5 s).
 */
async function statsAroundIdle([loaderURL, wasmURL, reserve]) {
  const { load } = await import(loaderURL);
  const api = await load(wasmURL ? { wasmURL } : {});
  const atLoad = api.stats();
  const deadline = performance.now() + 5000;
  let later;
  do {
    await new Promise((r) => setTimeout(r, 20));
    later = api.stats();
  } while (later.heapBytes - atLoad.heapBytes < reserve && performance.now() < deadline);
  return { atLoad, later };
}

/** checkReserve: load() resolved without the reserve, which the heap holds later. */
function checkReserve({ atLoad, later }) {
  assert.ok(later.heapBytes - atLoad.heapBytes >= RESERVE,
    `heap in use ${atLoad.heapBytes} B as load() resolved, ${later.heapBytes} B later: the reserve was not taken after load()`);
}

test("Chromium: load() resolves before the heap reserve, the first idle moment takes it", { timeout: 60_000 }, async () => {
  const server = await staticServer();
  const browser = await openBrowser();
  try {
    const { page } = browser;
    await page.route("**/blank.html", (r) => r.fulfill({ contentType: "text/html", body: "<!doctype html><title>blank</title>" }));
    await page.goto(`${server.url}blank.html`);
    checkReserve(await page.evaluate(statsAroundIdle, [`${server.url}orylogin.js`, null, RESERVE]));
    assert.deepEqual(browser.watch.pageErrors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test("Node: load() resolves before the heap reserve, a timer takes it", { timeout: 60_000 }, async () => {
  const loader = pathToFileURL(join(DIST, "orylogin.js")).href;
  checkReserve(await statsAroundIdle([loader, join(DIST, "orylogin.wasm"), RESERVE]));
});
