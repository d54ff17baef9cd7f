// security.test.mjs — the demo page's browser security, in headless
// Chromium against a real Kratos: the dev server's strict CSP holds through
// the whole login with no violation reported (and the listener is shown to
// report one when a violation does happen); Ory's messages are rendered as
// text even when they carry markup; and Kratos UI nodes of type script, img
// and a, injected into Kratos's real answers by the fault proxy, never
// become live elements. (The <ory-login> element has its own such test.)
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { mailIds, newIdentity, openBrowser, typeInto, waitForMail, waitReady, waitStep } from "./harness.mjs";
import { report, startStack } from "./hardening.mjs";

/** EVIL is where injected nodes point: loopback, port 9 (discard), nothing serves it. */
const EVIL = "http://127.0.0.1:9";

const MARKUP_MESSAGE = `<img src="${EVIL}/msg.png" onerror="window.__xss=1"><script>window.__xss=2</script><b>bold</b>`;
const MARKUP_FIELD_MESSAGE = `<svg onload="window.__xss=5"></svg>`;
const MARKUP_ADDRESS = `<img src="${EVIL}/addr.png" onerror="window.__xss=6">@example.com`;

/** nodes are Kratos UI nodes of types the page must not render, shaped as client-go requires. */
const NODES = [
  {
    type: "script", group: "default", messages: [], meta: {},
    attributes: { node_type: "script", id: "evil-script", src: `${EVIL}/evil.js`, async: true, crossorigin: "anonymous", integrity: "", nonce: "", referrerpolicy: "no-referrer", type: "text/javascript" },
  },
  {
    type: "img", group: "default", messages: [], meta: {},
    attributes: { node_type: "img", id: "evil-img", src: `${EVIL}/evil.png`, width: 1, height: 1 },
  },
  {
    type: "a", group: "default", messages: [], meta: {},
    attributes: { node_type: "a", id: "evil-a", href: "javascript:window.__xss=3", title: { id: 1, text: "<b>click me</b>", type: "info" } },
  },
  {
    type: "input", group: "default", meta: {},
    attributes: { node_type: "input", name: "<i>field</i>", type: "text", value: "<b>value</b>", disabled: false },
    messages: [{ id: 4000002, text: MARKUP_FIELD_MESSAGE, type: "error" }],
  },
];

let stack;
const counted = { cspChecks: 0, injected: 0 };

before(async () => { stack = await startStack({ requiredAAL: "aal1" }); });
after(async () => {
  await stack?.stop();
  report("security", counted);
});

/** live returns the elements an injection would have made, and whether any script ran. */
function live(page) {
  return page.evaluate((evil) => ({
    xss: window.__xss ?? null,
    elements: [...document.querySelectorAll(`script[src^="${evil}"], img[src^="${evil}"], a[href^="javascript:"], #messages *:not(li):not(code):not(span), #addresses img, #addresses b, #addresses svg, iframe, object, embed`)]
      .map((e) => e.outerHTML),
    scripts: [...document.scripts].map((s) => s.src || "(inline)"),
  }), EVIL);
}

