// floor.js — the floor under time to ready on this machine: the same page as
// ready.html with an empty module instead of orylogin.
window.benchReady = { readyMs: performance.now(), wasmRequestMs: null, wasmResponseEndMs: null, wasmTransferBytes: null };
