// element-helpers.mjs — what the <ory-login> tests share: waiting for the
// element's step, reading its shadow root, recording its events as the
// document sees them, and checking a step in every shipped language.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./harness.mjs";

/**
 * SHIPPED are the languages the module ships, one per catalogue in
 * wasm/i18n/catalog (read from there, so a new catalogue is checked by
 * inEveryLanguage at once); an embedder's addMessages adds others.
 */
export const SHIPPED = readdirSync(join(ROOT, "wasm", "i18n", "catalog"))
  .filter((f) => f.endsWith(".txt")).map((f) => f.slice(0, -".txt".length)).sort();

/**
 * elementStep waits until the page's <ory-login> (or the one matching
 * selector) is idle at one of steps and returns the step. The element
 * reflects its step in data-step and its busy state in aria-busy.
 */
export async function elementStep(page, ...steps) {
  return elementStepOf(page, "ory-login", ...steps);
}

/** elementStepOf is elementStep for the element that selector finds (in the light DOM or an open shadow root). */
export async function elementStepOf(page, selector, ...steps) {
  const el = page.locator(selector);
  await el.evaluate(
    (node, want) => new Promise((resolve, reject) => {
      const ok = () => node.getAttribute("aria-busy") === "false" && want.includes(node.getAttribute("data-step"));
      if (ok()) return resolve();
      const timer = setTimeout(() => {
        observer.disconnect();
        const error = node.shadowRoot?.querySelector('[part~="error"]')?.textContent ?? "";
        reject(new Error(`step ${node.getAttribute("data-step")} (busy ${node.getAttribute("aria-busy")}; error "${error}"), want ${want.join("|")}`));
      }, 30_000);
      const observer = new MutationObserver(() => {
        if (ok()) {
          clearTimeout(timer);
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(node, { attributes: true, attributeFilter: ["aria-busy", "data-step"] });
    }),
    steps,
  );
  return el.getAttribute("data-step");
}

/** shadow runs fn(shadowRoot) in the page for the first <ory-login> and returns its result. */
export async function shadow(page, fn, selector = "ory-login") {
  const root = await page.locator(selector).first().evaluateHandle((el) => el.shadowRoot);
  try {
    return await root.evaluate(fn);
  } finally {
    await root.dispose();
  }
}

/**
 * recordEvents makes the page record, from its start, every orylogin:*
 * event that reaches the document in window.__events: type, bubbles,
 * composed, the target's tag name, and the detail (State, or the error's
 * code and message). Call it before page.goto.
 */
export async function recordEvents(page) {
  await page.addInitScript(() => {
    window.__events = [];
    for (const type of ["orylogin:change", "orylogin:authenticated", "orylogin:error"]) {
      document.addEventListener(type, (e) => {
        const d = e.detail;
        window.__events.push({
          type, bubbles: e.bubbles, composed: e.composed, target: e.target?.tagName,
          detail: d instanceof Error ? { name: d.name, code: d.code, message: d.message } : structuredClone(d),
        });
      });
    }
  });
}

/**
 * words sets the page's <ory-login> lang to lang and returns what it then
 * shows: the frame's lang, its texts (headings, labels, buttons, hints,
 * status, the session's level), Ory's messages and the error's sentence.
 */
export function words(page, lang) {
  return page.evaluate((lang) => {
    const el = document.querySelector("ory-login");
    el.setAttribute("lang", lang);
    const root = el.shadowRoot;
    const texts = (sel) => [...root.querySelectorAll(sel)].filter((n) => !n.closest("[hidden]")).map((n) => n.textContent.trim()).filter(Boolean);
    return {
      frame: root.querySelector('[part~="root"]').getAttribute("lang"),
      ui: texts("h2, label, button, [part~=hint], [part~=status], .level"),
      messages: texts("li.message"),
      error: root.querySelector('[part~="error"]:not([hidden])')?.textContent ?? "",
    };
  }, lang);
}

/**
 * inEveryLanguage checks the element's current step (named step in the
 * failures) in each SHIPPED language, which OryLogin.languages must hold
 * (those an embedder added are not checked), against English: the same
 * texts, none of them left in English (but those with an address, which
 * stay as typed), Ory's messages translated, and an error shown as a
 * translated sentence, never a code. It removes lang afterwards, so the
 * element follows the page's language again. Run it where a test reaches a
 * screen, so a text added without its translations fails there.
 */
export async function inEveryLanguage(page, step) {
  const langs = await page.evaluate(() => window.OryLogin.languages);
  for (const lang of SHIPPED) assert.ok(langs.includes(lang), `${step}: ${lang} ships`);
  const en = await words(page, "en");
  assert.equal(en.frame, "en");
  assert.ok(en.ui.length > 0, `${step}: texts`);
  for (const lang of SHIPPED.filter((l) => l !== "en")) {
    const got = await words(page, lang);
    assert.equal(got.frame, lang, `${step} ${lang}: the frame's lang`);
    assert.equal(got.ui.length, en.ui.length, `${step} ${lang}: the same texts`);
    for (const [i, t] of got.ui.entries()) {
      if (!en.ui[i].includes("@")) assert.notEqual(t, en.ui[i], `${step} ${lang}: "${t}" is still English`);
    }
    for (const [i, t] of got.messages.entries()) assert.notEqual(t, en.messages[i], `${step} ${lang}: Ory's message "${t}" is still English`);
    if (en.error) {
      assert.notEqual(got.error, en.error, `${step} ${lang}: the error is still English`);
      assert.ok(!/orylogin:|[a-z]+_[a-z]+/.test(got.error), `${step} ${lang}: the error shows a code: ${got.error}`);
    }
  }
  await page.evaluate(() => document.querySelector("ory-login").removeAttribute("lang"));
}
