// Types of orylogin.js and of the OryLogin API that orylogin.wasm provides.

/** Options of {@link load}. */
export interface LoadOptions {
  /**
   * Where orylogin.wasm is: a URL (in Node.js also a file path).
   * Default: orylogin.wasm next to orylogin.js.
   */
  wasmURL?: string | URL;
  /**
   * Load orylogin-offline.wasm, the build with the offline Ory
   * ({@link OryLoginAPI.offline}, newClient({ offline: true })), instead of
   * orylogin.wasm. Default: true when the page holds an `<ory-login offline>`
   * at the time of the call, else false.
   */
  offline?: boolean;
}

/**
 * Loads orylogin.wasm once and resolves with the API. Later calls return
 * the same Promise and ignore their options. Also sets `globalThis.OryLogin`.
 * A failed load rejects with an {@link OryLoginError} (code "internal") and
 * may be retried.
 */
export function load(options?: LoadOptions): Promise<OryLoginAPI>;

/** The stable reasons a call fails. */
export type ErrorCode =
  | "invalid_argument" // a bad argument or option; nothing was sent
  | "invalid_transition" // the current step does not allow the call; nothing was sent
  | "busy" // another call of this client is in flight; nothing was sent
  | "network" // no HTTP answer (refused, reset, DNS)
  | "cors_refused" // Ory answers, but its CORS settings do not list this page's origin (add it to Ory's allowed origins)
  | "timeout" // no answer within timeoutMs
  | "server" // Ory answered 5xx
  | "bad_response" // an answer that cannot be read as Ory's: truncated, not JSON, over the size cap, a redirect
  | "rate_limited" // Ory answered 429 (see retryAfter)
  | "api_flow_in_browser" // Ory refused an API flow because the browser sent Origin or Cookie
  | "aal2_required" // the session needs a second factor first
  | "flow_expired" // the flow expired and no new one could be had
  | "csrf_violation" // Ory refused a browser-flow request as cross-site: page and Ory are not on one site
  | "internal" // a bug in orylogin (a recovered panic), or the module is gone
  | "webauthn_cancelled" // the person cancelled the passkey or security key, or it holds no credential for this Ory; nothing was sent
  | "webauthn_refused"; // the browser or authenticator refused the WebAuthn request (origin, relying party, options, device); nothing was sent

/**
 * The one error orylogin throws or rejects with. Its message is
 * "orylogin: <code>[ (HTTP <status>)]: <fixed text>" and never holds a
 * password, a code or a session token.
 */
export class OryLoginError extends Error {
  constructor(
    message: string,
    details?: { code?: ErrorCode; status?: number; messages?: Message[]; retryAfter?: number },
  );
  readonly name: "OryLoginError";
  readonly code: ErrorCode;
  /** HTTP status of Ory's answer, 0 when none. */
  readonly status: number;
  /** Ory's messages that came with the failure, if any. */
  readonly messages: Message[];
  /** For "rate_limited": Ory's Retry-After in seconds, 0 when not given. */
  readonly retryAfter: number;
}

export type Step = "idle" | "identifier" | "password" | "choose_method" | "code_sent" | "authenticated" | "signed_out";
/**
 * A way the current flow lets the person go on, as Ory's UI nodes offer it.
 * aal1: "password", "code" (a login code to the identifier), "passkey";
 * aal2: "code" (to an address), "totp", "lookup_secret" (a backup code),
 * "webauthn" (a security key). "passkey" and "webauthn" are offered only
 * where the platform has navigator.credentials.
 */
export type Method = "password" | "code" | "passkey" | "totp" | "lookup_secret" | "webauthn";
export type FlowKind = "browser" | "api";
export type AAL = "aal1" | "aal2";

