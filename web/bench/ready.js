// ready.js — the time-to-ready page of the bench: what an embedding page does
// first (import the loader, await load()), and when that was done, in ms
// since navigation start (performance.now()'s origin).
import { load } from "../orylogin.js";

try {
  await load();
  const readyMs = performance.now();
  // The module the loader fetched, whatever it is named (the first .wasm).
  const wasm = performance.getEntriesByType("resource").find((e) => new URL(e.name).pathname.endsWith(".wasm"));
  window.benchReady = {
    readyMs,
    wasmRequestMs: wasm ? wasm.requestStart : null, // when the wasm fetch went out
    wasmResponseEndMs: wasm ? wasm.responseEnd : null, // its last byte arrived (compiling streams alongside)
    wasmTransferBytes: wasm ? wasm.transferSize : null, // 0 or header-sized when served from the HTTP cache
  };
} catch (e) {
  window.benchReady = { error: String(e?.message ?? e) };
}
