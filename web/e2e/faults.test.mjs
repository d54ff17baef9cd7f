// faults.test.mjs — faults between headless Chromium and a real Kratos.
// The fault proxy (wasm/cmd/faultproxy) sits on loopback between them; for
// every step of the login and every fault it answers that step's request
// with the fault. Each time the Promise must reject with its stable code,
// client.state must be what it was (no half transition, no "change"
// event), the module must live on, exactly one request must have gone out
// (nothing is retried, least of all a password or a code), and the same
// step must succeed once the fault is gone. The same runs for issue 12's
// calls (refresh, TOTP, backup code, SMS) on a Kratos with the demo
// identity's second factors linked.
//
// The browser flow runs through the proxy as it is. Stock Kratos refuses
// the api flow from a browser (it sees Origin), so the api flow runs
// through the same proxy in strip mode, which drops Origin and Cookie and
// answers CORS itself (protocol §5.2b) — real Kratos all the same.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { mailIds, newIdentity, openBrowser, waitForMail, waitReady } from "./harness.mjs";
import { call, newClient, report, startStack, stats } from "./hardening.mjs";

/**
 * TIMEOUT_MS is the clients' timeoutMs: generous, so that a slow machine
 * does not turn a real answer into a timeout; the "delay" fault's run uses
 * DELAY_TIMEOUT_MS, which its held requests outlast (they are held 60 s).
 */
const TIMEOUT_MS = 20000;
const DELAY_TIMEOUT_MS = 5000;

/** FAULTS are what the proxy does to one request, and what the call must reject with. */
const FAULTS = [
  { fault: "500", code: "server", status: 500 },
  { fault: "502", code: "server", status: 502 },
  { fault: "429-retry-after", code: "rate_limited", status: 429, retryAfter: 7 },
  { fault: "429", code: "rate_limited", status: 429, retryAfter: 0 },
  { fault: "truncated", code: "bad_response" },
  { fault: "not-json", code: "bad_response" },
  { fault: "oversized", code: "bad_response" }, // 1.5 MiB streamed without Content-Length
  { fault: "oversized-declared", code: "bad_response" }, // the same with its Content-Length
  { fault: "reset", code: "network", status: 0 },
  { fault: "delay", code: "timeout", status: 0 }, // held past timeoutMs, never forwarded
];

/**
 * STEPS is the whole login against a Kratos that accepts aal1 sessions,
 * each step with its argument and where it leads. skips lists which of the
 * step's requests get the fault (0: the first; the browser flow's logout
 * makes two).
 */
const STEPS = [
  { method: "startLogin", want: "password" },
  { method: "submitPassword", arg: (x) => ({ identifier: x.who.email, password: x.who.password }), want: "authenticated", secret: "password" },
  { method: "startStepUp", want: ["choose_method", "code_sent"] }, // code_sent: Kratos v26 mailed the code at once
  { method: "sendCode", arg: (x) => ({ address: x.who.email }), want: "code_sent", mails: true },
  { method: "resendCode", want: "code_sent", mails: true },
  { method: "submitCode", arg: (x) => ({ code: x.code }), want: "authenticated", secret: "code" },
  { method: "whoami", session: true },
  { method: "logout", want: "signed_out", skips: { browser: [1, 0], api: [0] } },
];

/**
 * METHOD_STEPS are issue 12's calls on a Kratos with the demo identity's
 * authenticator app, backup codes and phone linked (-methods
 * totp,lookup_secret,sms): refresh, a TOTP code, a backup code and a code
 * by SMS. The codes are wrong ones, so that a fault that let the request
 * reach Kratos spends nothing; fault: false steps only move the login on.
 */
const METHOD_STEPS = [
  { method: "startLogin", want: "password", fault: false },
  { method: "submitPassword", arg: (x) => ({ identifier: x.who.email, password: x.who.password }), want: "authenticated", fault: false },
  { method: "startLogin", arg: () => ({ refresh: true }), want: "password" },
  { method: "submitPassword", arg: (x) => ({ password: x.who.password }), want: "authenticated", fault: false },
  { method: "startStepUp", want: "choose_method", fault: false },
  { method: "submitTotp", arg: () => ({ code: "000000" }), want: "choose_method", secret: "totp_code" },
  { method: "submitLookupSecret", arg: () => ({ code: "zz00zz00" }), want: "choose_method", secret: "lookup_secret" },
  { method: "sendCode", arg: (x) => ({ address: x.who.phone }), want: "code_sent" },
];

const counted = { browser: 0, api: 0 };
after(() => {
  report("faults", { cases: counted.browser + counted.api, browser: counted.browser, api: counted.api, faults: FAULTS.length, steps: STEPS.length + METHOD_STEPS.filter((s) => s.fault !== false).length });
});

/**
 * describeFaults runs every fault at every step of steps, in both flow
 * kinds, on its own dev server (flags) behind the fault proxy, with a
 * fresh identity (who(server, name)) per case.
 */
