// secrets.test.mjs — the secrets canary. The demo page runs the whole login
// in headless Chromium against a real Kratos, by typing and clicking, with
// recognisable values: a canary password (and a wrong one), the codes
// Kratos mails (and a wrong one), the session token (api flow, read off the
// wire) and the session cookie (browser flow, read from the browser's jar).
// None of them may reach the console, an error text or Ory's messages in
// the state, the URL of any request, localStorage, sessionStorage,
// IndexedDB, Cache Storage, document.cookie, the page's HTTP exchange
// panel (which shows them masked) or the DOM after logout; and after
// logout() none may be left in the client's state or any value the module
// exports.
//
// Both flow kinds run against the same real Kratos through the fault
// proxy: the browser flow as it is, the api flow with the proxy stripping
// Origin and Cookie (protocol §5.2b; stock Kratos refuses api flows from a
// browser otherwise). The proxy also fails one code submission with a 500,
// so that an error with a code in flight is shown too.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { mailIds, openBrowser, otherCode, typeInto, waitForMail, waitReady, waitStep } from "./harness.mjs";
import { report, startStack } from "./hardening.mjs";

let stack;
let checks = 0;

before(async () => { stack = await startStack({ requiredAAL: "aal1" }); });
after(async () => {
  await stack?.stop();
  report("secrets", { checks });
});

/** snapshot reads what the page shows and holds, for one step. */
function snapshot(page) {
  return page.evaluate(() => {
    const app = globalThis.oryloginPage;
    return {
      errorBox: document.getElementById("error").textContent,
      errorCode: document.getElementById("error").dataset.code || "",
      devError: document.getElementById("dev-error").textContent,
      messages: document.getElementById("messages").textContent,
      state: JSON.stringify(app.client.state),
      exchangesPanel: document.getElementById("exchanges").textContent,
      exchanges: JSON.stringify(app.client.exchanges()),
    };
  });
}

/** storage dumps every browser store a page can write. */
function storage(page) {
  return page.evaluate(async () => {
    const idb = [];
    for (const { name } of (await indexedDB.databases?.()) ?? []) {
      const db = await new Promise((res, rej) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      for (const store of db.objectStoreNames) {
        const all = await new Promise((res) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => res(r.result);
          r.onerror = () => res([]);
        });
        idb.push({ name, store, all });
      }
      db.close();
    }
    const caches_ = [];
    for (const k of (await globalThis.caches?.keys()) ?? []) {
      const c = await caches.open(k);
      for (const req of await c.keys()) caches_.push({ k, url: req.url, body: await (await c.match(req)).text() });
    }
    return {
      localStorage: JSON.stringify({ ...localStorage }),
      sessionStorage: JSON.stringify({ ...sessionStorage }),
      indexedDB: JSON.stringify(idb),
      cacheStorage: JSON.stringify(caches_),
      cookie: document.cookie,
    };
  });
}

/** contains says whether text holds secret; a 6-digit code only as a whole number. */
function contains(text, secret) {
  if (/^\d{6}$/.test(secret)) return new RegExp(`(?<![0-9])${secret}(?![0-9])`).test(text);
  return text.includes(secret);
}

/** assertClean checks every place against every secret. */
function assertClean(where, places, secrets) {
  for (const [place, text] of Object.entries(places)) {
    for (const [name, secret] of Object.entries(secrets)) {
      if (!secret) continue;
      assert.ok(!contains(String(text), secret), `${where}: the ${name} (${secret.length} chars) is in ${place}`);
      checks++;
    }
  }
}