/** One of Ory's UI messages, or orylogin's own (ids 9xxxxxx). */
export interface Message {
  /** Ory's message id, e.g. 4000006 (wrong password), 4010008 (wrong code). */
  id: number;
  type: "info" | "error" | "success";
  /** Plain text: show it as text, never as HTML. */
  text: string;
  /** The input the message belongs to; absent for the whole form. */
  field?: string;
  /**
   * Ory's context of the message ({reason}, {address}…), for rendering it
   * in another language; absent when there is none. Never holds a secret.
   */
  context?: Record<string, unknown>;
}

/** The person behind a session. */
export interface Identity {
  id: string;
  traits: Record<string, unknown>;
}

/** Ory's session. Times are ISO 8601 strings (as Date#toISOString writes them), or null when unknown. */
export interface Session {
  id: string;
  active: boolean;
  aal: AAL | null;
  expiresAt: string | null;
  authenticatedAt: string | null;
  /** Authentication methods used, e.g. ["password", "code"]. */
  methods: string[];
  /** null while Ory withholds the identity (a second factor is pending). */
  identity: Identity | null;
}

/** Where the login is. A fresh object each time; changing it changes nothing. */
export interface State {
  step: Step;
  flowKind: FlowKind;
  flowId: string | null;
  /** Of the current flow; null when there is none. */
  requestedAAL: AAL | null;
  /** Of the current session; null when there is none. */
  aal: AAL | null;
  /** Where a code can be sent: e-mail addresses and phone numbers (SMS). */
  addresses: string[];
  /** The ways the current flow lets the person go on; [] without a flow. */
  methods: Method[];
  /**
   * The identifier Ory already holds for this flow (identifier-first's
   * second screen, a refresh, the address an aal2 code went to), else null.
   */
  identifier: string | null;
  messages: Message[];
  session: Session | null;
}

/** One HTTP exchange of the last call, with every secret masked. */
export interface Exchange {
  method: string;
  url: string;
  /** 0 when no answer came. */
  status: number;
  requestHeaders: Record<string, string>;
  /** JSON (masked), or "" for none. */
  requestBody: string;
  /** JSON (masked), a note such as "(12 bytes, not JSON)", or "". */
  responseBody: string;
  durationMs: number;
  /** The request as a curl command (masked). */
  curl: string;
}

/** Options of {@link OryLoginAPI.newClient}. */
export interface ClientOptions {
  /**
   * Ory's public URL: an Ory Network project URL, a Kratos public URL, or
   * a same-origin proxy of either. http(s) only; plain http only for
   * loopback hosts unless allowInsecure. Required unless offline (then
   * ignored).
   */
  baseURL?: string;
  /** Default: "browser" where globalThis.document exists, else "api". */
  flow?: FlowKind;
  /** Per request, 1..120000. Default 15000. */
  timeoutMs?: number;
  /** Accept plain http:// for hosts other than loopback. */
  allowInsecure?: boolean;
  /**
   * Run against the in-module offline Ory (see {@link OfflineAPI}); needs the
   * module that load({ offline: true }) loads, else "invalid_argument".
   */
  offline?: boolean;
}

/**
 * One person's login. Every method but `state`, `on` and `exchanges`
 * returns a Promise and never throws: it resolves with the new State
 * whenever Ory answered within the protocol (a wrong password or code
 * included, as messages), and rejects only with an {@link OryLoginError}.
 *
 * A method's work starts after it has returned. Order of a successful call:
 * `state` is updated, the call stops being in flight, the "change"
 * listeners run, then the Promise resolves (so a listener may already start
 * the next call). A call made while another one's Promise is unsettled
 * rejects with "busy", before any other check. A rejected call leaves
 * `state` as it was and announces nothing.
 *
 * Methods are bound: `const { startLogin } = client` works.
 */