function describeFaults(title, flags, steps, who) {
  describe(title, () => {
    let stack;
    let browser;
    before(async () => {
      stack = await startStack({ requiredAAL: "aal1", flags });
      browser = await openBrowser();
      await browser.page.goto(stack.server.url);
      await waitReady(browser.page);
    });
    after(async () => {
      await browser?.close();
      await stack?.stop();
    });
    for (const flow of ["browser", "api"]) {
      describe(`faults in the ${flow} flow, every step`, () => {
        before(async () => { await stack.proxy.setStripOrigin(flow === "api"); });
        for (const f of FAULTS) {
          test(`${f.fault} → ${f.code}`, { timeout: 240_000 }, () => faultRun(stack, browser, flow, f, steps, who));
        }
      });
    }
  });
}

/** faultRun is one fault at each step of one login (see the file's comment). */
async function faultRun(stack, browser, flow, f, STEPS, who) {
  const { page, watch } = browser;
  const { proxy, server } = stack;
  await browser.context.clearCookies(); // a session a failed test left behind must not leak into the next
  const x = { who: await who(server, `fault-${flow}-${f.fault}`), code: "" };
  await newClient(page, { baseURL: proxy.url, flow, timeoutMs: f.fault === "delay" ? DELAY_TIMEOUT_MS : TIMEOUT_MS });

  for (const step of STEPS) {
    const arg = step.arg?.(x);
    const label = `${flow} ${step.method} / ${f.fault}`;
    for (const skip of step.fault === false ? [] : (step.skips?.[flow] ?? [0])) {
      const mark = await proxy.seq();
      await proxy.arm({ fault: f.fault, skip });
      const r = await call(page, step.method, arg);
      assert.equal(r.ok, false, `${label}: resolved with ${JSON.stringify(r.value)?.slice(0, 200)}`);
      const e = r.error;
      assert.equal(e.code, f.code, `${label}: ${JSON.stringify(e)}`);
      assert.equal(e.isOryLoginError, true, label);
      assert.equal(e.name, "OryLoginError", label);
      if (f.status !== undefined) assert.equal(e.status, f.status, `${label}: status`);
      if (f.retryAfter !== undefined) assert.equal(e.retryAfter, f.retryAfter, `${label}: retryAfter`);
      assert.match(e.message, new RegExp(`^orylogin: ${f.code}`), label);
      for (const s of [x.who.password, x.code].filter(Boolean)) assert.ok(!e.message.includes(s), `${label}: a secret in the error text`);
      assert.equal(r.after, r.before, `${label}: the state moved`);
      assert.equal(r.changes, 0, `${label}: a "change" event fired`);
      assert.equal(await proxy.disarm(), 0, `${label}: the fault was not used`);

      // A connection failure (TypeError in the browser) makes the fetch transport probe the
      // origin's /health/alive to tell a CORS refusal from the network's fault: only GETs
      // that carry nothing, and never the failed request again.
      const all = await proxy.requests(mark);
      const probes = all.filter((q) => q.path === "/health/alive");
      assert.ok(probes.every((q) => q.method === "GET" && q.carries.length === 0 && !q.fault), `${label}: probes ${JSON.stringify(probes)}`);
      assert.ok(probes.length === 0 || f.code === "network", `${label}: a probe after ${f.fault}`);
      const sent = all.filter((q) => q.path !== "/health/alive");
      assert.equal(sent.length, skip + 1, `${label}: ${sent.length} requests went out, want ${skip + 1} (nothing retried): ${JSON.stringify(sent)}`);
      assert.equal(sent.at(-1).fault, f.fault, label);
      if (step.secret) assert.equal(sent.filter((q) => q.carries.includes(step.secret)).length, 1, `${label}: the ${step.secret} went out more than once`);

      const alive = await stats(page);
      assert.ok(alive.wasmMemoryBytes > 0, `${label}: the module is gone`);
      counted[flow]++;
    }

    // The fault is gone: the same step succeeds.
    const seen = step.mails ? await mailIds(server, x.who.email) : null;
    const mark = await proxy.seq();
    const r = await call(page, step.method, arg);
    assert.equal(r.ok, true, `${flow} ${step.method} after ${f.fault}: ${JSON.stringify(r.error)}`);
    if (step.session) {
      assert.equal(r.value?.aal, "aal2", `${flow} whoami after ${f.fault}`);
    } else {
      assert.ok([step.want].flat().includes(r.value.step), `${flow} ${step.method} after ${f.fault}: ${r.value.step}`);
    }
    const sent = await proxy.requests(mark);
    assert.ok(sent.length >= 1 && sent.every((q) => !q.fault), `${flow} ${step.method}: ${JSON.stringify(sent)}`);
    if (step.secret) assert.equal(sent.filter((q) => q.carries.includes(step.secret)).length, 1, `${flow} ${step.method}: the ${step.secret} went out more than once`);
    if (step.mails) x.code = (await waitForMail(server, x.who.email, seen)).code;
  }
  assert.deepEqual(watch.pageErrors, [], "uncaught page errors");
}

describeFaults("the password and e-mail code login", [], STEPS, newIdentity);
describeFaults("issue 12's methods (-methods totp,lookup_secret,sms)", ["-methods", "totp,lookup_secret,sms"], METHOD_STEPS,
  async (server) => ({ email: server.email, password: server.password, phone: server.phone }));
