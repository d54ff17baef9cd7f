// orylogin.js: the ES module loader of orylogin.wasm.
//
//   import { load } from "./orylogin.js";
//   const OryLogin = await load();
//
// In a browser it streams orylogin.wasm from next to this file; in Node.js
// (>= 20) it reads it from disk. wasm_exec.js (Go's glue) is imported from
// next to this file for its side effect (it only assigns globalThis.Go), so
// no inline script and no eval are needed: a CSP of
// `script-src 'self' 'wasm-unsafe-eval'` is enough.
//
// Everything orylogin does happens in Go; this file loads the module and
// provides the few things Go cannot do itself or does dearly: the
// OryLoginError class (so that `instanceof` works), throwing from a
// synchronous function, turning a dead Go program into OryLoginErrors
// instead of bare strings, the class of the <ory-login> element (defined
// when load() starts: a skeleton until the module is ready), whose
// callbacks call into Go, one HTTP request per call of the Go fetch
// transport (request), and the WebAuthn ceremony (binary buffers in and
// out of navigator.credentials.get), without Ory's webauthn.js.

/** The key under which the loader hands the glue to the Go program. */
const BOOT = "__oryloginBoot";

/**
 * OryLoginError is the one error orylogin throws or rejects with. Its
 * message never holds a password, a code or a session token.
 */
export class OryLoginError extends Error {
  /**
   * @param {string} message
   * @param {{code?: string, status?: number, messages?: object[], retryAfter?: number}} [details]
   */
  constructor(message, { code = "internal", status = 0, messages = [], retryAfter = 0 } = {}) {
    super(message);
    this.name = "OryLoginError";
    this.code = code;
    this.status = status;
    this.messages = messages;
    this.retryAfter = retryAfter;
  }
}

/** Fail carries an OryLoginError out of a Go function, to be thrown here. */
class Fail {
  constructor(error) {
    this.error = error;
  }
}

function internalError(text) {
  return new OryLoginError("orylogin: internal: " + text, { code: "internal" });
}

function report(error) {
  if (typeof globalThis.reportError === "function") {
    globalThis.reportError(error);
  } else {
    console.error(error);
  }
}

/**
 * _glue returns what the Go side of orylogin needs from JavaScript. It is
 * internal (used by the loader and by orylogin's own Go tests), not API.
 *
 * @param {Promise<unknown>} exited settles when the Go program has exited
 * @param {() => boolean} [isExited] says synchronously whether it has
 * @internal
 */