export interface Client {
  /**
   * Creates a login flow: aal1 (default) for the password, or aal2 for the
   * second factor. With `refresh: true` on a session it re-authenticates
   * that session: "password" with state.identifier set, then
   * submitPassword({ password }) keeps session.id and moves
   * session.authenticatedAt. Allowed in every step.
   */
  startLogin(options?: { aal?: AAL; refresh?: boolean; returnTo?: string }): Promise<State>;
  /**
   * First factor; allowed in "password", and in "identifier" (both at once,
   * as in the unified style). `identifier` may be left out where
   * state.identifier is set; without either: "invalid_argument", nothing sent.
   */
  submitPassword(credentials: { identifier?: string; password: string }): Promise<State>;
  /** Identifier-first's first screen: the identifier alone. Resolves with the next step ("password" with state.identifier set, or what Ory answers). Allowed in "identifier". */
  submitIdentifier(options: { identifier: string }): Promise<State>;
  /** An authenticator app's code; a wrong one resolves with the step unchanged and Ory's message 4000008. Allowed where state.methods includes "totp". */
  submitTotp(options: { code: string }): Promise<State>;
  /** A backup code; a used one resolves with 4000012, an unknown one with 4000016, the step unchanged. Allowed where state.methods includes "lookup_secret". */
  submitLookupSecret(options: { code: string }): Promise<State>;
  /**
   * A passkey: the browser's authenticator signs Ory's passkey challenge
   * (navigator.credentials.get, no identifier needed); resolves
   * "authenticated" with "passkey" among session.methods (or the second
   * factor's step where Ory wants one). A cancel rejects "webauthn_cancelled",
   * a refusal "webauthn_refused"; either leaves the state as it was and
   * sends nothing to Ory. Allowed where state.methods includes "passkey".
   *
   * With `autofill: true` the browser offers the person's passkeys in the
   * autofill of an input marked `autocomplete="username webauthn"`
   * (conditional mediation) and the Promise waits until they pick one. The
   * wait is no call in flight: other calls go on, and each one that moves
   * the login (every call but whoami) ends it, rejecting
   * "webauthn_cancelled"; a browser without passkey autofill rejects
   * "webauthn_refused". Nothing is sent until a passkey is picked.
   */
  signInWithPasskey(options?: { autofill?: boolean }): Promise<State>;
  /**
   * A security key as the second factor: signs the aal2 flow's WebAuthn
   * challenge; resolves "authenticated" at aal2 with "webauthn" among
   * session.methods. Cancel and refusal reject as for signInWithPasskey,
   * state unchanged, nothing sent. Allowed where state.methods includes
   * "webauthn".
   */
  signInWithSecurityKey(): Promise<State>;
  /** Creates an aal2 flow for the current session; resolves with "choose_method" or "code_sent". Allowed once a session exists. */
  startStepUp(): Promise<State>;
  /**
   * Sends a code. aal2: to `address` (one of state.addresses, an e-mail or
   * a phone for SMS; default the first), in "choose_method" and
   * "code_sent". aal1 where state.methods includes "code" (passwordless):
   * a login code to `identifier` (default state.identifier), in
   * "password" and "choose_method"; then submitCode as usual.
   */
  sendCode(options?: { address?: string; identifier?: string }): Promise<State>;
  /** The code that was sent; allowed in "code_sent". */
  submitCode(options: { code: string }): Promise<State>;
  /** Asks for a new code to the last address; the old one stops working. Allowed in "code_sent". */
  resendCode(): Promise<State>;
  /** The session, or null; rejects with "aal2_required" when Ory wants the second factor first. Allowed in every step. */
  whoami(): Promise<Session | null>;
  /** Ends the session; resolves with step "signed_out". Allowed once a session exists. */
  logout(): Promise<State>;
  /** The latest State, synchronously. */
  readonly state: State;
  /**
   * Calls `listener(state)` after every transition. Returns the
   * unsubscribe function (calling it again does nothing). A listener that
   * throws is reported (reportError or console.error), the others still run.
   * Throws an OryLoginError ("invalid_argument") for another event name or
   * a listener that is not a function.
   */
  on(event: "change", listener: (state: State) => void): () => void;
  /** The HTTP exchanges of the last call that got past its argument checks, oldest first. */
  exchanges(): Exchange[];
}

