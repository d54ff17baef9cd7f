// misuse.test.mjs — misuse and races through the JS API of the built
// dist/, in headless Chromium, with the fault proxy counting what reaches
// Ory: out-of-order calls reject with invalid_transition, a call while
// another is in flight with busy, bad arguments and bad options with
// invalid_argument — and none of them sends anything, moves the state,
// fires a "change" event or shows the argument in its error.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { mailIds, newIdentity, openBrowser, waitForMail, waitReady } from "./harness.mjs";
import { call, newClient, report, startStack } from "./hardening.mjs";

/** SECRET is in refused arguments; no error may show it. */
const SECRET = "s3cret-Misuse-Canary-77";

/** METHODS are the client's Promise-returning steps. */
// AFTER_STEP_UP: where startStepUp leads: choose_method (Kratos v1.3.1), or
// code_sent where Ory mails the code as the aal2 flow is made (v26); a
// sendCode after it is then a resend.
const AFTER_STEP_UP = ["choose_method", "code_sent"];
const METHODS = ["startLogin", "submitPassword", "startStepUp", "sendCode", "submitCode", "resendCode", "whoami", "logout"];
/** NOT_OFFERED are steps this Kratos (no passkey, no webauthn method) never allows: refused in every step. */
const NOT_OFFERED = ["signInWithPasskey", "signInWithSecurityKey"];

let stack;
let browser;
const counts = { invalidTransition: 0, busy: 0, invalidArgument: 0, options: 0 };

before(async () => {
  stack = await startStack({ requiredAAL: "aal1" });
  browser = await openBrowser();
  await browser.page.goto(stack.server.url);
  await waitReady(browser.page);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  const cases = counts.invalidTransition + counts.busy + counts.invalidArgument + counts.options;
  report("misuse", { cases, ...counts });
});

/**
 * validArgs are arguments each method accepts, so that only the step can
 * make it refuse.
 */
const validArgs = (who, code = "123456") => ({
  startLogin: undefined,
  submitPassword: { identifier: who.email, password: SECRET },
  startStepUp: undefined,
  sendCode: { address: who.email },
  submitCode: { code },
  resendCode: undefined,
  whoami: undefined,
  logout: undefined,
  signInWithPasskey: undefined,
  signInWithSecurityKey: undefined,
});

/**
 * refusedEverywhereBut calls every method that step does not allow and
 * checks each rejects with invalid_transition and changes nothing.
 */
async function refusedEverywhereBut(page, proxy, who, step, allowed) {
  const args = validArgs(who);
  const mark = await proxy.seq();
  for (const m of [...METHODS, ...NOT_OFFERED].filter((x) => !allowed.includes(x))) {
    const r = await call(page, m, args[m]);
    assert.equal(r.ok, false, `${m} in ${step} resolved`);
    assert.equal(r.error.code, "invalid_transition", `${m} in ${step}: ${JSON.stringify(r.error)}`);
    assert.equal(r.error.isOryLoginError, true);
    assert.equal(JSON.parse(r.after).step, step, `${m} in ${step} moved the state`);
    assert.equal(r.after, r.before, `${m} in ${step} changed the state`);
    assert.equal(r.changes, 0, `${m} in ${step} fired "change"`);
    assert.ok(!r.error.message.includes(SECRET), `${m}: the error shows the password`);
    counts.invalidTransition++;
  }
  assert.deepEqual(await proxy.requests(mark, true), [], `invalid transitions in ${step} sent requests`);
  assert.deepEqual(await page.evaluate(() => window.__c.exchanges()), [], `exchanges after invalid transitions in ${step}`);
}