export function _glue(exited, isExited = () => false) {
  let gone = false;
  const dead = () => gone || isExited();
  const exitError = () => internalError("the Go program has exited");
  const onExit = Promise.resolve(exited).then(() => {
    gone = true;
    throw exitError();
  });
  onExit.catch(() => {});
  const asOryLoginError = (e) =>
    e instanceof OryLoginError ? e : dead() ? exitError() : internalError("internal error");
  /** calls holds the unsettled calls' resolve and reject by id (see async). */
  const calls = new Map();
  const settle = (id, ok, value) => {
    const c = calls.get(id);
    if (!c) return void calls.set(id, { ok, value });
    calls.delete(id);
    (ok ? c.resolve : c.reject)(value);
  };

  return Object.freeze({
    OryLoginError,
    /** fail wraps an error that sync or async hands to the caller. */
    fail: (error) => new Fail(error),
    /** sync wraps a Go function that returns a value or a Fail to throw. */
    sync(fn) {
      return function (...args) {
        if (dead()) throw exitError();
        let r;
        try {
          r = fn.apply(this, args);
        } catch (e) {
          throw asOryLoginError(e);
        }
        if (r instanceof Fail) throw r.error;
        return r;
      };
    },
    /**
     * async wraps a Go function that starts a call and returns its id (or
     * a Fail): the wrapper makes the call's Promise here, and Go settles it
     * later through resolve or reject, so a call costs Go no Promise
     * executor of its own. The wrapper always returns a Promise, which
     * rejects with an OryLoginError if the Go program exits before it
     * settles. fn is called without a this: the bridge binds the client
     * as the first argument, and a this would cost Go one more value (and
     * finalizer) per call.
     */
    async(fn) {
      return function (...args) {
        if (dead()) return Promise.reject(exitError());
        let id;
        try {
          id = fn(...args);
        } catch (e) {
          return Promise.reject(asOryLoginError(e));
        }
        if (id instanceof Fail) return Promise.reject(id.error);
        const early = calls.get(id); // settled before fn returned
        const p = early
          ? (calls.delete(id), early.ok ? Promise.resolve(early.value) : Promise.reject(early.value))
          : new Promise((resolve, reject) => calls.set(id, { resolve, reject }));
        return Promise.race([p, onExit]);
      };
    },
    /** resolve settles call id (see async) with the value of the JSON text json. */
    resolve: (id, json) => settle(id, true, JSON.parse(json)),
    /** reject settles call id (see async) with error. */
    reject: (id, error) => settle(id, false, error),
    /**
     * defineElement defines <ory-login> on the Go side's hooks (once) and
     * returns its class; undefined where there are no custom elements.
     */
    defineElement: (hooks) => defineOryLogin(hooks),
    /**
     * idle calls fn once, when the page is next idle (requestIdleCallback,
     * within a second; a timer where there is none), unless the Go program
     * has exited by then.
     */
    idle(fn) {
      const run = () => dead() || fn();
      if (typeof globalThis.requestIdleCallback === "function") requestIdleCallback(run, { timeout: 1000 });
      else setTimeout(run, 0);
    },
    /** hasWebAuthn says whether the platform can run a WebAuthn ceremony (navigator.credentials). */
    hasWebAuthn,
    /** webauthnGet runs one WebAuthn ceremony (see webauthnGet below). */
    webauthnGet,
    /** request performs one HTTP request for the Go fetch transport (see request below). */
    request,
    /** emit calls each listener with value; a listener that throws is reported, not propagated. */
    emit(listeners, value) {
      for (const fn of listeners) {
        try {
          fn(value);
        } catch (e) {
          report(e);
        }
      }
    },
  });
}

/** hasWebAuthn says whether navigator.credentials.get and PublicKeyCredential exist (browsers; not Node). */
function hasWebAuthn() {
  return typeof globalThis.PublicKeyCredential === "function" && typeof globalThis.navigator?.credentials?.get === "function";
}

/** fromBase64URL decodes Ory's base64url (padding optional) into bytes. */
function fromBase64URL(text) {
  return Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));
}

