// screenshots.mjs — `./build.sh screenshots`: PNGs of each step of the demo
// page (web/e2e/page-steps.mjs) against the dev server's local real Kratos,
// at desktop (1280×800) and mobile (390×844) width, into the directory given
// as the first argument (dist/screenshots), for a person to look at. Full
// pages, so what is below the fold shows too. It asserts nothing.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { mailIds, newIdentity, openBrowser, startDevServer, waitForMail } from "./harness.mjs";
import { walkPage } from "./page-steps.mjs";

/** VIEWPORTS are the widths the screenshots are taken at. */
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, mobile: { width: 390, height: 844 } };

const out = process.argv[2] || "dist/screenshots";
await mkdir(out, { recursive: true });
const server = await startDevServer();
try {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    const b = await openBrowser();
    try {
      await b.page.setViewportSize(viewport);
      const who = await newIdentity(server, `shot-${name}`);
      let n = 0;
      await walkPage(b.page, server.url, {
        who,
        mailMark: () => mailIds(server, who.email),
        nextCode: async (mark) => (await waitForMail(server, who.email, mark)).code,
        look: async (step) => {
          await b.page.waitForTimeout(150); // the inbox poll and focus ring settle
          const file = join(out, `${name}-${String(++n).padStart(2, "0")}-${step}.png`);
          await b.page.screenshot({ path: file, fullPage: true });
          console.log(file);
        },
      });
    } finally {
      await b.close();
    }
  }
} finally {
  await server.stop();
}