describe("misuse through the JS API in the browser", () => {
  test("out-of-order calls reject with invalid_transition in every step and send nothing", { timeout: 180_000 }, async () => {
    const { page } = browser;
    const { proxy, server } = stack;
    await browser.context.clearCookies();
    const who = await newIdentity(server, "order");
    await newClient(page, { baseURL: proxy.url, flow: "browser", timeoutMs: 15000 });
    const ok = async (m, arg, step) => {
      const r = await call(page, m, arg);
      assert.equal(r.ok, true, `${m}: ${JSON.stringify(r.error)}`);
      if (step) assert.ok([step].flat().includes(r.value.step), `${m}: ${r.value.step}`);
      return r.value;
    };
    await refusedEverywhereBut(page, proxy, who, "idle", ["startLogin", "whoami"]);
    await ok("startLogin", undefined, "password");
    await refusedEverywhereBut(page, proxy, who, "password", ["startLogin", "submitPassword", "whoami"]);
    await ok("submitPassword", { identifier: who.email, password: who.password }, "authenticated");
    await refusedEverywhereBut(page, proxy, who, "authenticated", ["startLogin", "startStepUp", "whoami", "logout"]);
    // Kratos v26 mails the code when the aal2 flow is made: code_sent at once.
    if ((await ok("startStepUp", undefined, AFTER_STEP_UP)).step === "choose_method") {
      await refusedEverywhereBut(page, proxy, who, "choose_method", ["startLogin", "startStepUp", "sendCode", "whoami", "logout"]);
    }
    const seen = await mailIds(server, who.email);
    await ok("sendCode", undefined, "code_sent");
    const mail = await waitForMail(server, who.email, seen);
    await refusedEverywhereBut(page, proxy, who, "code_sent", METHODS.filter((m) => m !== "submitPassword"));
    await ok("submitCode", { code: mail.code }, "authenticated");
    await refusedEverywhereBut(page, proxy, who, "authenticated", ["startLogin", "startStepUp", "whoami", "logout"]);
    await ok("logout", undefined, "signed_out");
    await refusedEverywhereBut(page, proxy, who, "signed_out", ["startLogin", "whoami"]);
  });

  test("a call while another is in flight rejects with busy and sends nothing", { timeout: 180_000 }, async () => {
    const { page } = browser;
    const { proxy, server } = stack;
    await browser.context.clearCookies();
    const who = await newIdentity(server, "busy");
    await newClient(page, { baseURL: proxy.url, flow: "browser", timeoutMs: 30000 });

    /**
     * whileInFlight starts method(arg) with its request held at the proxy,
     * calls every method (good and bad arguments) at once and again after a
     * while, and checks they all reject with busy; then the first settles.
     */
    const whileInFlight = async (method, arg, want) => {
      const mark = await proxy.seq();
      await proxy.arm({ fault: "delay", holdMs: 4000, forward: true });
      const r = await page.evaluate(async ([m, a, all, secret, good]) => {
        const c = window.__c;
        const before = JSON.stringify(c.state);
        const first = c[m](a);
        const tries = async () => {
          const out = [];
          for (const x of all) {
            for (const arg of [good[x], { identifier: 7, password: secret }, "junk"]) {
              try {
                await c[x](arg);
                out.push({ method: x, resolved: true });
              } catch (e) {
                out.push({ method: x, code: e.code, leaks: String(e.message).includes(secret), state: JSON.stringify(c.state) === before });
              }
            }
          }
          return out;
        };
        const now = await tries();
        await new Promise((res) => setTimeout(res, 300));
        const later = await tries();
        let settled;
        try {
          settled = { ok: true, step: (await first).step };
        } catch (e) {
          settled = { ok: false, code: e.code };
        }
        return { now, later, settled };
      }, [method, arg, METHODS, SECRET, validArgs(who)]);
      for (const x of [...r.now, ...r.later]) {
        assert.equal(x.resolved, undefined, `${x.method} resolved while ${method} was in flight`);
        assert.equal(x.code, "busy", `${x.method} while ${method} in flight: ${JSON.stringify(x)}`);
        assert.equal(x.leaks, false);
        assert.equal(x.state, true, `${x.method} (busy) changed the state`);
        counts.busy++;
      }
      assert.ok(r.settled.ok && [want].flat().includes(r.settled.step), `${method} itself: ${JSON.stringify(r.settled)}`);
      const sent = await proxy.requests(mark);
      assert.equal(sent.length, 1, `busy calls sent requests: ${JSON.stringify(sent)}`);
      assert.equal(await proxy.disarm(), 0);
    };
    await whileInFlight("startLogin", undefined, "password");
    await whileInFlight("submitPassword", { identifier: who.email, password: who.password }, "authenticated");
    await whileInFlight("startStepUp", undefined, AFTER_STEP_UP);
    const seen = await mailIds(server, who.email);
    await whileInFlight("sendCode", undefined, "code_sent");
    const mail = await waitForMail(server, who.email, seen);

    // A double submit of the code: the second is busy, one code goes out
    // (a duplicate would burn one of Ory's five attempts).
    const mark = await proxy.seq();
    const r = await page.evaluate(async (code) => {
      const c = window.__c;
      const a = c.submitCode({ code });
      const b = c.submitCode({ code });
      const [x, y] = await Promise.allSettled([a, b]);
      return { first: x.status === "fulfilled" ? x.value.step : x.reason.code, second: y.status === "fulfilled" ? "resolved" : y.reason.code };
    }, mail.code);
    assert.deepEqual(r, { first: "authenticated", second: "busy" });
    counts.busy++;
    const sent = await proxy.requests(mark);
    assert.equal(sent.filter((q) => q.carries.includes("code")).length, 1, `the code went out ${JSON.stringify(sent)}`);
  });

  test("bad arguments reject with invalid_argument and send nothing", { timeout: 120_000 }, async () => {
    const { page } = browser;
    const { proxy, server } = stack;
    await browser.context.clearCookies();
    const who = await newIdentity(server, "args");
    await newClient(page, { baseURL: proxy.url, flow: "browser", timeoutMs: 15000 });
    // At code_sent every method but submitPassword is allowed, so only the
    // arguments can be refused; submitPassword's are checked at password.
    const to = async (m, arg, step) => {
      const r = await call(page, m, arg);
      assert.ok(r.ok && [step].flat().includes(r.value.step), `${m}: ${JSON.stringify(r.error ?? r.value.step)}`);
    };
    await to("startLogin", undefined, "password");
    const mark = await proxy.seq();
    const pw = await page.evaluate(badArgs, ["submitPassword", SECRET]);
    await to("submitPassword", { identifier: who.email, password: who.password }, "authenticated");
    await to("startStepUp", undefined, AFTER_STEP_UP);
    const seen = await mailIds(server, who.email);
    await to("sendCode", undefined, "code_sent");
    await waitForMail(server, who.email, seen);
    const mark2 = await proxy.seq();
    const rest = await page.evaluate(badArgs, ["startLogin sendCode submitCode", SECRET]);
    for (const x of [...pw, ...rest]) {
      assert.equal(x.code, "invalid_argument", `${x.label}: ${JSON.stringify(x)}`);
      assert.equal(x.isOryLoginError, true, x.label);
      assert.equal(x.leaks, false, `${x.label}: the error shows the argument`);
      assert.equal(x.same, true, `${x.label}: the state changed`);
      assert.equal(x.sync, false, `${x.label}: threw instead of rejecting`);
      counts.invalidArgument++;
    }
    assert.ok(pw.length >= 15 && rest.length >= 25, `${pw.length} + ${rest.length} cases`);
    // Only the good calls between the two batches went out.
    assert.equal((await proxy.requests(mark)).filter((q) => q.carries.includes("password")).length, 1);
    assert.deepEqual(await proxy.requests(mark2, true), [], "refused arguments sent requests");
  });

  test("bad options: non-http(s) baseURL, plain http off loopback without allowInsecure", { timeout: 60_000 }, async () => {
    const { page, watch } = browser;
    const mark = await stack.proxy.seq();
    const urlsBefore = watch.requests.length;
    const r = await page.evaluate(([proxyURL, secret]) => {
      const refused = {
        "no options": undefined,
        "options not an object": "http://127.0.0.1:1",
        "no baseURL": {},
        "empty baseURL": { baseURL: "" },
        "baseURL a number": { baseURL: 42 },
        "baseURL null": { baseURL: null },
        "ftp": { baseURL: "ftp://127.0.0.1:21" },
        "javascript:": { baseURL: "javascript:alert(1)" },
        "file:": { baseURL: "file:///etc/passwd" },
        "data:": { baseURL: "data:text/plain,hello" },
        "ws:": { baseURL: "ws://127.0.0.1:4433" },
        "relative": { baseURL: "/self-service" },
        "not a URL": { baseURL: "not a url at all" },
        "huge": { baseURL: "http://127.0.0.1/" + "a".repeat(5000) },
        "credentials in URL": { baseURL: `http://user:${secret}@127.0.0.1:4433` },
        "query": { baseURL: `http://127.0.0.1:4433/?token=${secret}` },
        "fragment": { baseURL: "http://127.0.0.1:4433/#x" },
        "http off loopback": { baseURL: "http://auth.example.com" },
        "http private address": { baseURL: "http://10.0.0.1:4433" },
        "http look-alike host": { baseURL: "http://127.0.0.1.example.com" },
        "http off loopback, allowInsecure false": { baseURL: "http://auth.example.com", allowInsecure: false },
        "allowInsecure not a boolean": { baseURL: "http://auth.example.com", allowInsecure: "yes" },
        "flow unknown": { baseURL: proxyURL, flow: "magic" },
        "flow a number": { baseURL: proxyURL, flow: 1 },
        "timeoutMs 0": { baseURL: proxyURL, timeoutMs: 0 },
        "timeoutMs negative": { baseURL: proxyURL, timeoutMs: -5 },
        "timeoutMs huge": { baseURL: proxyURL, timeoutMs: 1e12 },
        "timeoutMs NaN": { baseURL: proxyURL, timeoutMs: NaN },
        "timeoutMs a string": { baseURL: proxyURL, timeoutMs: "1000" },
        "timeoutMs fractional": { baseURL: proxyURL, timeoutMs: 1.5 },
        "offline not a boolean": { offline: "true" },
      };
      const accepted = {
        "https": { baseURL: "https://auth.example.com" },
        "http localhost": { baseURL: "http://localhost:4433" },
        "http 127.0.0.2": { baseURL: "http://127.0.0.2:4433" },
        "http [::1]": { baseURL: "http://[::1]:4433" },
        "http off loopback with allowInsecure": { baseURL: "http://auth.example.com", allowInsecure: true },
        "trailing slash": { baseURL: proxyURL + "/" },
      };
      const out = { refused: [], accepted: [] };
      for (const [label, o] of Object.entries(refused)) {
        try {
          window.OryLogin.newClient(o);
          out.refused.push({ label, created: true });
        } catch (e) {
          out.refused.push({ label, code: e.code, isOryLoginError: e instanceof window.OryLogin.OryLoginError, leaks: String(e.message).includes(secret) });
        }
      }
      for (const [label, o] of Object.entries(accepted)) {
        try {
          const c = window.OryLogin.newClient(o);
          out.accepted.push({ label, step: c.state.step });
        } catch (e) {
          out.accepted.push({ label, code: e.code });
        }
      }
      return out;
    }, [stack.proxy.url, SECRET]);
    for (const x of r.refused) {
      assert.equal(x.code, "invalid_argument", `${x.label}: ${JSON.stringify(x)}`);
      assert.equal(x.isOryLoginError, true, x.label);
      assert.equal(x.leaks, false, `${x.label}: the error shows the URL's secret`);
      counts.options++;
    }
    for (const x of r.accepted) {
      assert.equal(x.step, "idle", `${x.label}: ${JSON.stringify(x)}`);
      counts.options++;
    }
    assert.ok(r.refused.length >= 30 && r.accepted.length >= 6);
    assert.deepEqual(await stack.proxy.requests(mark, true), [], "making clients sent requests");
    assert.deepEqual(watch.requests.slice(urlsBefore), [], "making clients fetched something");
  });
});