/** toBase64URL encodes bytes as Kratos reads them: base64url without padding. */
function toBase64URL(buffer) {
  let bin = "";
  for (const b of new Uint8Array(buffer)) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * webauthnGet runs navigator.credentials.get with Ory's request options
 * (the JSON of a passkey_challenge or webauthn_login_trigger node,
 * {"publicKey":{…}}, its challenge and allowCredentials ids in base64url)
 * and resolves with {credential: the PublicKeyCredential as the JSON Kratos
 * reads in passkey_login / webauthn_login} or {failure: "cancelled"} (the
 * person cancelled, or no credential, or signal aborted it: NotAllowedError,
 * AbortError) or {failure: "refused"} (any other refusal, options it cannot
 * use, or autofill where the browser has no conditional mediation). With
 * autofill the browser offers the passkeys in the autofill of an input
 * marked autocomplete="username webauthn" and the Promise waits for the
 * person (mediation "conditional"). It never rejects, and neither the
 * options nor the credential are logged.
 *
 * @param {string} optionsJSON
 * @param {{autofill?: boolean, signal?: AbortSignal}} [how]
 * @returns {Promise<{credential?: string, failure?: "cancelled" | "refused"}>}
 */
async function webauthnGet(optionsJSON, { autofill = false, signal } = {}) {
  let publicKey;
  try {
    const given = JSON.parse(optionsJSON).publicKey;
    publicKey = { ...given, challenge: fromBase64URL(given.challenge) };
    if (Array.isArray(given.allowCredentials)) {
      publicKey.allowCredentials = given.allowCredentials.map((c) => ({ ...c, id: fromBase64URL(c.id) }));
    }
  } catch {
    return { failure: "refused" };
  }
  let credential;
  try {
    if (autofill && !(await globalThis.PublicKeyCredential.isConditionalMediationAvailable?.())) return { failure: "refused" };
    credential = await navigator.credentials.get(autofill ? { publicKey, mediation: "conditional", signal } : { publicKey, signal });
  } catch (e) {
    return { failure: e?.name === "NotAllowedError" || e?.name === "AbortError" ? "cancelled" : "refused" };
  }
  if (!credential) return { failure: "cancelled" };
  const r = credential.response;
  return {
    credential: JSON.stringify({
      id: credential.id,
      rawId: toBase64URL(credential.rawId),
      type: credential.type,
      response: {
        authenticatorData: toBase64URL(r.authenticatorData),
        clientDataJSON: toBase64URL(r.clientDataJSON),
        signature: toBase64URL(r.signature),
        userHandle: r.userHandle ? toBase64URL(r.userHandle) : "",
      },
    }),
  };
}

const NO_BYTES = new Uint8Array(0);

/**
 * GO_ENV is the Go program's environment. GOGC 25: a login keeps little
 * alive (about 0.2 MB between calls) and makes about 9 KB of garbage per
 * call. With Go's default of 100 the heap grows to 4 MB before its first
 * collection, some 450 calls in, and the wasm memory, which never shrinks,
 * to 7.5 MB by then; at 25 Go collects once the heap has grown by 1 MB
 * (its floor, whatever GOGC is lower). The bridge also collects every 32
 * calls (wasm/bridge/promise.go, collectSoon), which keeps the heap under
 * 1 MB between bursts of calls; GOGC bounds a burst. (Set here, not with
 * runtime/debug in Go: that package adds 3 KB brotli to the module.)
 */
const GO_ENV = Object.freeze({ GOGC: "25" });

/**
 * request performs one HTTP request for orylogin's Go fetch transport
 * (wasm/transport/fetch), so that Go crosses into JavaScript once per
 * request and is woken once, when it is over: building fetch's init, the
 * AbortController, waiting for the headers and then the body, reading the
 * few headers Go needs and cutting the body happen here.
 *
 * A request that load() has already sent for <ory-login> (see
 * prefetchLoginFlow) is not sent again: its answer is the one read.
 *
 * fetch itself runs in a microtask, once Go's call has returned: called
 * from inside that call, it cost Chromium more per request (measured in
 * the bench's login, 0.1–0.15 ms per step before the request went out and
 * about as much after the answer came).
 *
 * It sends with cache "no-store" and an abort signal, and calls settle
 * exactly once: settle(id, undefined, status, headers, body) when an HTTP
 * answer came, or settle(id, reason) with fetch's rejection reason (a
 * TypeError for network and CORS failures, an AbortError after abort(),
 * which Go calls when its context ends), or a TimeoutError when ms passed
 * first: the timeout is a JS timer here, which costs less than a Go timer
 * would around every request. An opaque or opaque-redirect response is
 * status 0 with no headers and no body. headers holds those of the wanted
 * response headers that are present, as "name\nvalue\n" pairs (a repeated
 * header joined with ", ", as fetch joins it). body holds at most cap
 * bytes; when content-length already declares more than cap - 1 bytes, the
 * download is aborted and body is null (too large).
 *
 * @param {string} method
 * @param {string} url
 * @param {string} headers the request headers as "name\nvalue" lines, "" for none
 * @param {Uint8Array | undefined} body
 * @param {boolean} include send cookies (credentials "include"; else "omit")
 * @param {string} names the wanted response headers, lower case, one a line
 * @param {number} cap the most body bytes to keep
 * @param {string} mode fetch's mode: "cors" (or "no-cors" for the CORS probe)
 * @param {string} redirect fetch's redirect mode: "manual" (or "follow" for the
 *   probe: Chromium refuses "manual" with "no-cors")
 * @param {(id: number, reason: unknown, status?: number, headers?: string, body?: Uint8Array | null) => void} settle
 *   one callback shared by every request, told which by id
 * @param {number} id the request's id, handed back to settle
 * @param {number} ms how long the request may take; 0 for no bound
 * @returns {() => void} abort: makes a request still under way settle with an AbortError
 * @internal
 */
function request(method, url, headers, body, include, names, cap, mode, redirect, settle, id, ms) {
  const early =
    body === undefined && earlyFlows.size > 0
      ? takeEarlyFlow(requestKey(method, url, headers, include, mode, redirect))
      : undefined;
  const ctl = early?.ctl ?? new AbortController();
  let timedOut = false;
  const timer =
    ms > 0
      ? setTimeout(() => {
          timedOut = true;
          ctl.abort();
        }, ms)
      : undefined;
  queueMicrotask(() => {
    // aborted before this runs: fetch rejects with an AbortError
    const response = early?.response ?? fetch(url, fetchInit(method, headers, body, include, mode, redirect, ctl.signal));
    answer(response, names, cap, ctl).then(
      ([status, head, bytes]) => {
        clearTimeout(timer);
        settle(id, undefined, status, head, bytes);
      },
      (reason) => {
        clearTimeout(timer);
        settle(id, timedOut ? new DOMException(`no answer within ${ms} ms`, "TimeoutError") : (reason ?? new Error("fetch failed")));
      },
    );
  });
  return () => ctl.abort();
}

/** fetchInit is fetch's init for request's arguments (headers as "name\nvalue" lines). */
function fetchInit(method, headers, body, include, mode, redirect, signal) {
  const init = {
    method,
    headers: {},
    credentials: include ? "include" : "omit",
    redirect,
    mode,
    cache: "no-store",
    signal,
  };
  if (headers) {
    const lines = headers.split("\n");
    for (let i = 0; i + 1 < lines.length; i += 2) init.headers[lines[i]] = lines[i + 1];
  }
  if (body !== undefined) init.body = body;
  return init;
}

/** answer reads request's fetch: it resolves with [status, headers, body] (see request). */
async function answer(response, names, cap, ctl) {
  const res = await response;
  if (res.type === "opaque" || res.type === "opaqueredirect") return [0, "", NO_BYTES];
  let head = "";
  for (const name of names.split("\n")) {
    const value = name ? res.headers.get(name) : null;
    if (value !== null) head += name + "\n" + value + "\n";
  }
  const declared = res.headers.get("content-length");
  if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) >= cap) {
    ctl.abort();
    return [res.status, head, null];
  }
  const buf = await res.arrayBuffer();
  return [res.status, head, new Uint8Array(buf, 0, Math.min(buf.byteLength, cap))];
}

