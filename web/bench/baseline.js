// baseline.js — the floor: the same browser-flow login as orylogin makes it,
// by hand with fetch. Same requests, same headers, same fetch options (so the
// same CORS preflights), JSON parsed, the csrf_token and the code address
// read from Ory's nodes; no checks beyond what the next step needs.

/** newBaseline returns the six steps against the Kratos at baseURL. */
export function newBaseline(baseURL) {
  let flow = null; // the current login flow, as Ory sent it

  async function call(method, path, body) {
    const init = {
      method,
      headers: { Accept: "application/json" },
      credentials: "include",
      mode: "cors",
      redirect: "manual",
      cache: "no-store",
    };
    if (body) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const res = await fetch(baseURL + path, init);
    return { status: res.status, body: await res.json() };
  }

  const node = (name) => flow.ui.nodes.find((n) => n.attributes.name === name)?.attributes.value;
  const post = (body) => call("POST", `/self-service/login?flow=${flow.id}`, { ...body, csrf_token: node("csrf_token") });
  const expect = (r, status, what) => {
    if (r.status !== status) throw new Error(`baseline: ${what}: HTTP ${r.status}`);
    return r.body;
  };

  return {
    async startLogin() {
      flow = expect(await call("GET", "/self-service/login/browser"), 200, "start");
    },
    async submitPassword(identifier, password) {
      expect(await post({ method: "password", identifier, password }), 200, "password");
    },
    async startStepUp() {
      flow = expect(await call("GET", "/self-service/login/browser?aal=aal2"), 200, "step-up");
    },
    async sendCode() {
      // "code sent" is a 400 that carries the flow in state sent_email.
      flow = expect(await post({ method: "code", address: node("address") }), 400, "send code");
      if (flow.state !== "sent_email") throw new Error(`baseline: send code: state ${flow.state}`);
    },
    async submitCode(code) {
      expect(await post({ method: "code", code }), 200, "code");
    },
    async whoami() {
      const s = expect(await call("GET", "/sessions/whoami"), 200, "whoami");
      if (s.authenticator_assurance_level !== "aal2") throw new Error("baseline: whoami: not aal2");
    },
  };
}
