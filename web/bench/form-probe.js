// form-probe.js — the stopwatch of bench/form.html (time to a usable form),
// a classic script that runs before anything else on the page. It records in
// window.benchForm, in ms since navigation start:
//
//   visibleMs:     when the first <ory-login>'s shadow root first held a
//                  visible form, or a visible skeleton (an element whose part
//                  or class names "skeleton", or that has data-skeleton);
//   interactiveMs: when it first held a visible, enabled, writable text input
//                  (not disabled, by itself or by its fieldset; not readonly),
//                  the input itself in `input` for the driver, which types
//                  into it and checks that the text stays.
//
// Both are the moment the DOM first held them (a mutation's microtask, before
// paint). It sees every shadow root: attachShadow is wrapped (open or closed
// roots, whoever attaches them), and a declarative one is found on the next
// mutation or frame.
(() => {
  const probe = (window.benchForm = { visibleMs: null, interactiveMs: null, input: null, root: null });
  const watched = new WeakSet();
  const observers = [];
  const VISIBLE = 'form, [part~="skeleton"], .skeleton, [data-skeleton]';
  const TEXT = ["text", "email", "password", "tel", "number", "search", "url", ""];

  const shown = (el) => {
    if (el.checkVisibility && !el.checkVisibility()) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const writable = (el) =>
    TEXT.includes((el.getAttribute("type") ?? "").toLowerCase()) && el.matches(":enabled") && !el.readOnly && shown(el);

  function check() {
    const host = document.querySelector("ory-login");
    const root = probe.root ?? host?.shadowRoot ?? null;
    if (!root) return;
    if (!probe.root) watch(root);
    const now = performance.now();
    if (probe.visibleMs === null && [...root.querySelectorAll(VISIBLE)].some(shown)) probe.visibleMs = now;
    if (probe.interactiveMs === null) {
      const input = [...root.querySelectorAll("input")].find(writable);
      if (input) {
        probe.interactiveMs = now;
        probe.input = input;
        if (probe.visibleMs === null) probe.visibleMs = now; // an input is drawn too
      }
    }
    if (probe.interactiveMs !== null) for (const o of observers.splice(0)) o.disconnect();
  }

  function watch(root) {
    if (watched.has(root)) return;
    watched.add(root);
    probe.root = root;
    const o = new MutationObserver(check);
    o.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
    observers.push(o);
  }

  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    if (this.localName === "ory-login" && !probe.root) {
      watch(root);
      queueMicrotask(check);
    }
    return root;
  };

  const doc = new MutationObserver(check); // the element's arrival, a declarative root, attributes on the host
  doc.observe(document, { childList: true, subtree: true, attributes: true });
  observers.push(doc);
  const frame = () => {
    check();
    if (probe.interactiveMs === null) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