/**
 * earlyFlows holds the login flows that load() asked Ory for before the
 * module was ready (see prefetchLoginFlow), by requestKey: each is
 * {response, ctl, timer}, and request() takes it at most once.
 */
const earlyFlows = new Map();

/** EARLY_FLOW_MS is how long an early flow waits for the element to ask for it. */
const EARLY_FLOW_MS = 30_000;

/** requestKey is what makes two of request()'s requests without a body the same one. */
function requestKey(method, url, headers, include, mode, redirect) {
  return [method, url, headers, include ? "include" : "omit", mode, redirect].join("\n");
}

/** takeEarlyFlow returns and forgets the early flow under key, if there is one. */
function takeEarlyFlow(key) {
  const early = earlyFlows.get(key);
  if (early) {
    earlyFlows.delete(key);
    clearTimeout(early.timer);
  }
  return early;
}

/**
 * prefetchLoginFlow asks Ory, while the module downloads and compiles, for
 * the login flow that the page's first <ory-login> asks for as soon as the
 * module is ready: the same request, byte for byte, as wasm/ory sends for
 * startLogin at aal1 in a browser flow (GET {base-url}/self-service/login/browser,
 * Accept: application/json, cookies included). request() then hands that
 * answer to Go instead of fetching again, so the flow's round trip overlaps
 * the module's load. Only for an element that talks to a real Ory in a
 * browser flow with its base-url in the markup when load() is called, and
 * only for a base URL that the client accepts (https, or http on a loopback
 * host: checkBaseURL in wasm/ory, mirrored here so that no request goes
 * where the client would refuse to); making a browser flow is what the
 * element does first anyway. An early flow the element does not ask for
 * within EARLY_FLOW_MS (its attributes changed meanwhile) is dropped, and
 * Ory lets it expire.
 */
