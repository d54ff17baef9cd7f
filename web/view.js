// view.js — the demo page's rendering helpers. Everything Ory or a person
// typed goes into the page as text (textContent), never as HTML.

/** $ returns the element with the given id. */
export const $ = (id) => document.getElementById(id);

/** el makes an element with a class and text content. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

/** STEPS lists the steps the stepper shows, in order. */
export const STEPS = ["password", "choose_method", "code_sent", "authenticated"];

/**
 * renderStepper marks the current step and the ones already done; signed in
 * at aal1, only the password is done (the code steps are still ahead).
 */
export function renderStepper(step, aal) {
  const at = STEPS.indexOf(step);
  for (const li of $("stepper").children) {
    const i = STEPS.indexOf(li.dataset.step);
    const skipped = step === "authenticated" && aal === "aal1" && i > 0 && i < at;
    li.classList.toggle("done", at >= 0 && i < at && !skipped);
    li.classList.toggle("current", i === at);
    if (i === at) li.setAttribute("aria-current", "step");
    else li.removeAttribute("aria-current");
  }
}

/** renderMessages shows Ory's messages: id, text and the field they are about. */
export function renderMessages(messages) {
  const list = $("messages");
  list.replaceChildren();
  for (const m of messages || []) {
    const li = el("li", `msg msg-${m.type || "info"}`);
    li.dataset.id = String(m.id);
    li.append(el("code", "msg-id", m.id), " ", el("span", "msg-text", m.text));
    if (m.field) li.append(" ", el("span", "msg-field", `(${m.field})`));
    list.append(li);
  }
}

/** renderError shows a rejected call's OryLoginError, or hides the box. */
export function renderError(err) {
  const box = $("error");
  if (!err) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.replaceChildren(el("code", "err-code", err.code || err.name || "error"), " ", el("span", "", err.message));
  box.hidden = false;
}

/** renderSession fills the signed-in summary. */
export function renderSession(session, aal) {
  const dl = $("session");
  dl.replaceChildren();
  const row = (k, v) => dl.append(el("dt", "", k), el("dd", "", v));
  if (!session) {
    row("Session", "none known");
    return;
  }
  row("Assurance level", session.aal || aal || "?");
  row("Methods", (session.methods || []).join(", ") || "—");
  const email = session.identity?.traits?.email;
  row("Identity", email || (session.identity ? session.identity.id : "withheld by Ory until the second factor"));
  if (session.authenticatedAt) row("Authenticated at", session.authenticatedAt);
  if (session.expiresAt) row("Expires at", session.expiresAt);
}

/** renderAddresses makes one submit button per address a code can go to. */
export function renderAddresses(addresses) {
  const box = $("addresses");
  box.replaceChildren();
  for (const a of addresses || []) {
    const b = el("button", "address", `Send code to ${a}`);
    b.type = "submit";
    b.name = "address";
    b.value = a;
    box.append(b);
  }
}

/** renderInbox lists mails newest first; onUse(code) fills the code input. */
export function renderInbox(mails, note, onUse) {
  $("inbox-note").textContent = note;
  const list = $("inbox-list");
  list.replaceChildren();
  if (!mails.length) {
    list.append(el("li", "empty", "No mail yet."));
    return;
  }
  mails.forEach((m, i) => {
    const li = el("li", i === 0 ? "mail newest" : "mail");
    li.append(el("div", "mail-subject", m.subject || "(no subject)"));
    li.append(el("div", "mail-meta", `to ${m.to}${m.createdAt ? ` · ${m.createdAt}` : ""}`));
    if (m.code) {
      const row = el("div", "mail-code");
      row.append("Code: ", el("code", "inbox-code", m.code));
      if (i === 0) {
        const use = el("button", "use-code", "Use this code");
        use.type = "button";
        use.addEventListener("click", () => onUse(m.code));
        row.append(" ", use);
      }
      li.append(row);
    } else {
      li.append(el("pre", "mail-body", m.body));
    }
    list.append(li);
  });
}

/** pretty re-indents a JSON text; anything else comes back as it was. */
function pretty(text) {
  if (!text) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** renderExchanges lists the last step's HTTP exchanges with their curl commands. */
export function renderExchanges(exchanges) {
  const list = $("exchanges");
  list.replaceChildren();
  if (!exchanges || !exchanges.length) {
    list.append(el("li", "empty", "No HTTP exchange in the last step."));
    return;
  }
  for (const x of exchanges) {
    const li = el("li", "exchange");
    const head = el("p", "exchange-head");
    head.append(
      el("code", "method", x.method), " ", el("code", "url", x.url), " → ",
      el("strong", `status status-${String(x.status)[0]}xx`, x.status),
      el("span", "duration", ` ${Math.round(x.durationMs ?? 0)} ms`),
    );
    li.append(head, el("pre", "curl", x.curl || ""));
    const details = el("details", "exchange-details");
    details.append(el("summary", "", "Headers and bodies"));
    const headers = Object.entries(x.requestHeaders || {}).map(([k, v]) => `${k}: ${v}`).join("\n");
    details.append(el("h3", "", "Request headers"), el("pre", "", headers || "—"));
    details.append(el("h3", "", "Request body"), el("pre", "", pretty(x.requestBody) || "—"));
    details.append(el("h3", "", "Response body"), el("pre", "", pretty(x.responseBody) || "—"));
    li.append(details);
    list.append(li);
  }
}
