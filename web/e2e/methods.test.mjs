// methods.test.mjs — issue 12's methods through the JS API in headless
// Chromium (the browser flow, the page's module) against the dev server's
// real Kratos: TOTP, backup codes, SMS and refresh on a Kratos with the
// demo's factors linked (-methods totp,lookup_secret,sms), the passwordless
// code, identifier-first, and the calls each flow does not offer. The
// scenarios are in methods-scenarios.mjs; the api flow runs them in Node
// (web/node/methods-api.test.mjs).
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { openBrowser, startDevServer, waitReady } from "./harness.mjs";
import * as s from "./methods-scenarios.mjs";

/**
 * withPage starts the dev server with flags and one browser on its page for
 * a describe block, and returns the block's driver (see methods-scenarios.mjs).
 * newClient clears the cookies, so that each client is a fresh person.
 */
function withPage(flags) {
  const ctx = {};
  before(async () => {
    ctx.server = await startDevServer(flags);
    ctx.browser = await openBrowser();
    await ctx.browser.page.goto(ctx.server.url);
    await waitReady(ctx.browser.page);
  }, { timeout: 240_000 });
  after(async () => {
    try {
      if (ctx.browser) {
        const { watch } = ctx.browser;
        assert.deepEqual(watch.pageErrors, [], "uncaught page errors");
        assert.deepEqual(await watch.cspViolations(), [], "CSP violations");
        s.noSecrets("the console", (await watch.exposure()).console);
        s.noSecrets("the request URLs", (await watch.exposure()).urls);
      }
    } finally {
      await ctx.browser?.close();
      await ctx.server?.stop();
    }
  });
  const page = () => ctx.browser.page;
  ctx.driver = {
    flow: "browser",
    async newClient() {
      await ctx.browser.context.clearCookies();
      const i = await page().evaluate((baseURL) => {
        window.__clients = window.__clients || [];
        return window.__clients.push(window.OryLogin.newClient({ baseURL, flow: "browser", timeoutMs: 15000 })) - 1;
      }, ctx.server.kratosPublic);
      return {
        call: (m, a) => page().evaluate(async ([i, m, a]) => {
          const c = window.__clients[i];
          try {
            return { ok: true, value: await (a == null ? c[m]() : c[m](a)) };
          } catch (e) {
            return { ok: false, error: { name: e.name, code: e.code, message: e.message } };
          }
        }, [i, m, a ?? null]),
        state: () => page().evaluate((i) => window.__clients[i].state, i),
        exchanges: () => page().evaluate((i) => window.__clients[i].exchanges(), i),
      };
    },
    sent: async () => ctx.browser.watch.requests.filter((u) => u.startsWith(ctx.server.kratosPublic)).length,
  };
  return ctx;
}

s.describeMethods("browser", withPage);