describe("browser security of the demo page", () => {
  test("strict CSP, markup in Ory's messages and addresses stays text, script/img/a nodes stay dead", { timeout: 180_000 }, async () => {
    const { proxy, server } = stack;
    const b = await openBrowser();
    try {
      const { page, watch } = b;
      const who = await newIdentity(server, "security");

      // Kratos's answer to the page's first login flow gets markup messages and hostile nodes.
      await proxy.arm({ fault: "inject", method: "GET", path: "/self-service/login/browser", messages: [{ id: 4000006, text: MARKUP_MESSAGE, type: "error" }], nodes: NODES });
      await page.goto(server.url);
      await waitReady(page);
      await waitStep(page, "password");
      assert.equal(await proxy.disarm(), 0, "the injection was used");
      counted.injected += 1 + NODES.length;

      // The CSP is the strict one, and the page has no inline script or style.
      const html = watch.responses.find((r) => r.url === server.url);
      const csp = (html?.headers["content-security-policy"] || "").split(";").map((d) => d.trim());
      for (const d of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'"]) {
        assert.ok(csp.includes(d), `CSP lacks ${d}: ${csp.join("; ")}`);
        counted.cspChecks++;
      }
      assert.ok(!csp.join(";").includes("unsafe-inline") && !csp.join(";").includes("'unsafe-eval'"), csp.join("; "));
      const source = await (await fetch(server.url)).text();
      assert.doesNotMatch(source, /<script(?![^>]*\bsrc=)[^>]*>/i, "an inline script in the page");
      assert.doesNotMatch(source, /<style|\sstyle=/i, "an inline style in the page");
      counted.cspChecks += 3;

      // Ory's markup is text.
      const messages = await page.locator("#messages").textContent();
      assert.ok(messages.includes(MARKUP_MESSAGE), `the message is not shown as text: ${messages}`);
      assert.ok(messages.includes(MARKUP_FIELD_MESSAGE), "the field message is not shown as text");
      assert.ok(messages.includes("(<i>field</i>)"), "the field name is not shown as text");
      let l = await live(page);
      assert.deepEqual(l.elements, [], "injected markup became elements");
      assert.equal(l.xss, null, "injected script ran");
      assert.deepEqual(l.scripts.filter((s) => s === "(inline)" || s.startsWith(EVIL)), [], "scripts in the page");

      // The login goes on; the step-up's flow offers a second, hostile address.
      await typeInto(page, "input[name=identifier]", who.email);
      await typeInto(page, "input[name=password]", who.password);
      await page.click("#form-password button[type=submit]");
      await waitStep(page, "authenticated");
      await proxy.arm({
        fault: "inject", method: "GET", path: "/self-service/login/browser",
        messages: [{ id: 1010004, text: MARKUP_MESSAGE, type: "info" }],
        nodes: [{
          type: "input", group: "code", messages: [], meta: { label: { id: 1010023, text: `Send code to ${MARKUP_ADDRESS}`, type: "info" } },
          attributes: { node_type: "input", name: "address", type: "submit", value: MARKUP_ADDRESS, disabled: false },
        }],
      });
      await page.click("#stepup");
      // Kratos v26 mails the code when the flow is made: code_sent, whose
      // page shows Ory's messages but no address buttons.
      const stepped = await waitStep(page, "choose_method", "code_sent");
      assert.equal(await proxy.disarm(), 0, "the second injection was used");
      counted.injected += 2;
      if (stepped === "choose_method") {
        const buttons = await page.locator("#addresses button").allTextContents();
        assert.deepEqual(buttons, [`Send code to ${who.email}`, `Send code to ${MARKUP_ADDRESS}`]);
      }
      l = await live(page);
      assert.deepEqual(l.elements, [], "the hostile address became elements");
      assert.equal(l.xss, null);

      let code;
      if (stepped === "choose_method") {
        const seen = await mailIds(server, who.email);
        await page.click(`#addresses button[value="${who.email}"]`);
        await waitStep(page, "code_sent");
        ({ code } = await waitForMail(server, who.email, seen));
      } else {
        ({ code } = await waitForMail(server, who.email, new Set()));
      }
      await typeInto(page, "input[name=code]", code);
      await page.click("#form-code button[type=submit]");
      await waitStep(page, "authenticated");
      assert.match(await page.locator("#session").textContent(), /aal2/);

      l = await live(page);
      assert.deepEqual(l.elements, []);
      assert.equal(l.xss, null);
      assert.deepEqual(watch.requests.filter((u) => u.startsWith(EVIL)), [], "the page fetched an injected URL");
      assert.deepEqual(await watch.cspViolations(), [], "CSP violations during the login");
      assert.deepEqual(watch.pageErrors, []);
      assert.deepEqual(watch.consoleErrors(proxy.url), [], "console errors");

      // The listener does report violations: an inline script and an
      // inline style, added now, are blocked and reported.
      await page.evaluate(() => {
        const s = document.createElement("script");
        s.textContent = "window.__inline = true";
        document.body.append(s);
        const d = document.createElement("div");
        d.setAttribute("style", "color: red");
        document.body.append(d);
      });
      await page.waitForFunction(() => (window.__cspViolations || []).length >= 2, null, { timeout: 10_000 });
      const v = await watch.cspViolations();
      assert.ok(v.some((x) => x.directive.startsWith("script-src")), JSON.stringify(v));
      assert.ok(v.some((x) => x.directive.startsWith("style-src")), JSON.stringify(v));
      assert.equal(await page.evaluate(() => window.__inline ?? null), null, "an inline script ran under the CSP");
      counted.cspChecks += 3;
    } finally {
      await b.close();
    }
  });
});