function prefetchLoginFlow() {
  const el = globalThis.document?.querySelector?.("ory-login");
  const base = el?.getAttribute("base-url");
  if (!el || base == null || el.hasAttribute("offline") || (el.getAttribute("flow") ?? "browser").trim() !== "browser") return;
  let u;
  try {
    u = new URL(base.trim(), document.baseURI);
  } catch {
    return;
  }
  const loopback = u.hostname === "localhost" || u.hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(u.hostname);
  if (!(u.protocol === "https:" || (u.protocol === "http:" && loopback)) || u.username || u.password || u.search || u.hash) return;
  const url = u.href.replace(/\/+$/, "") + "/self-service/login/browser";
  const accept = "Accept\napplication/json"; // as headerLines in wasm/transport/fetch writes it
  const key = requestKey("GET", url, accept, true, "cors", "manual");
  if (earlyFlows.has(key)) return;
  const ctl = new AbortController();
  const response = fetch(url, fetchInit("GET", accept, undefined, true, "cors", "manual", ctl.signal));
  response.catch(() => {}); // read, with its failure, when the element asks
  const drop = () => {
    earlyFlows.delete(key);
    ctl.abort(); // its body, if it came, is not wanted
  };
  earlyFlows.set(key, { response, ctl, timer: setTimeout(drop, EARLY_FLOW_MS) });
}

/** The attributes <ory-login> observes (wasm/widget reads them). */
const ELEMENT_ATTRIBUTES = ["base-url", "flow", "aal", "offline", "lang"];

/**
 * elementHooks are the Go side's hooks (wasm/widget), once the module has
 * handed them over; until then a connected <ory-login> shows a skeleton and
 * waits in waitingElements, in the order the elements connected.
 */
let elementHooks;
const waitingElements = new Set();

/**
 * defineOryLogin defines the <ory-login> custom element, whose rendering
 * and logic are Go's (wasm/widget): this class forwards its lifecycle
 * callbacks to the Go hooks and, before they exist, draws a skeleton. It
 * is called without hooks when load() starts and with them once the module
 * is ready; every call returns the one class.
 */
function defineOryLogin(hooks) {
  const registry = globalThis.customElements;
  if (!registry || typeof globalThis.HTMLElement !== "function") return undefined;
  const defined = registry.get("ory-login") ?? defineElementClass(registry);
  if (hooks && !elementHooks) {
    elementHooks = hooks;
    defined.attachWaiting?.();
  }
  return defined;
}

