// endurance.test.mjs — 200 logins in a row in one page, against a real
// Kratos: password (aal1), step-up, code (aal2), logout, each round on the
// same client. Every round must succeed, and OryLogin.stats() must stay
// flat: the live JS callbacks and goroutines as after the first round, the
// heap live after a collection (liveHeapBytes) within LEAK_SLACK of what it
// was by round WARM, and the wasm memory under 4 MiB in all, grown by at
// most one wasm page after round WARM. The first, warm (the first after
// round WARM) and last figures are printed and reported.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { newIdentity, openBrowser, startDevServer, waitReady } from "./harness.mjs";
import { report } from "./hardening.mjs";

const ROUNDS = Number(process.env.ORYLOGIN_ENDURANCE_ROUNDS || 200);
const CHUNK = 19; // rounds per page.evaluate
// WARM is the round by which the page has settled. The bridge collects the
// Go heap every 32 calls (collectSoon in wasm/bridge/promise.go) and notes
// the heap in use right after: it read 51-56 KB at every chunk from round
// 20 to 400, the same figures in two runs, so a leak shows there first and
// exactly. The wasm memory only grows, and where the heap's peaks land
// between collections depends on timing: it reached 3.4 MiB by round 39
// in one run and by round 77 in the next, flat to round 400 in both; the
// earlier line (not a byte after round 50) failed on that.
const WARM = 100;
// LEAK_SLACK is how far the live heap may rise over its highest reading up
// to round WARM: a leak of 100 bytes a round goes over it within 100
// rounds. ROUNDS must be well past WARM for the check to see anything.
const LEAK_SLACK = 8 * 1024;
const WASM_PAGE = 64 * 1024;
const MiB = 1 << 20;

let server;
before(async () => { server = await startDevServer(["-required-aal", "aal1"]); });
after(async () => { await server?.stop(); });

/**
 * rounds runs in the page: n whole logins on window.__c, the codes read
 * from the dev server's /dev/inbox. It resolves with each round's time, or
 * the first failure.
 */
function rounds([n, people, first]) {
  const c = window.__c;
  const inbox = async (email) => {
    const r = await fetch(`/dev/inbox?email=${encodeURIComponent(email)}`, { cache: "no-store" });
    if (!r.ok) throw new Error(`inbox HTTP ${r.status}`);
    return r.json();
  };
  const expect = (s, step, what) => {
    if (s.step !== step) throw new Error(`${what}: step ${s.step}, want ${step}: ${JSON.stringify(s.messages)}`);
  };
  const run = async () => {
    const times = [];
    for (let i = 0; i < n; i++) {
      const who = people[(first + i) % people.length];
      const t0 = performance.now();
      try {
        expect(await c.startLogin(), "password", "startLogin");
        expect(await c.submitPassword({ identifier: who.email, password: who.password }), "authenticated", "submitPassword");
        // Kratos v26 mails a code when the aal2 flow is made (code_sent);
        // sendCode is then a resend, and the newest code counts.
        const stepped = await c.startStepUp();
        expect(stepped, stepped.step === "code_sent" ? "code_sent" : "choose_method", "startStepUp");
        const seen = new Set((await inbox(who.email)).map((m) => m.id));
        expect(await c.sendCode(), "code_sent", "sendCode");
        let mail;
        for (let tries = 0; !mail; tries++) {
          mail = (await inbox(who.email)).find((m) => !seen.has(m.id));
          if (!mail) {
            if (tries > 400) throw new Error("no mail");
            await new Promise((r) => setTimeout(r, 25));
          }
        }
        const s = await c.submitCode({ code: mail.code });
        expect(s, "authenticated", "submitCode");
        if (s.aal !== "aal2") throw new Error(`aal ${s.aal}`);
        expect(await c.logout(), "signed_out", "logout");
      } catch (e) {
        return { times, failed: { round: first + i + 1, code: e.code, message: String(e.message) } };
      }
      times.push(performance.now() - t0);
    }
    return { times };
  };
  return run();
}