/**
 * badArgs runs in the page: for each named method, calls it on window.__c
 * with arguments it must refuse, and reports each outcome. (The arguments
 * are built here, in the page, since a getter that throws cannot cross
 * page.evaluate.)
 */
function badArgs([methods, secret]) {
  const huge = "x".repeat(50_000_000);
  const cases = {
    startLogin: [
      () => "aal2", () => [], () => 42, () => true, () => ({ aal: "aal3" }), () => ({ aal: 2 }), () => ({ aal: "" }),
      () => ({ refresh: "yes" }), () => ({ refresh: 1 }), () => ({ returnTo: "" }), () => ({ returnTo: 5 }),
      () => ({ returnTo: "x".repeat(3000) }), () => ({ get aal() { throw new Error(secret); } }),
    ],
    submitPassword: [
      () => undefined, () => null, () => "x", () => [], () => ({}), () => ({ identifier: "a@b.c" }),
      () => ({ password: secret }), () => ({ identifier: "", password: secret }), () => ({ identifier: "a@b.c", password: "" }),
      () => ({ identifier: 1, password: secret }), () => ({ identifier: "a@b.c", password: 42 }),
      () => ({ identifier: "a@b.c", password: { toString: () => secret } }), () => ({ identifier: "a@b.c", password: [secret] }),
      () => ({ identifier: "a".repeat(600), password: secret }), () => ({ identifier: "a@b.c", password: secret.repeat(400) }),
      () => ({ identifier: "a@b.c", password: huge }), () => ({ identifier: "   ", password: secret }),
      () => ({ identifier: "a@b.c", get password() { throw new Error(secret); } }),
      () => new Proxy({}, { get() { throw new Error(secret); } }),
    ],
    sendCode: [
      () => "a@b.c", () => 7, () => [], () => ({ address: 1 }), () => ({ address: "" }), () => ({ address: "a".repeat(600) }),
      () => ({ address: "someone-else@example.com" }), () => ({ address: secret }),
    ],
    submitCode: [
      () => undefined, () => null, () => ({}), () => ({ code: 123456 }), () => ({ code: "" }), () => ({ code: "   " }),
      () => ({ code: "1".repeat(100) }), () => "123456", () => ({ code: null }), () => ({ code: huge }),
      () => ({ get code() { throw new Error(secret); } }),
    ],
  };
  const c = window.__c;
  const run = async () => {
    const out = [];
    for (const m of methods.split(" ")) {
      for (const [i, make] of cases[m].entries()) {
        const before = JSON.stringify(c.state);
        const label = `${m} #${i}`;
        let p;
        try {
          p = c[m](make());
        } catch (e) {
          out.push({ label, sync: true, code: e?.code });
          continue;
        }
        try {
          await p;
          out.push({ label, resolved: true, sync: false });
        } catch (e) {
          out.push({
            label, sync: false, code: e?.code, isOryLoginError: e instanceof window.OryLogin.OryLoginError,
            leaks: String(e?.message).includes(secret) || JSON.stringify(e?.messages ?? []).includes(secret),
            same: JSON.stringify(c.state) === before,
          });
        }
      }
    }
    return out;
  };
  return run();
}
