// element.test.mjs — <ory-login> and the examples in headless Chromium
// against a local real Kratos (which demands the second factor right after
// the password), served by the dev server under its strict CSP: the element
// takes a person to aal2 by typing and clicking only, Ory's text with markup
// in it is shown as text, and each example (static page, headless JS API,
// React + Vite) completes the login.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  DIST, mailIds, newIdentity, openBrowser, otherCode, startDevServer, typeInto, waitForMail,
} from "./harness.mjs";
import { elementStep, recordEvents, shadow } from "./element-helpers.mjs";

/** MARKUP is Ory text that would run script or make elements if it were parsed as HTML. */
const MARKUP = `<img src=x onerror="window.__pwned=1"><b id="bold">bold</b> & <script>window.__pwned=2</script>`;

describe("<ory-login> and the examples against Kratos (browser flow, strict CSP)", () => {
  let server;
  before(async () => { server = await startDevServer(); });
  after(async () => { await server?.stop(); });

  /** withPage opens path on the dev server, waits for the page's app, runs fn, then checks what the page reported. */
  async function withPage(path, fn) {
    const b = await openBrowser();
    try {
      await recordEvents(b.page);
      await b.page.goto(server.url + path);
      await b.page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 60_000 });
      assert.equal(await b.page.evaluate(() => document.documentElement.dataset.ready), "true", "the page started");
      await fn(b);
      assert.deepEqual(b.watch.consoleErrors(server.kratosPublic), [], "console errors");
      assert.deepEqual(b.watch.pageErrors, [], "uncaught page errors");
      assert.deepEqual(await b.watch.cspViolations(), [], "CSP violations");
      const html = b.watch.responses.find((r) => r.url === server.url + path);
      assert.ok(html, "the page's response");
      const csp = html.headers["content-security-policy"] || "";
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
      assert.match(csp, /style-src 'self';/);
      assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
    } finally {
      await b.close();
    }
  }

  /** signInWithElement types the password into the element, then the code from the dev inbox (a wrong one first when wrongFirst). */
  async function signInWithElement(page, who, { wrongFirst = false } = {}) {
    assert.equal(await elementStep(page, "password"), "password");
    const seen = await mailIds(server, who.email);
    await typeInto(page, "ory-login input[name=identifier]", who.email);
    await typeInto(page, "ory-login input[name=password]", who.password);
    await page.click("ory-login button[type=submit]");
    const step = await elementStep(page, "choose_method", "code_sent");
    if (step === "choose_method") {
      const buttons = page.locator("ory-login button[name=address]");
      assert.equal(await buttons.count(), 1);
      assert.equal(await buttons.getAttribute("value"), who.email);
      await buttons.click();
      await elementStep(page, "code_sent");
    }
    const mail = await waitForMail(server, who.email, seen);
    if (wrongFirst) {
      await typeInto(page, "ory-login input[name=code]", otherCode(mail.code));
      await page.click("ory-login button[type=submit]");
      await elementStep(page, "code_sent");
      await page.locator(`ory-login li[data-id="4010008"]`).waitFor({ timeout: 10_000 });
      assert.equal(await page.locator("ory-login input[name=code]").inputValue(), "", "a fresh code field");
    }
    await typeInto(page, "ory-login input[name=code]", mail.code);
    await page.click("ory-login button[type=submit]");
    return elementStep(page, "authenticated");
  }

  test("the element takes a person to aal2 by typing and clicking only", { timeout: 120_000 }, () =>
    withPage("examples/static/", async ({ page }) => {
      const who = await newIdentity(server, "element");
      await elementStep(page, "password");

      // The password form as a person and a screen reader meet it.
      const form = await shadow(page, (root) => {
        const input = (name) => root.querySelector(`input[name="${name}"]`);
        const label = (el) => root.querySelector(`label[for="${el.id}"]`)?.textContent ?? null;
        return {
          forms: [...root.querySelectorAll("form")].map((f) => f.querySelectorAll('button[type="submit"]').length),
          identifier: { autocomplete: input("identifier").autocomplete, label: label(input("identifier")), required: input("identifier").required },
          password: { autocomplete: input("password").autocomplete, type: input("password").type, label: label(input("password")) },
          live: root.querySelector('[part~="messages"]').getAttribute("aria-live"),
          alert: root.querySelector('[part~="error"]').getAttribute("role"),
          adopted: root.adoptedStyleSheets.length,
          styleElements: root.querySelectorAll("style, [style]").length,
        };
      });
      assert.deepEqual(form.forms, [1], "one form with one submit button");
      assert.deepEqual(form.identifier, { autocomplete: "username", label: "E-mail or username", required: true });
      assert.deepEqual(form.password, { autocomplete: "current-password", type: "password", label: "Password" });
      assert.equal(form.live, "polite");
      assert.equal(form.alert, "alert");
      assert.equal(form.adopted, 1, "styles come from one adopted stylesheet");
      assert.equal(form.styleElements, 0, "no style element or attribute");

      assert.equal(await signInWithElement(page, who, { wrongFirst: true }), "authenticated");
      const done = await shadow(page, (root) => root.querySelector('[part~="session"]').textContent);
      assert.match(done, new RegExp(`Signed in as ${who.email.replace(/[.]/g, "\\.")}`));
      assert.match(done, /Signed in with two factors\./);
      assert.match(await page.locator("#status").textContent(), /^Welcome, .* \(aal2\)\.$/);

      // The events, as the document saw them: they bubble out of the element.
      const events = await page.evaluate(() => window.__events);
      const auth = events.filter((e) => e.type === "orylogin:authenticated");
      assert.equal(auth.length, 1, JSON.stringify(events));
      assert.equal(auth[0].detail.aal, "aal2");
      assert.equal(auth[0].detail.session.identity.traits.email, who.email);
      assert.deepEqual([...auth[0].detail.session.methods].sort(), ["code", "password"]);
      assert.ok(events.every((e) => e.bubbles && e.composed && e.target === "ORY-LOGIN"), JSON.stringify(events));
      const steps = events.filter((e) => e.type === "orylogin:change").map((e) => e.detail.step);
      assert.deepEqual(steps.slice(0, 1), ["password"]);
      assert.equal(steps.at(-1), "authenticated");
      assert.ok(steps.includes("code_sent"), steps.join());
      assert.deepEqual(events.filter((e) => e.type === "orylogin:error"), [], "no call failed");

      // element.client is the client the element drives: the session is real.
      const session = await page.evaluate(() => document.querySelector("ory-login").client.whoami());
      assert.equal(session.aal, "aal2");
      assert.equal((await page.evaluate(() => document.querySelector("ory-login").state)).step, "authenticated");

      // Sign out with the element's own button.
      await page.click("ory-login button[type=submit]");
      assert.equal(await elementStep(page, "signed_out"), "signed_out");
      assert.equal(await page.evaluate(() => document.querySelector("ory-login").client.whoami()), null);
    }));

  test("Ory's text with markup in it is shown as text; script, img and a nodes never become elements", { timeout: 90_000 }, () =>
    withPage("examples/static/", async ({ page }) => {
      const who = await newIdentity(server, "markup");
      await elementStep(page, "password");
      // Kratos's own answer to a wrong password, with markup in its messages
      // and script, img and a nodes added, as a hostile or broken Ory might send.
      const kratos = new URL(server.kratosPublic);
      let rewritten = 0;
      await page.route((url) => url.origin === kratos.origin && url.pathname === "/self-service/login", async (route) => {
        if (route.request().method() !== "POST") return route.continue();
        const res = await route.fetch();
        const flow = await res.json();
        assert.equal(res.status(), 400, JSON.stringify(flow));
        // Ids no catalogue knows: the element shows Ory's own text (a known id
        // would be shown in the catalogue's words instead).
        flow.ui.messages = [{ id: 4009906, type: "error", text: MARKUP }];
        flow.ui.nodes.find((n) => n.attributes.name === "identifier").messages.push({ id: 4009902, type: "error", text: MARKUP });
        const text = { id: 1, type: "info", text: MARKUP };
        flow.ui.nodes.push(
          { type: "script", group: "default", messages: [], meta: {}, attributes: { node_type: "script", id: "evil", src: "/evil.js", type: "text/javascript", async: true, crossorigin: "anonymous", integrity: "", nonce: "", referrerpolicy: "no-referrer" } },
          { type: "img", group: "default", messages: [text], meta: { label: text }, attributes: { node_type: "img", id: "qr", src: "/x.png", width: 1, height: 1 } },
          { type: "a", group: "default", messages: [text], meta: { label: text }, attributes: { node_type: "a", id: "link", href: "https://example.invalid/", title: text } },
        );
        rewritten++;
        await route.fulfill({ response: res, json: flow });
      });
      await typeInto(page, "ory-login input[name=identifier]", who.email);
      await typeInto(page, "ory-login input[name=password]", "not-the-password");
      await page.click("ory-login button[type=submit]");
      await page.locator(`ory-login [part~="messages"] li[data-id="4009906"]`).waitFor({ timeout: 20_000 });
      assert.equal(rewritten, 1, "Kratos's answer was rewritten");
      assert.equal(await elementStep(page, "password"), "password");

      const seen = await shadow(page, (root) => ({
        global: [...root.querySelectorAll('[part~="messages"] li')].map((li) => li.textContent),
        field: [...root.querySelectorAll("#orylogin-identifier-messages li")].map((li) => li.textContent),
        invalid: root.querySelector('input[name="identifier"]').getAttribute("aria-invalid"),
        describedBy: root.querySelector('input[name="identifier"]').getAttribute("aria-describedby"),
        parsed: root.querySelectorAll("img, script, a, b, #bold, #evil, #qr, #link, iframe").length,
        rootChildren: root.children.length,
      }));
      assert.deepEqual(seen.global, [MARKUP], "the form-wide message, verbatim as text");
      assert.deepEqual(seen.field, [MARKUP], "the identifier's message, verbatim as text, next to its field");
      assert.equal(seen.invalid, "true");
      assert.equal(seen.describedBy, "orylogin-identifier-messages");
      assert.equal(seen.parsed, 0, "no element was made from Ory's text or nodes");
      assert.equal(seen.rootChildren, 1);
      assert.equal(await page.evaluate(() => window.__pwned), undefined, "no script ran");
      assert.equal(await page.locator("img, script[src='/evil.js'], a[href='https://example.invalid/']").count(), 0);
    }));

  test("example: static page with <ory-login> reaches aal2", { timeout: 120_000 }, () =>
    withPage("examples/static/", async ({ page }) => {
      const who = await newIdentity(server, "static");
      assert.equal(await page.locator("script").count(), 1, "one script tag");
      assert.equal(await signInWithElement(page, who), "authenticated");
      assert.equal(await page.locator("#status").textContent(), `Welcome, ${who.email} (aal2).`);
    }));

  test("the element's login flow is asked for once, while the module still downloads", { timeout: 60_000 }, () =>
    withPage("examples/static/", async ({ page }) => {
      assert.equal(await elementStep(page, "password"), "password");
      const t = await page.evaluate(() => {
        const entries = performance.getEntriesByType("resource");
        const path = (e) => new URL(e.name).pathname;
        return {
          flows: entries.filter((e) => path(e).endsWith("/self-service/login/browser")).map((e) => e.startTime),
          wasmEnd: entries.find((e) => path(e).endsWith("/orylogin.wasm"))?.responseEnd,
        };
      });
      assert.equal(t.flows.length, 1, "one GET of the login flow");
      assert.ok(t.flows[0] < t.wasmEnd, `the flow went out at ${t.flows[0]} ms, the module's last byte came at ${t.wasmEnd} ms`);
    }));

  test("example: headless JS API with its own markup reaches aal2", { timeout: 120_000 }, () =>
    withPage("examples/headless/", async ({ page }) => {
      const who = await newIdentity(server, "headless");
      assert.equal(await page.locator("ory-login").count(), 0, "no element: the page's own markup");
      const waitStep = async (...steps) => {
        await page.waitForFunction(
          (want) => document.getElementById("app").getAttribute("aria-busy") === "false"
            && want.includes(document.documentElement.dataset.step),
          steps, { timeout: 30_000 },
        );
        return page.evaluate(() => document.documentElement.dataset.step);
      };
      await waitStep("password");
      // Ory's message in the page's language, an error as a sentence: formatMessage and formatError.
      await page.evaluate(() => { document.documentElement.lang = "de"; });
      await typeInto(page, "#identifier", who.email);
      await typeInto(page, "#password", "not-the-password");
      await page.click("#password-form button[type=submit]");
      await page.locator("#messages li").first().waitFor({ timeout: 20_000 });
      assert.match(await page.locator("#messages").textContent(), /Zugangsdaten sind ungültig/, "Ory's 4000006 in German");
      const seen = await mailIds(server, who.email);
      await page.fill("#password", "");
      await typeInto(page, "#password", who.password);
      await page.click("#password-form button[type=submit]");
      if ((await waitStep("choose_method", "code_sent")) === "choose_method") {
        await page.click("button[name=address]");
        await waitStep("code_sent");
      }
      const mail = await waitForMail(server, who.email, seen);
      await typeInto(page, "#code", mail.code);
      await page.click("#code-form button[type=submit]");
      assert.equal(await waitStep("authenticated"), "authenticated");
      assert.equal(await page.locator("#welcome").textContent(), `Signed in as ${who.email} (aal2).`);
    }));

  test("example: React + Vite app embeds <ory-login>, reacts to its events and reaches aal2", { timeout: 120_000 }, async () => {
    assert.ok(existsSync(join(DIST, "examples/react-vite/index.html")), "dist/examples/react-vite is built (./build.sh examples)");
    await withPage("examples/react-vite/", async ({ page, watch }) => {
      const who = await newIdentity(server, "react");
      const scripts = await page.locator("script").evaluateAll((s) => s.map((x) => ({ type: x.type, inline: !x.src })));
      assert.deepEqual(scripts, [{ type: "module", inline: false }], "one bundled module, no inline script");
      assert.equal(await signInWithElement(page, who), "authenticated");
      // React state driven by the element's events.
      await page.locator("[data-testid=welcome]").waitFor({ timeout: 10_000 });
      assert.equal(await page.locator("[data-testid=welcome]").textContent(), `Welcome, ${who.email} (aal2)`);
      assert.equal(await page.locator("[data-testid=step]").textContent(), "authenticated");
      assert.ok(watch.requests.some((u) => /\/assets\/orylogin-[\w-]+\.wasm$/.test(u)), "Vite emitted and the app loaded the wasm asset");
      // The app signs out through element.client; the element follows.
      await page.click("text=Sign out from the app");
      assert.equal(await elementStep(page, "signed_out"), "signed_out");
      await page.locator("[data-testid=welcome]").waitFor({ state: "detached", timeout: 10_000 });
    });
  });
});
