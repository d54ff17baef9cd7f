// element-offline.test.mjs — <ory-login> on dist/ served by a plain static
// file server that sends exactly the strict CSP
//   default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'
// with the Ory inside the module (no Kratos): no CSP violation, keyboard
// only to aal2 with the focus moving into each step, styling through custom
// properties and parts, the busy state, attribute changes, moves and
// removal, events leaving shadow trees, and defineElement().
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { after, before, describe, test } from "node:test";
import { DIST, openBrowser } from "./harness.mjs";
import { elementStep, elementStepOf, inEveryLanguage, recordEvents, shadow, SHIPPED, words } from "./element-helpers.mjs";

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
};

/** staticServer serves DIST on a free loopback port with the strict CSP on every response. */
async function staticServer() {
  const srv = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (path.includes("..")) return res.writeHead(400).end();
    const file = path.endsWith("/") ? `${path}index.html` : path;
    try {
      const body = await readFile(join(DIST, file));
      res.writeHead(200, { "Content-Type": TYPES[extname(file)] || "application/octet-stream", "Content-Security-Policy": CSP }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${srv.address().port}/`, close: () => new Promise((r) => srv.close(r)) };
}

/** focused describes what has the focus inside the element's shadow root. */
function focused(page, selector = "ory-login") {
  return page.evaluate((sel) => {
    const host = document.querySelector(sel) ?? document.querySelector("#host")?.shadowRoot.querySelector(sel);
    const el = host?.shadowRoot?.activeElement;
    if (!el) return null;
    return el.name ? `${el.tagName.toLowerCase()}[name=${el.name}]` : el.tagName.toLowerCase();
  }, selector);
}

describe("<ory-login> offline under the strict CSP", () => {
  let server;
  before(async () => { server = await staticServer(); });
  after(async () => { await server?.close(); });

  async function withPage(fn) {
    const b = await openBrowser();
    try {
      await recordEvents(b.page);
      await b.page.goto(`${server.url}examples/static/`);
      await b.page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 60_000 });
      assert.equal(await b.page.evaluate(() => document.documentElement.dataset.ready), "true", "the page started");
      await fn(b);
      assert.deepEqual(await b.watch.cspViolations(), [], "CSP violations");
      // Chromium logs the 404 of the test's own Ory-less base-url by itself; nothing else may show.
      const expected = (m) => /^Failed to load resource: .* 404 /.test(m.text) && m.url.startsWith(`${server.url}no-ory/`);
      assert.deepEqual(b.watch.console.filter((m) => (m.type === "error" || /Content Security Policy/i.test(m.text)) && !expected(m)), [], "console errors");
      assert.deepEqual(b.watch.pageErrors, [], "uncaught page errors");
      const html = b.watch.responses.find((r) => r.url === `${server.url}examples/static/`);
      assert.equal(html?.headers["content-security-policy"], CSP);
    } finally {
      await b.close();
    }
  }

  test("keyboard only to aal2: the focus moves into each step; styled through custom properties and parts", { timeout: 90_000 }, () =>
    withPage(async ({ page }) => {
      assert.equal(await elementStep(page, "password"), "password");
      assert.equal(await page.evaluate(() => document.querySelector("ory-login").hasAttribute("offline")), true);

      // Styling crosses the shadow boundary only through custom properties and parts.
      const style = await shadow(page, (root) => ({
        button: getComputedStyle(root.querySelector('button[type="submit"]')).backgroundColor,
        frame: getComputedStyle(root.querySelector('[part~="root"]')).boxShadow,
        padding: getComputedStyle(root.querySelector('[part~="root"]')).paddingTop,
      }));
      assert.equal(style.button, "rgb(11, 107, 88)", "--orylogin-accent from the page");
      assert.notEqual(style.frame, "none", "::part(root) from the page");
      assert.equal(style.padding, "20px", "--orylogin-padding from the page");

      await page.keyboard.press("Tab");
      assert.equal(await focused(page), "input[name=identifier]");
      await page.keyboard.type("demo@example.com");
      await page.keyboard.press("Tab");
      assert.equal(await focused(page), "input[name=password]");
      await page.keyboard.type("ory-demo-password");
      await page.keyboard.press("Enter");
      // The offline Ory accepts the password alone (aal1); aal="aal2" goes on to the second factor.
      // Kratos v26 (the offline Ory's default) mails the first code itself when the
      // identity has one address: then the code step comes at once.
      if ((await elementStep(page, "choose_method", "code_sent")) === "choose_method") {
        assert.equal(await focused(page), "button[name=address]");
        await page.keyboard.press("Enter");
      }
      assert.equal(await elementStep(page, "code_sent"), "code_sent");
      assert.equal(await focused(page), "input[name=code]");
      const code = await page.evaluate(() => window.OryLogin.offline.inbox().at(-1).code);
      await page.keyboard.type(code);
      await page.keyboard.press("Enter");
      assert.equal(await elementStep(page, "authenticated"), "authenticated");
      assert.equal(await focused(page), "h2");
      assert.equal(await page.locator("#status").textContent(), "Welcome, demo@example.com (aal2).");

      const events = await page.evaluate(() => window.__events);
      const steps = events.filter((e) => e.type === "orylogin:change").map((e) => `${e.detail.step}/${e.detail.aal}`);
      assert.deepEqual(steps.filter((s) => s !== "choose_method/aal1"), [
        "password/null", "authenticated/aal1", "code_sent/aal1", "authenticated/aal2",
      ]);
      const auth = events.filter((e) => e.type === "orylogin:authenticated");
      assert.deepEqual(auth.map((e) => e.detail.aal), ["aal2"], "authenticated once, at the level aal asks for");
    }));

  test("busy while a call is in flight; a wrong password keeps the identifier and focuses the password", { timeout: 60_000 }, () =>
    withPage(async ({ page }) => {
      await elementStep(page, "password");
      await page.evaluate(() => window.OryLogin.offline.setLatency(1500));
      await page.click("ory-login input[name=identifier]");
      await page.keyboard.type("demo@example.com");
      await page.click("ory-login input[name=password]");
      await page.keyboard.type("wrong-password");
      await page.click("ory-login button[type=submit]");
      const busy = await shadow(page, (root) => ({
        host: root.host.getAttribute("aria-busy"),
        frame: root.querySelector('[part~="root"]').getAttribute("aria-busy"),
        fieldsets: [...root.querySelectorAll("fieldset")].map((f) => f.disabled),
        submit: root.querySelector('button[type="submit"]').matches(":disabled"),
      }));
      assert.deepEqual(busy, { host: "true", frame: "true", fieldsets: [true], submit: true });
      // A second submit while busy does nothing (the button is disabled).
      assert.equal(await elementStep(page, "password"), "password");
      await page.evaluate(() => window.OryLogin.offline.setLatency(0));
      const after = await shadow(page, (root) => ({
        messages: [...root.querySelectorAll('[part~="messages"] li')].map((li) => li.dataset.id),
        identifier: root.querySelector('input[name="identifier"]').value,
        password: root.querySelector('input[name="password"]').value,
        disabled: root.querySelector("fieldset").disabled,
      }));
      assert.deepEqual(after, { messages: ["4000006"], identifier: "demo@example.com", password: "", disabled: false });
      assert.equal(await focused(page), "input[name=password]");
      const events = await page.evaluate(() => window.__events.map((e) => e.type));
      assert.equal(events.filter((t) => t === "orylogin:change").length, 2, events.join());
    }));

  test("attributes: flow, base-url and offline make a new client; a failed start can be retried; aal steps up", { timeout: 60_000 }, () =>
    withPage(async ({ page, watch }) => {
      await elementStep(page, "password");
      const first = await page.evaluate(() => {
        const el = document.querySelector("ory-login");
        window.__clients = [el.client];
        return el.state;
      });
      assert.equal(first.flowKind, "browser");

      // flow="api": a new client, a new flow of that kind (one restart for two attributes set at once).
      await page.evaluate(() => {
        const el = document.querySelector("ory-login");
        el.setAttribute("flow", "api");
        el.setAttribute("aal", "aal2");
      });
      await elementStep(page, "password");
      const second = await page.evaluate(() => {
        const el = document.querySelector("ory-login");
        window.__clients.push(el.client);
        return { state: el.state, fresh: window.__clients[0] !== window.__clients[1] };
      });
      assert.equal(second.fresh, true, "a new client");
      assert.equal(second.state.flowKind, "api");
      assert.notEqual(second.state.flowId, first.flowId);

      // No Ory at a relative base-url (resolved against the page: a same-origin
      // proxy would sit there): the failure shows in the alert, orylogin:error
      // fires, "Try again" is offered.
      await page.evaluate(() => {
        const el = document.querySelector("ory-login");
        el.removeAttribute("offline");
        el.setAttribute("flow", "browser");
        el.setAttribute("base-url", "/no-ory");
      });
      await page.locator(`ory-login [part~="error"]:not([hidden])`).waitFor({ timeout: 20_000 });
      assert.equal(await elementStep(page, "idle"), "idle");
      assert.ok(watch.requests.includes(`${server.url}no-ory/self-service/login/browser`), watch.requests.join("\n"));
      const errors = await page.evaluate(() => window.__events.filter((e) => e.type === "orylogin:error").map((e) => e.detail));
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.equal(errors[0].name, "OryLoginError");
      // The person reads a sentence for the code in the element's language; the
      // developer text ("orylogin: <code> …") stays in the error and the event.
      const shown = await page.locator(`ory-login [part~="error"]`).textContent();
      assert.equal(shown, await page.evaluate((code) => OryLogin.formatError({ code }, "en"), errors[0].code));
      assert.ok(!shown.includes("orylogin:") && !shown.includes(errors[0].code), shown);
      assert.match(errors[0].message, new RegExp(`^orylogin: ${errors[0].code} `));
      assert.equal(await page.locator("#status").textContent(), "Not signed in.", "the page shows no developer text either");
      assert.equal(await page.locator("ory-login button[type=submit]").textContent(), "Try again");

      // A bad attribute is reported the same way, and nothing is sent.
      await page.evaluate(() => document.querySelector("ory-login").setAttribute("flow", "carrier-pigeon"));
      await page.waitForFunction(() => window.__events.filter((e) => e.type === "orylogin:error").at(-1)?.detail.code === "invalid_argument");
      assert.equal(await page.evaluate(() => document.querySelector("ory-login").client), null);

      // Back to the offline Ory, and on to aal2: aal="aal1" accepts the password alone ...
      await page.evaluate(() => {
        const el = document.querySelector("ory-login");
        el.setAttribute("flow", "browser");
        el.setAttribute("aal", "aal1");
        el.setAttribute("offline", "");
      });
      await elementStep(page, "password");
      assert.equal(await page.locator(`ory-login [part~="error"]`).isHidden(), true, "the old error is gone");
      await page.click("ory-login input[name=identifier]");
      await page.keyboard.type("demo@example.com");
      await page.click("ory-login input[name=password]");
      await page.keyboard.type("ory-demo-password");
      await page.click("ory-login button[type=submit]");
      assert.equal(await elementStep(page, "authenticated"), "authenticated");
      assert.equal((await page.evaluate(() => document.querySelector("ory-login").state)).aal, "aal1");
      // ... and aal="aal2" then goes on to the second factor.
      await page.evaluate(() => document.querySelector("ory-login").setAttribute("aal", "aal2"));
      assert.ok(["choose_method", "code_sent"].includes(await elementStep(page, "choose_method", "code_sent")));
      const auth = await page.evaluate(() => window.__events.filter((e) => e.type === "orylogin:authenticated").map((e) => e.detail.aal));
      assert.deepEqual(auth, ["aal1"]);
    }));

  test("every shipped language at each step: no English left where a translation exists; errors are sentences, never codes", { timeout: 120_000 }, () =>
    withPage(async ({ page }) => {
      // The six catalogues; inEveryLanguage checks each of them.
      assert.deepEqual(SHIPPED, ["de", "en", "es", "fr", "ja", "pt-BR"]);
      // The demo identity with every second factor: its aal2 flow offers the
      // choice of method (the e-mail, the phone, the app, a backup code), so
      // that step is checked in every language too.
      await elementStep(page, "password");
      const before = await page.evaluate(() => {
        window.OryLogin.offline.reset({ factors: true });
        const el = document.querySelector("ory-login");
        const flowId = el.state.flowId;
        el.removeAttribute("offline"); // one restart (a new client on the reset Ory) for both changes
        el.setAttribute("offline", "");
        return flowId;
      });
      await page.waitForFunction((old) => {
        const el = document.querySelector("ory-login");
        return el.getAttribute("aria-busy") === "false" && el.state?.step === "password" && el.state.flowId !== old;
      }, before, { timeout: 20_000 });
      await inEveryLanguage(page, "password");
      // An embedder's catalogue: an override re-renders the element at once;
      // an added language is chosen by lang, English where it has no text.
      await words(page, "de");
      await page.evaluate(() => window.OryLogin.addMessages("de", { label_password: "Kennwort" }));
      assert.ok((await words(page, "de")).ui.includes("Kennwort"), "the override shows without a new lang");
      await page.evaluate(() => window.OryLogin.addMessages("it", { button_sign_in: "Accedi" }));
      const it = await words(page, "it-IT");
      assert.equal(it.frame, "it", "it-IT matches the added it");
      assert.ok(it.ui.includes("Accedi") && it.ui.includes("Password"), `an added language: ${it.ui}`);
      await page.evaluate(() => document.querySelector("ory-login").removeAttribute("lang"));
      // What was typed survives a change of language.
      await page.fill("ory-login input[name=identifier]", "demo@example.com");
      await page.fill("ory-login input[name=password]", "not-the-password");
      await words(page, "de");
      assert.equal(await page.locator("ory-login input[name=identifier]").inputValue(), "demo@example.com");
      await page.click("ory-login button[type=submit]");
      await page.locator('ory-login li.message[data-id="4000006"]').waitFor({ timeout: 20_000 });
      assert.match((await words(page, "de")).messages.join(" "), /Anmeldedaten|ungültig/i, "Ory's 4000006 in German");
      await inEveryLanguage(page, "password with Ory's error");
      await page.fill("ory-login input[name=password]", "ory-demo-password");
      await page.click("ory-login button[type=submit]");
      // The page's element asks for aal2: on to the choice of method, then the code by e-mail.
      assert.equal(await elementStep(page, "choose_method", "code_sent"), "choose_method", "every factor: a choice of method");
      for (const sel of ["input[name=totp_code]", "input[name=lookup_secret]", 'button[name=address][value="+4915112345678"]']) {
        assert.equal(await page.locator(`ory-login ${sel}`).count(), 1, `choose_method offers ${sel}`);
      }
      await inEveryLanguage(page, "choose_method");
      await page.click('ory-login button[name=address][value="demo@example.com"]');
      await elementStep(page, "code_sent");
      await inEveryLanguage(page, "code_sent");
      // The language of an ancestor, then of the page, when the element has none.
      await page.evaluate(() => { document.documentElement.lang = "fr"; });
      await page.fill("ory-login input[name=code]", "000000");
      await page.click("ory-login button[type=submit]");
      await page.locator("ory-login li.message").first().waitFor({ timeout: 20_000 });
      assert.equal(await page.evaluate(() => document.querySelector("ory-login").shadowRoot.querySelector('[part~="root"]').getAttribute("lang")), "fr");
      await inEveryLanguage(page, "code_sent with Ory's error");
      await page.fill("ory-login input[name=code]", await page.evaluate(() => window.OryLogin.offline.inbox().at(-1).code));
      await page.click("ory-login button[type=submit]");
      await elementStep(page, "authenticated");
      await inEveryLanguage(page, "authenticated");
      // An error for people: a bad attribute, in German.
      await page.evaluate(() => {
        const el = document.querySelector("ory-login");
        el.setAttribute("lang", "de");
        el.setAttribute("flow", "carrier-pigeon");
      });
      await page.locator('ory-login [part~="error"]:not([hidden])').waitFor({ timeout: 10_000 });
      const de = await words(page, "de");
      assert.equal(de.error, await page.evaluate(() => window.OryLogin.formatError("invalid_argument", "de")));
      assert.ok(!de.error.includes("orylogin:") && !de.error.includes("invalid_argument"), de.error);
    }));

  test("inside another shadow root: events are composed; a move keeps the login, removal ends it; defineElement is idempotent", { timeout: 60_000 }, () =>
    withPage(async ({ page }) => {
      await elementStep(page, "password");
      const defined = await page.evaluate(() => {
        const cls = window.OryLogin.defineElement();
        return cls === customElements.get("ory-login") && cls === window.OryLogin.defineElement() && cls.name;
      });
      assert.equal(defined, "OryLoginElement");

      await page.evaluate(() => {
        const host = document.createElement("div");
        host.id = "host";
        document.body.append(host);
        const inner = document.createElement("ory-login");
        inner.setAttribute("offline", "");
        inner.id = "inner";
        host.attachShadow({ mode: "open" }).append(inner);
        window.__inner = [];
        document.addEventListener("orylogin:change", (e) => {
          if (e.composedPath()[0] === inner) window.__inner.push({ step: e.detail.step, target: e.target.id });
        });
      });
      await elementStepOf(page, "#host ory-login", "password");
      const main = (...steps) => elementStepOf(page, "main ory-login", ...steps);
      const seen = await page.evaluate(() => window.__inner);
      assert.deepEqual(seen, [{ step: "password", target: "host" }], "the event left the shadow tree, retargeted to its host");

      // A move (remove and insert in one task) keeps the client and its flow.
      const moved = await page.evaluate(async () => {
        const el = document.querySelector("ory-login");
        const before = { client: el.client, flow: el.state.flowId };
        document.querySelector("main").prepend(el);
        await new Promise((r) => setTimeout(r, 50));
        return el.client === before.client && el.state.flowId === before.flow;
      });
      assert.equal(moved, true);

      // Removal lets go of the client; inserting it again starts a new login in the same shadow root.
      const removed = await page.evaluate(async () => {
        const el = document.querySelector("ory-login");
        const root = el.shadowRoot;
        const old = el.client;
        el.remove();
        await new Promise((r) => setTimeout(r, 50));
        const gone = { client: el.client, children: root.children.length };
        document.querySelector("main").append(el);
        return { gone, fresh: el.client !== null && el.client !== old, sameRoot: el.shadowRoot === root };
      });
      assert.deepEqual(removed, { gone: { client: null, children: 0 }, fresh: true, sameRoot: true });
      assert.equal(await main("password"), "password");
    }));
});
