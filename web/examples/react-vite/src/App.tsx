// The React example: <ory-login> does the login; the app listens to its
// events (through a ref: they are DOM CustomEvents) and shows where the
// person is, then who signed in, and signs out through element.client.
// While the app shows its welcome, the element is hidden, so the person
// sees one sign-out button (the app's), not the element's as well.
import { load, type OryLoginElement, type State } from "orylogin";
import { useEffect, useRef, useState } from "react";

/** Where Ory is. An app writes its own; this example asks the dev server (offline on a static server). */
interface Config {
  baseURL?: string;
  flow?: "browser" | "api";
  offline?: boolean;
}

async function readConfig(): Promise<Config> {
  try {
    const r = await fetch(new URL("../../orylogin.config.json", document.baseURI));
    return r.ok ? await r.json() : {};
  } catch {
    return {};
  }
}

export function App() {
  const ref = useRef<OryLoginElement>(null);
  const [config, setConfig] = useState<Config | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [step, setStep] = useState("loading");
  const [welcome, setWelcome] = useState<State | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    readConfig().then(setConfig);
    load()
      .then(() => setLoaded(true))
      .catch((e: Error) => {
        console.error("orylogin did not load:", e.message);
        setError("The sign-in could not load. Please reload the page.");
      });
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onChange = (e: CustomEvent<State>) => {
      setStep(e.detail.step);
      if (e.detail.step !== "authenticated") setWelcome(null);
    };
    const onAuthenticated = (e: CustomEvent<State>) => setWelcome(e.detail);
    // The element shows people its own sentence for a failed call; the
    // developer text (e.detail.message) belongs in the console.
    const onError = (e: CustomEvent<Error>) => console.warn("orylogin:error", e.detail.message);
    el.addEventListener("orylogin:change", onChange);
    el.addEventListener("orylogin:authenticated", onAuthenticated);
    el.addEventListener("orylogin:error", onError);
    return () => {
      el.removeEventListener("orylogin:change", onChange);
      el.removeEventListener("orylogin:authenticated", onAuthenticated);
      el.removeEventListener("orylogin:error", onError);
    };
  }, [config]);

  useEffect(() => {
    if (loaded && config) document.documentElement.dataset.ready = "true";
  }, [loaded, config]);

  const online = !!config?.baseURL && !config.offline;
  const email = welcome?.session?.identity?.traits?.email;
  return (
    <main className="app">
      <header>
        <h1>React + Vite</h1>
        <p className="where" data-testid="step">
          {step}
        </p>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {welcome && (
        <section className="welcome" aria-live="polite">
          <p data-testid="welcome">
            Welcome, {typeof email === "string" ? email : "you"} ({welcome.aal})
          </p>
          <button type="button" onClick={() => ref.current?.client?.logout()}>
            Sign out from the app
          </button>
        </section>
      )}
      {config && (
        <ory-login
          ref={ref}
          hidden={!!welcome}
          aal="aal2"
          flow={config.flow}
          {...(online ? { "base-url": config.baseURL } : { offline: true })}
        />
      )}
    </main>
  );
}