describe("endurance", () => {
  test(`${ROUNDS} logins in a row in one page stay flat`, { timeout: 1_500_000 }, async () => {
    assert.ok(ROUNDS >= 2 * WARM, `ORYLOGIN_ENDURANCE_ROUNDS=${ROUNDS}: at least ${2 * WARM} rounds, or the leak check sees nothing`);
    const b = await openBrowser();
    try {
      const { page, watch } = b;
      await page.goto(server.url);
      await waitReady(page);
      const people = [];
      for (let i = 0; i < 10; i++) people.push(await newIdentity(server, `endure${i}`));
      await page.evaluate((baseURL) => { window.__c = window.OryLogin.newClient({ baseURL, flow: "browser", timeoutMs: 30000 }); }, server.kratosPublic);
      const stats = () => page.evaluate(() => ({ ...window.OryLogin.stats() }));
      const before = await stats();

      const times = [];
      const series = []; // [rounds done, stats] after every chunk
      for (let done = 0; done < ROUNDS;) {
        const n = done === 0 ? 1 : Math.min(CHUNK, ROUNDS - done);
        const r = await page.evaluate(rounds, [n, people, done]);
        times.push(...r.times);
        assert.equal(r.failed, undefined, `round ${r.failed?.round} failed: ${JSON.stringify(r.failed)}`);
        done += n;
        series.push([done, await stats()]);
      }
      assert.equal(times.length, ROUNDS);
      const firstStats = series[0][1]; // after one whole round: everything lazily made exists
      const [warmRound, warmStats] = series.find(([done]) => done >= WARM); // ROUNDS >= 2 * WARM: always one
      const lastStats = series.at(-1)[1];
      const liveBy = (f) => Math.max(...series.filter(([done]) => f(done)).map(([, st]) => st.liveHeapBytes));
      const liveUntilWarm = liveBy((done) => done <= warmRound);
      const liveAfterWarm = liveBy((done) => done > warmRound);

      const sorted = [...times].sort((a, b) => a - b);
      const ms = (x) => Math.round(x);
      const figures = {
        rounds: ROUNDS,
        before,
        first: firstStats,
        warm: warmStats,
        warmRound,
        last: lastStats,
        wasmGrowthBytes: lastStats.wasmMemoryBytes - firstStats.wasmMemoryBytes,
        wasmGrowthSinceWarmBytes: lastStats.wasmMemoryBytes - warmStats.wasmMemoryBytes,
        liveHeapBytes: { untilWarm: liveUntilWarm, afterWarm: liveAfterWarm },
        roundMs: { min: ms(sorted[0]), median: ms(sorted[sorted.length >> 1]), max: ms(sorted.at(-1)) },
      };
      report("endurance", figures);

      assert.equal(lastStats.liveCallbacks, firstStats.liveCallbacks, "live JS callbacks grew");
      assert.ok(lastStats.goroutines <= firstStats.goroutines + 2, `goroutines ${firstStats.goroutines} → ${lastStats.goroutines}`);
      assert.ok(liveUntilWarm > 0, "no collection noted the live heap by round " + warmRound);
      assert.ok(liveAfterWarm <= liveUntilWarm + LEAK_SLACK,
        `the heap live after a collection rose from at most ${liveUntilWarm} B by round ${warmRound} to ${liveAfterWarm} B later: a leak`);
      assert.ok(lastStats.wasmMemoryBytes < 4 * MiB, `wasm memory ${(lastStats.wasmMemoryBytes / MiB).toFixed(1)} MiB`);
      assert.ok(figures.wasmGrowthSinceWarmBytes <= WASM_PAGE, `wasm memory grew by ${figures.wasmGrowthSinceWarmBytes} bytes after round ${warmRound}`);
      assert.ok(lastStats.heapBytes < 64 * MiB, `heap ${lastStats.heapBytes}`);
      assert.deepEqual(watch.pageErrors, []);
      assert.deepEqual(watch.consoleErrors(server.kratosPublic), []);
    } finally {
      await b.close();
    }
  });
});