/** One mail the offline Ory's courier sent. */
export interface OfflineMail {
  to: string;
  subject: string;
  body: string;
  /** The one-time code in body. */
  code: string;
}

/**
 * The offline Ory: one Kratos-alike inside the module, shared by every
 * client made with `offline: true`. Every function is synchronous and
 * throws an OryLoginError ("invalid_argument") for a bad argument.
 */
/** offline.factors()'s answer; null/[] where the identity has no such factor. */
export interface OfflineFactors {
  totp: string | null;
  backupCodes: string[];
  phone: string | null;
}

export interface OfflineAPI {
  /**
   * Clears sessions, flows, cookies and the inbox, replaces the
   * identities and sets the Kratos release it speaks. Without identities: demo@example.com / ory-demo-password;
   * an empty list: nobody. Latency, failNext and the clock are kept.
   */
  reset(options?: {
    /**
     * Second factors are off unless given: totpSecret (base32) links an
     * authenticator app, backupCodes are lookup_secret codes, phone (E.164)
     * is a code address by SMS. With any of them the aal2 flow offers every
     * method ("choose_method") instead of v26's auto-send.
     */
    identities?: { email: string; password: string; totpSecret?: string; backupCodes?: string[]; phone?: string }[];
    /** Without identities: give the demo identity an authenticator app, backup codes and a phone (see factors()). */
    factors?: boolean;
    /** The Kratos release to speak: "v26.2.0" (default, what Ory Network runs: the aal2 flow mails the code at once) or "v1.3.1" (a choice of address first). */
    kratos?: "v26.2.0" | "v1.3.1";
    /** selfservice.flows.login.style: "unified" (default: identifier and password on one screen) or "identifier_first" (Ory Network's Account Experience: the identifier alone first, step "identifier"). */
    loginStyle?: "unified" | "identifier_first";
    /** Kratos's code.passwordless_enabled (mfa_enabled off): the aal1 flow offers "code" beside the password (sendCode({ identifier }), then submitCode), aal2 flows no code. Default false. */
    passwordless?: boolean;
  }): void;
  /** The mails sent so far, newest last; an SMS code's `to` is the phone. */
  inbox(): OfflineMail[];
  /**
   * What a demo shows of an identity's second factors (email defaults to
   * demo@example.com): the authenticator app's current code, the unused
   * backup codes, the phone; null for an unknown email. A real Ory never tells.
   */
  factors(email?: string): OfflineFactors | null;
  /** Adds ms (0..60000) of latency before every answer. */
  setLatency(ms: number): void;
  /** Makes the next answer fail with status (400..599, a Kratos-shaped error); 0 clears it. */
  failNext(status: number): void;
  /** Moves the offline Ory's clock forward by ms, to expire flows, codes and sessions. */
  advance(ms: number): void;
}

/** The object load() resolves with (also globalThis.OryLogin). Frozen. */
export interface OryLoginAPI {
  /** Synchronous; throws an OryLoginError ("invalid_argument") for a bad option. */
  newClient(options: ClientOptions): Client;
  OryLoginError: typeof OryLoginError;
  /** The offline Ory; present only in orylogin-offline.wasm (load({ offline: true })). */
  offline?: OfflineAPI;
  /** The module's version: a release, or "devel+<commit>[+dirty]". */
  version: string;
  /** Figures for leak checks and benchmarks. */
  stats(): Stats;
  /** The languages orylogin speaks: the shipped ones ("en", "de", "fr", "es", "pt-BR", "ja") and any added. */
  readonly languages: readonly string[];
  /**
   * Adds or overrides texts of a language (a new tag adds the language):
   * keys are the element's text keys (docs/languages.md), Ory's message
   * ids, or "error.<code>"; `{name}` in a text is filled from the message's
   * context. Every <ory-login> renders again. Throws "invalid_argument"
   * for an empty tag, a key or text that is not a non-empty string.
   */
  addMessages(lang: string, messages: Record<string | number, string>): void;
  /** A State's Message in `lang` (default: the page's lang, else English); Ory's own text where no catalogue has the id. Never empty. */
  formatMessage(message: Message, lang?: string): string;
  /** The sentence for a person (never the developer text or the code) for an OryLoginError or its code; uses retryAfter for "rate_limited". */
  formatError(error: OryLoginError | ErrorCode, lang?: string): string;
  /** The best language for the tags, most wanted first ("de-AT" → "de", "pt" → "pt-BR", unknown → "en"). */
  negotiateLanguage(...tags: (string | null | undefined)[]): string;
  /**
   * Defines the `<ory-login>` custom element (load() already did, where
   * `customElements` exists) and returns its class; idempotent. Returns
   * undefined where there are no custom elements (Node.js).
   */
  defineElement(): typeof OryLoginElement | undefined;
}