function defineElementClass(registry) {
  class OryLoginElement extends HTMLElement {
    static observedAttributes = ELEMENT_ATTRIBUTES;
    #handle = 0;
    connectedCallback() {
      if (this.#handle || waitingElements.has(this)) return;
      if (elementHooks) {
        this.#handle = elementHooks.connect(this);
      } else {
        drawSkeleton(this);
        waitingElements.add(this);
      }
    }
    disconnectedCallback() {
      // A move (removed and inserted again in one task) keeps the login.
      queueMicrotask(() => {
        if (this.isConnected) return;
        waitingElements.delete(this);
        if (this.#handle) {
          const handle = this.#handle;
          this.#handle = 0;
          elementHooks.disconnect(handle);
        }
      });
    }
    attributeChangedCallback(name, oldValue, newValue) {
      // Before the module is ready there is nothing to tell: Go reads every attribute when it connects.
      if (this.#handle && oldValue !== newValue) elementHooks.attributeChanged(this.#handle, name);
    }
    /** The client the element drives (null while disconnected or loading): whoami(), logout(), exchanges()… */
    get client() {
      return this.#handle ? elementHooks.client(this.#handle) : null;
    }
    /** The client's latest State, or null while disconnected or loading. */
    get state() {
      return this.client?.state ?? null;
    }
    /** attachWaiting hands the elements that waited for the module to the Go side. @internal */
    static attachWaiting() {
      for (const el of waitingElements) {
        waitingElements.delete(el);
        try {
          if (el.isConnected && !el.#handle) el.#handle = elementHooks.connect(el);
        } catch (e) {
          report(e);
        }
      }
    }
  }
  registry.define("ory-login", OryLoginElement);
  return OryLoginElement;
}

/**
 * SKELETON_CSS styles the placeholder an <ory-login> shows while the
 * module loads: the outline of a sign-in form (two labelled fields and a
 * button) in the element's own sizes, so that the form replaces it without
 * moving the page. --orylogin-skeleton colours it.
 */
const SKELETON_CSS = `
:host { display: block; max-width: var(--orylogin-max-width, 24rem); }
:host([hidden]) { display: none; }
.skeleton { display: grid; gap: var(--orylogin-gap, 0.75rem); padding: var(--orylogin-padding, 0); }
.bar { height: 2.5em; border-radius: var(--orylogin-radius, 0.375rem); background: var(--orylogin-skeleton, #e4e6ea); }
.bar.label { height: 1em; width: 40%; }
@media (prefers-reduced-motion: no-preference) { .bar { animation: pulse 1.2s ease-in-out infinite alternate; } }
@keyframes pulse { to { opacity: 0.55; } }
`;
let skeletonSheet;

/**
 * drawSkeleton puts the placeholder into host's (open) shadow root, which
 * the Go side reuses; a constructed stylesheet, so a CSP of style-src
 * 'self' holds.
 */
function drawSkeleton(host) {
  const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  try {
    if (!skeletonSheet) {
      skeletonSheet = new CSSStyleSheet();
      skeletonSheet.replaceSync(SKELETON_CSS);
    }
    root.adoptedStyleSheets = [skeletonSheet];
  } catch {
    // no constructable stylesheets: the bars stay unstyled and invisible
  }
  const doc = host.ownerDocument;
  const frame = doc.createElement("div");
  frame.className = "skeleton";
  frame.setAttribute("part", "skeleton");
  frame.setAttribute("aria-busy", "true");
  for (const kind of ["label", "input", "label", "input", "button"]) {
    const bar = doc.createElement("div");
    bar.className = "bar " + kind;
    frame.append(bar);
  }
  root.replaceChildren(frame);
}

/** clearSkeletons empties the waiting elements when the module failed to load; a later load() attaches them. */
function clearSkeletons() {
  for (const el of waitingElements) el.shadowRoot?.replaceChildren();
}

const isNode =
  typeof globalThis.process?.versions?.node === "string" && typeof globalThis.document === "undefined";

let loading;

/**
 * load loads orylogin.wasm once and resolves with the OryLogin API; later
 * calls return the same Promise (their options are ignored). It also sets
 * globalThis.OryLogin. A failed load may be retried.
 *
 * Two builds of the module sit next to this file: orylogin.wasm, for pages
 * that talk to a real Ory, and orylogin-offline.wasm, which adds the
 * offline Ory (OryLogin.offline, newClient({ offline: true })). The second
 * is loaded when options.offline is true, or, when offline is not given,
 * when the page holds an <ory-login offline> at the time of the call.
 *
 * @param {{wasmURL?: string | URL, offline?: boolean}} [options] wasmURL:
 *   where the module is (a URL; in Node also a file path); default: the
 *   build `offline` picks, next to this module.
 */
export function load(options = {}) {
  if (!loading) {
    loading = start(options ?? {});
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

/** wantsOffline says whether the page asks for the offline Ory by its markup. */
function wantsOffline() {
  return typeof globalThis.document?.querySelector === "function" && document.querySelector("ory-login[offline]") !== null;
}

async function start({ wasmURL, offline } = {}) {
  try {
    // Two literal new URL(…, import.meta.url): bundlers (Vite, webpack)
    // see both and ship both files.
    const withOffline = offline ?? wantsOffline();
    const source =
      wasmURL ??
      (withOffline ? new URL("./orylogin-offline.wasm", import.meta.url) : new URL("./orylogin.wasm", import.meta.url));
    // In a browser the wasm's request goes out first and Go's glue loads
    // meanwhile: one round trip less before the module streams in.
    const response = isNode ? undefined : fetchWasm(source);
    if (!isNode && !withOffline) prefetchLoginFlow();
    defineOryLogin(); // <ory-login> shows its skeleton while the module loads
    if (typeof globalThis.Go !== "function") {
      await import(new URL("./wasm_exec.js", import.meta.url).href);
    }
    const go = new globalThis.Go();
    go.env = GO_ENV;
    const instance = isNode ? await instantiateNode(source, go) : await instantiateBrowser(response, go);

    let exitedResolve;
    const exited = new Promise((resolve) => (exitedResolve = resolve));
    const glue = _glue(exited, () => go.exited === true);
    const booted = new Promise((resolve) => {
      globalThis[BOOT] = { glue, ready: resolve };
    });
    const run = go.run(instance).then(exitedResolve, exitedResolve);
    const exitedFirst = run.then(() => {
      throw internalError("the Go program exited while starting");
    });
    exitedFirst.catch(() => {}); // an exit after the start is the glue's business
    try {
      const api = await Promise.race([booted, exitedFirst]);
      globalThis.OryLogin = api;
      if (globalThis.customElements) api.defineElement();
      return api;
    } finally {
      delete globalThis[BOOT];
    }
  } catch (e) {
    clearSkeletons();
    if (e instanceof OryLoginError) throw e;
    throw internalError("could not load orylogin.wasm: " + (e?.message ?? String(e)));
  }
}

/** fetchWasm starts the wasm's request; its failure surfaces where it is awaited. */
function fetchWasm(source) {
  const response = fetch(source, { credentials: "same-origin" });
  response.catch(() => {}); // awaited later, maybe after the glue failed to load
  return response;
}

async function instantiateBrowser(response, go) {
  const res = await response;
  if (!res.ok) {
    throw new OryLoginError(`orylogin: internal: could not load orylogin.wasm (HTTP ${res.status})`, {
      code: "internal",
      status: res.status,
    });
  }
  const type = (res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/wasm" && typeof WebAssembly.instantiateStreaming === "function") {
    return (await WebAssembly.instantiateStreaming(res, go.importObject)).instance;
  }
  // A server that sends another MIME type: instantiateStreaming would refuse.
  return (await WebAssembly.instantiate(await res.arrayBuffer(), go.importObject)).instance;
}

/**
 * nodeImport imports a Node.js built-in by a name that bundlers do not
 * follow: a browser build must neither stub it (Vite warns) nor fail on
 * the node: scheme (webpack).
 */
function nodeImport(name) {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ name);
}

async function instantiateNode(source, go) {
  let url = source instanceof URL ? source : undefined;
  if (!url) {
    try {
      const u = new URL(String(source));
      if (u.protocol.length > 2) url = u; // "c:" is a Windows drive, not a scheme
    } catch {
      // a file path
    }
  }
  let bytes;
  if (url && (url.protocol === "http:" || url.protocol === "https:")) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    bytes = await res.arrayBuffer();
  } else {
    const { readFile } = await nodeImport("node:fs/promises");
    const { fileURLToPath } = await nodeImport("node:url");
    bytes = await readFile(url ? fileURLToPath(url) : String(source));
  }
  return (await WebAssembly.instantiate(bytes, go.importObject)).instance;
}
