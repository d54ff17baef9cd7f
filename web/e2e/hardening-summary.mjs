// hardening-summary.mjs — prints what the hardening tests tried, from the
// JSON lines they (and build.sh's fuzz phase) appended to one file:
//
//   node web/e2e/hardening-summary.mjs .cache/hardening.jsonl
//
// It exits 1 when a part reported nothing, or reported zero cases: a
// hardening test that was skipped or tried nothing is a failure too.
import { readFileSync } from "node:fs";

const file = process.argv[2];
let lines = [];
try {
  lines = readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
} catch (err) {
  console.log(`no hardening report at ${file}: ${err.message}`);
  process.exit(1);
}
const of = (kind) => lines.filter((l) => l.kind === kind);
const sum = (xs, key) => xs.reduce((n, x) => n + (Number(x[key]) || 0), 0);
const mib = (b) => `${(b / (1 << 20)).toFixed(1)} MiB`;
const kib = (b) => `${Math.round((b ?? 0) / 1024)} KiB`;
const problems = [];
const row = (name, text, count) => {
  if (!(count > 0)) problems.push(name);
  console.log(`${count > 0 ? "  " : "!!"} ${name.padEnd(16)} ${count > 0 ? text : "NOTHING TRIED (not run, skipped or failed early)"}`);
};

const faults = of("faults");
row("faults", `${sum(faults, "cases")} cases in Chromium against real Kratos through the fault proxy: ${faults[0]?.faults} faults × ${faults[0]?.steps} steps, browser flow ${sum(faults, "browser")} (logout's 2nd request too), api flow ${sum(faults, "api")} (Origin-stripping proxy)`, sum(faults, "cases"));

const misuse = of("misuse");
row("misuse", `${sum(misuse, "cases")} cases in Chromium: invalid_transition ${sum(misuse, "invalidTransition")}, busy ${sum(misuse, "busy")}, invalid_argument ${sum(misuse, "invalidArgument")}, newClient options ${sum(misuse, "options")}; nothing sent (counted at the proxy)`, sum(misuse, "cases"));

const fuzz = of("fuzz");
for (const target of new Set(fuzz.map((x) => x.target))) { // build.sh FUZZ_TARGETS, each fails there on 0 executions
  const f = fuzz.filter((x) => x.target === target);
  row(`fuzz ${target}`, `${sum(f, "execs")} executions in ${f[0]?.fuzztime} (${f[0]?.package})`, sum(f, "execs"));
}

const secrets = of("secrets");
row("secrets canary", `${sum(secrets, "checks")} place × secret checks, browser and api flow (api through the Origin-stripping proxy), real Kratos`, sum(secrets, "checks"));

const security = of("security");
row("browser security", `${sum(security, "cspChecks")} CSP checks, ${sum(security, "injected")} hostile messages/nodes injected into real answers`, sum(security, "cspChecks") && sum(security, "injected"));

const e = of("endurance").at(-1);
const figures = (s) => `wasm ${mib(s.wasmMemoryBytes)}, heap ${mib(s.heapBytes)} (${kib(s.liveHeapBytes)} live after a collection), callbacks ${s.liveCallbacks}, goroutines ${s.goroutines}`;
row("endurance", e ? `${e.rounds} logins in one page, round ${e.roundMs.median} ms median; after round 1: ${figures(e.first)}; after round ${e.warmRound ?? 1}: ${figures(e.warm ?? e.first)}; after round ${e.rounds}: ${figures(e.last)}` : "", e?.rounds);

if (problems.length) {
  console.log(`missing: ${problems.join(", ")}`);
  process.exit(1);
}