/** Attributes of `<ory-login>`. */
export interface OryLoginElementAttributes {
  /** Ory's public URL (absolute, or relative to the page, e.g. a same-origin proxy "/ory"). */
  "base-url"?: string;
  /** "browser" (default in pages) or "api". */
  flow?: FlowKind;
  /** "aal1" (default), or "aal2": go on to the second factor right after the password. */
  aal?: AAL;
  /** Boolean: run against the in-module offline Ory (base-url is then ignored). */
  offline?: boolean | "";
  /**
   * The language of the element's texts, Ory's messages and its error
   * sentences (a BCP 47 tag: "de", "pt-BR"); else the closest ancestor's
   * lang, else the page's <html lang>, else English. Changing it renders
   * again in the new language, keeping the client and what was typed.
   */
  lang?: string;
}

/**
 * `<ory-login>`: the whole login in an open shadow root, rendered by Go.
 * Changing base-url, flow or offline starts over with a new client; aal
 * "aal2" on an aal1 session goes on to the second factor.
 */
export declare class OryLoginElement extends HTMLElement {
  static readonly observedAttributes: readonly ["base-url", "flow", "aal", "offline"];
  /** The client the element drives (whoami, logout, exchanges, on("change")); null while disconnected. */
  readonly client: Client | null;
  /** The client's latest State; null while disconnected. */
  readonly state: State | null;
}

/** Detail of the `orylogin:change` and `orylogin:authenticated` events. */
export type OryLoginChangeEvent = CustomEvent<State>;
/** Detail of the `orylogin:error` event: the error a call of the element rejected with. */
export type OryLoginErrorEvent = CustomEvent<OryLoginError>;

/** The element's events: all bubble and are composed (they leave shadow trees). */
export interface OryLoginElementEventMap extends HTMLElementEventMap {
  /** After every transition of the element's client. */
  "orylogin:change": OryLoginChangeEvent;
  /** Once the session satisfies the aal attribute (step "authenticated"). */
  "orylogin:authenticated": OryLoginChangeEvent;
  /** A call of the element rejected (network, Ory down, a bad attribute...). */
  "orylogin:error": OryLoginErrorEvent;
}

/** What {@link OryLoginAPI.stats} reports. */
export interface Stats {
  /** Memory the Go runtime took from the wasm linear memory (which only grows). */
  wasmMemoryBytes: number;
  /** Bytes of Go heap in use: live, or garbage not yet collected. */
  heapBytes: number;
  /**
   * Bytes of Go heap in use right after the latest of the collections the
   * module runs every 32 calls (0 before the first): what a leak moves.
   */
  liveHeapBytes: number;
  /** JS callbacks the module has made and not released. */
  liveCallbacks: number;
  goroutines: number;
}

declare global {
  // eslint-disable-next-line no-var
  var OryLogin: OryLoginAPI | undefined;
  interface HTMLElementTagNameMap {
    "ory-login": OryLoginElement;
  }
  interface HTMLElementEventMap {
    "orylogin:change": CustomEvent<State>;
    "orylogin:authenticated": CustomEvent<State>;
    "orylogin:error": CustomEvent<OryLoginError>;
  }
}