for (const flow of ["browser", "api"]) {
  describe(`secrets canary, ${flow} flow`, () => {
    test("no password, code or token reaches where it must not", { timeout: 180_000 }, async () => {
      const { proxy, server } = stack;
      await proxy.setStripOrigin(flow === "api");
      const b = await openBrowser();
      try {
        const { page, context, watch } = b;
        const tag = randomUUID().slice(0, 8);
        const who = { email: `canary-${flow}-${tag}@example.com`, password: `CANARY-pw-${randomUUID()}` };
        const r = await fetch(`${server.kratosAdmin}/admin/identities`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ schema_id: "default", traits: { email: who.email }, credentials: { password: { config: { password: who.password } } } }),
        });
        assert.equal(r.status, 201);
        const secrets = { password: who.password, "wrong password": `CANARY-wrong-${randomUUID()}` };

        // The api flow's session token, read off the wire (the page never
        // sees it; only the module does).
        const tokens = [];
        page.on("response", async (res) => {
          if (!res.url().startsWith(proxy.url) || res.request().method() !== "POST") return;
          try {
            const t = (await res.json())?.session_token;
            if (t) tokens.push(t);
          } catch {
            // not JSON
          }
        });

        const seen = {}; // what the page showed, step by step
        const look = async (label) => { seen[label] = await snapshot(page); };

        await page.goto(server.url + (flow === "api" ? "?flow=api" : ""));
        await waitReady(page);
        await waitStep(page, "password");
        assert.equal(await page.evaluate(() => globalThis.oryloginPage.client.state.flowKind), flow);

        // A wrong password, then the right one.
        await typeInto(page, "input[name=identifier]", who.email);
        await typeInto(page, "input[name=password]", secrets["wrong password"]);
        await page.click("#form-password button[type=submit]");
        await page.locator('#messages li[data-id="4000006"]').waitFor({ timeout: 30_000 });
        await look("wrong password");
        await typeInto(page, "input[name=password]", who.password);
        await page.click("#form-password button[type=submit]");
        await waitStep(page, "authenticated");
        await look("password");
        assert.match(seen.password.exchanges, /"password\\":\\"\*\*\*\\"/, "the exchange shows the password masked");
        if (flow === "api") {
          assert.equal(tokens.length, 1, "the password step's answer carried the session token");
          assert.match(tokens[0], /^ory_st_/);
          secrets["session token"] = tokens[0];
          assert.match(seen.password.exchanges, /session_token\\":\\"\*\*\*\\"/, "the exchange shows the token masked");
        } else {
          const cookie = (await context.cookies()).find((c) => c.name === "ory_kratos_session");
          assert.ok(cookie?.httpOnly, "the browser holds Ory's HttpOnly session cookie");
          secrets["session cookie"] = cookie.value;
        }
        Object.assign(seen, { "storage, signed in": await storage(page) });

        // Step up; the code arrives; a resend makes a second one.
        const before = await mailIds(server, who.email);
        await page.click("#stepup");
        if ((await waitStep(page, "choose_method", "code_sent")) === "choose_method") {
          await page.click("button[name=address]");
          await waitStep(page, "code_sent");
        } // else Kratos v26 mailed the first code when the aal2 flow was made
        secrets["first code"] = (await waitForMail(server, who.email, before)).code;
        await look("code sent");
        const ids = await mailIds(server, who.email);
        await page.click("#resend");
        await waitStep(page, "code_sent");
        const code = (await waitForMail(server, who.email, ids)).code;
        secrets.code = code;
        secrets["wrong code"] = otherCode(code) === secrets["first code"] ? otherCode(otherCode(code)) : otherCode(code);
        await look("resent");

        // A wrong code; then the right one fails once with a 500; then it works.
        await typeInto(page, "input[name=code]", secrets["wrong code"]);
        await page.click("#form-code button[type=submit]");
        await page.locator('#messages li[data-id="4010008"]').waitFor({ timeout: 30_000 });
        await look("wrong code");
        await proxy.arm({ fault: "500", method: "POST" });
        await typeInto(page, "input[name=code]", code);
        await page.click("#form-code button[type=submit]");
        await page.locator("#error[data-code]").waitFor({ timeout: 30_000 });
        await waitStep(page, "code_sent");
        await look("code failed");
        assert.equal(seen["code failed"].errorCode, "server");
        assert.match(seen["code failed"].devError, /server/, "the inspector shows the developer text");
        await typeInto(page, "input[name=code]", code);
        await page.click("#form-code button[type=submit]");
        await waitStep(page, "authenticated");
        await look("code");
        assert.match(seen.code.state, /"aal":"aal2"/);
        assert.match(seen.code.exchanges, /"code\\":\\"\*\*\*\\"/, "the exchange shows the code masked");

        // Sign out.
        await page.click("#logout");
        await waitStep(page, "signed_out");
        await look("logout");

        const dom = await page.evaluate(() => ({
          html: document.documentElement.outerHTML,
          text: document.body.innerText,
          inputs: JSON.stringify([...document.querySelectorAll("input, textarea")].map((e) => e.value)),
        }));
        const memory = await page.evaluate(() => {
          const app = globalThis.oryloginPage;
          const c = app.client;
          const exported = {};
          for (const k of Object.keys(c)) {
            const v = c[k];
            exported[k] = typeof v === "function" ? String(v) : v;
          }
          return {
            state: JSON.stringify(c.state),
            exchanges: JSON.stringify(c.exchanges()),
            client: JSON.stringify(exported),
            whoami: "", // filled below
            module: JSON.stringify({ keys: Object.keys(globalThis.OryLogin), stats: globalThis.OryLogin.stats() }),
            page: JSON.stringify({ ...app, OryLogin: undefined, client: undefined }),
          };
        });
        memory.whoami = JSON.stringify(await page.evaluate(async () => globalThis.oryloginPage.client.whoami()));
        assert.equal(memory.whoami, "null", "no session after logout");

        // Every place, against every secret.
        for (const [label, places] of Object.entries(seen)) assertClean(label, places, secrets);
        assertClean("after logout", {
          ...(await storage(page)), ...memory, dom: dom.html, domText: dom.text, inputs: dom.inputs,
          console: watch.console.map((m) => `${m.type}: ${m.text}`).join("\n"),
          pageErrors: watch.pageErrors.join("\n"),
          requestURLs: watch.requests.join("\n"),
        }, secrets);
        if (flow === "api") {
          const all = JSON.stringify({ seen, memory, dom });
          assert.ok(!all.includes("ory_st_"), "a session token (any) is in what the page holds");
          assert.equal((await storage(page)).cookie, "", "the api flow leaves no cookie a script can read");
        }
        assert.ok(watch.requests.some((u) => u.startsWith(proxy.url)), "the page talked to Ory");
        assert.equal(Object.keys(secrets).length, 6, Object.keys(secrets).join(", "));
        assert.deepEqual(await watch.cspViolations(), []);
      } finally {
        await b.close();
      }
    });
  });
}
