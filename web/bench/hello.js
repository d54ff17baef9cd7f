// hello.js — the Go floor under time to ready: the smallest Go program
// (wasm/cmd/bench/hello), loaded as orylogin.js loads orylogin.wasm: its
// request first, Go's glue meanwhile, then a streaming compile.
try {
  const response = fetch(new URL("./hello.wasm", import.meta.url), { credentials: "same-origin" });
  await import(new URL("../wasm_exec.js", import.meta.url).href);
  const go = new globalThis.Go();
  const ready = new Promise((resolve) => (window.benchHelloReady = resolve));
  const { instance } = await WebAssembly.instantiateStreaming(response, go.importObject);
  go.run(instance);
  await ready;
  const readyMs = performance.now();
  const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/hello.wasm"));
  window.benchReady = {
    readyMs,
    wasmRequestMs: wasm ? wasm.requestStart : null,
    wasmResponseEndMs: wasm ? wasm.responseEnd : null,
    wasmTransferBytes: wasm ? wasm.transferSize : null,
  };
} catch (e) {
  window.benchReady = { error: String(e?.message ?? e) };
}
