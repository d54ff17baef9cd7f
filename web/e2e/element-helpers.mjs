// element-helpers.mjs — what the <ory-login> tests share: waiting for the
// element's step, reading its shadow root, and recording its events as the
// document sees them.

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
