// fakedom.js — the smallest DOM the widget's Go tests need under Node:
// elements with attributes, children, text, the selectors the widget uses
// (tag, [name], [name="v"], [name~="v"], comma lists), focus, an open
// shadow root with listeners, and CustomEvent. Not a browser: Chromium
// runs the real one in web/e2e.
(() => {
  const parseOne = (sel) => {
    const m = /^([a-z0-9]*)((?:\[[^\]]+\])*)$/i.exec(sel.trim().replace(/#([\w-]+)/g, '[id="$1"]'));
    if (!m) throw new Error("fakedom: selector " + sel);
    const attrs = [...m[2].matchAll(/\[([a-z-]+)(?:(~?=)"?([^"\]]*)"?)?\]/gi)].map((a) => ({ name: a[1], op: a[2], value: a[3] }));
    return { tag: m[1].toUpperCase(), attrs };
  };
  // matches: a comma list of compound selectors, each maybe with descendant combinators.
  const matches = (el, sel) => sel.split(",").some((s) => {
    const parts = s.trim().split(/\s+(?![^\[]*\])/);
    if (!matchesOne(el, parts.at(-1))) return false;
    let n = el.parentNode;
    for (let i = parts.length - 2; i >= 0; i--) {
      while (n && !n.isRoot && !matchesOne(n, parts[i])) n = n.parentNode;
      if (!n || n.isRoot) return false;
      n = n.parentNode;
    }
    return true;
  });
  const matchesOne = (el, s) => {
    const { tag, attrs } = parseOne(s);
    if (tag && el.tagName !== tag) return false;
    return attrs.every((a) => {
      const v = el.getAttribute(a.name);
      if (v === null) return false;
      if (!a.op) return true;
      return a.op === "=" ? v === a.value : v.split(/\s+/).includes(a.value);
    });
  };
  class Node {
    constructor(tag, doc) {
      this.tagName = tag.toUpperCase(); this.ownerDocument = doc; this.attrs = new Map();
      this.children = []; this.parentNode = null; this._text = ""; this.listeners = {}; this.disabled = false;
    }
    setAttribute(k, v) { this.attrs.set(k, String(v)); if (k === "value" && this.tagName === "INPUT") this.value = String(v); }
    getAttribute(k) { return this.attrs.has(k) ? this.attrs.get(k) : null; }
    removeAttribute(k) { this.attrs.delete(k); }
    hasAttribute(k) { return this.attrs.has(k); }
    get name() { return this.getAttribute("name") ?? ""; }
    get type() { return this.getAttribute("type") ?? (this.tagName === "BUTTON" ? "submit" : "text"); }
    get readOnly() { return this.hasAttribute("readonly"); }
    get id() { return this.getAttribute("id") ?? ""; }
    appendChild(c) { c.parentNode = this; this.children.push(c); return c; }
    replaceChildren(...cs) { this.children = []; this._text = ""; cs.forEach((c) => this.appendChild(c)); }
    get textContent() { return this._text + this.children.map((c) => c.textContent).join(""); }
    set textContent(s) { this.children = []; this._text = String(s); }
    get isConnected() { let n = this; while (n.parentNode) n = n.parentNode; return n.isRoot === true; }
    *all() { for (const c of this.children) { yield c; yield* c.all(); } }
    querySelectorAll(sel) { return [...this.all()].filter((e) => matches(e, sel)); }
    querySelector(sel) { return this.querySelectorAll(sel)[0] ?? null; }
    closest(sel) { for (let n = this; n && !n.isRoot; n = n.parentNode) if (matches(n, sel)) return n; return null; }
    root() { let n = this; while (n.parentNode) n = n.parentNode; return n; }
    focus() { const r = this.root(); if (r.isRoot) r.activeElement = this; }
    addEventListener(t, f) { (this.listeners[t] ??= []).push(f); }
    removeEventListener(t, f) { this.listeners[t] = (this.listeners[t] ?? []).filter((g) => g !== f); }
    dispatchEvent(ev) { (this.events ??= []).push(ev); (this.listeners[ev.type] ?? []).forEach((f) => f(ev)); return true; }
    attachShadow() { const r = new Node("#shadow-root", this.ownerDocument); r.isRoot = true; r.host = this; r.activeElement = null; this.shadowRoot = r; return r; }
  }
  class Document {
    constructor() { this.documentElement = new Node("html", this); this.baseURI = "http://localhost/"; this.body = this.documentElement.appendChild(new Node("body", this)); }
    createElement(tag) { return new Node(tag, this); }
  }
  globalThis.fakeDocument = () => new Document();
  globalThis.CustomEvent ??= class CustomEvent { constructor(type, init) { this.type = type; this.detail = init?.detail; this.bubbles = init?.bubbles; this.composed = init?.composed; } };
  // submit fires a submit event at form on its shadow root's listeners, as a browser would for a press of submitter.
  globalThis.fakeSubmit = (form, submitter) => {
    const ev = { type: "submit", target: form, submitter: submitter ?? null, preventDefault() { this.prevented = true; } };
    (form.root().listeners.submit ?? []).forEach((f) => f(ev));
    return ev;
  };
  globalThis.fakeClick = (el) => (el.root().listeners.click ?? []).forEach((f) => f({ type: "click", target: el }));
})();
