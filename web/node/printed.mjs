// printed.mjs: everything the Node tests' process writes to the console
// (the Go program's own output included), for searching for secrets at the
// end. Importing it starts the capture once per process.

/** printed holds every console line written since the first import. */
export const printed = [];
for (const level of ["log", "info", "warn", "error", "debug"]) {
  const orig = console[level].bind(console);
  console[level] = (...args) => {
    printed.push(args.map((a) => (a instanceof Error ? `${a.stack} ${JSON.stringify(a)}` : String(a))).join(" "));
    orig(...args);
  };
}
