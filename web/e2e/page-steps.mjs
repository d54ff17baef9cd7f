// page-steps.mjs — one walk through every step of the demo page, as a
// person makes it: a blocked submit, a wrong password, a too-long password
// (an error for people), the password, the code (and a resend, "back to the
// choice of method", a wrong code), signed in, signed out. At each step it
// calls look(name), so the accessibility test checks and the screenshots
// command photographs the same steps.
import { otherCode, typeInto, waitReady, waitStep } from "./harness.mjs";

/** TOO_LONG is a password over orylogin's cap: the call rejects with invalid_argument, nothing is sent. */
const TOO_LONG = "p".repeat(4097);

/**
 * walkPage drives the page at url from the password to signed out.
 * who is {email, password}; nextCode(seen) resolves with the newest code
 * mailed since seen was taken, and mailMark() with such a mark; look(name)
 * runs at each step. It resolves with the steps it looked at.
 */
export async function walkPage(page, url, { who, mailMark, nextCode, look }) {
  const steps = [];
  const at = async (name) => {
    steps.push(name);
    await look(name);
  };
  await page.goto(url);
  await waitReady(page);
  await waitStep(page, "password");
  await at("password");

  // A wrong password: Ory's message. Then a blocked submit clears it.
  await typeInto(page, "#identifier", who.email);
  await typeInto(page, "#password", `${who.password}-wrong`);
  await page.click("#form-password button[type=submit]");
  await page.locator('#messages li[data-id="4000006"]').waitFor({ timeout: 30_000 });
  await waitStep(page, "password");
  await at("password-wrong");
  await page.fill("#identifier", "");
  await page.click("#form-password button[type=submit]");
  await page.locator("#messages li").waitFor({ state: "detached", timeout: 5_000 });
  await at("password-blocked");

  // A password over the cap: an error for people, nothing sent.
  await page.fill("#identifier", who.email);
  await page.fill("#password", TOO_LONG);
  await page.click("#form-password button[type=submit]");
  await page.locator("#error[data-code=invalid_argument]").waitFor({ timeout: 10_000 });
  await at("password-error");

  // The password: on to the second factor (or signed in at aal1, then step up).
  let mark = await mailMark();
  await page.fill("#password", "");
  await typeInto(page, "#password", who.password);
  await page.click("#form-password button[type=submit]");
  let step = await waitStep(page, "choose_method", "code_sent", "authenticated");
  if (step === "authenticated") {
    await at("authenticated-aal1");
    mark = await mailMark();
    await page.click("#stepup");
    step = await waitStep(page, "choose_method", "code_sent");
  }
  if (step === "choose_method") {
    await at("choose-method");
    mark = await mailMark();
    await page.click("button[name=address]");
    await waitStep(page, "code_sent");
  }
  await nextCode(mark);
  await at("code-sent");

  // A new code: Ory answers 400 with state sent_email, a success.
  mark = await mailMark();
  await page.click("#resend");
  await waitStep(page, "code_sent");
  const code = await nextCode(mark);
  await at("code-resent");

  // Back to the choice of method, from the current flow, and back to the code.
  if (await page.locator("#back").isVisible()) {
    await page.click("#back");
    await page.locator("#form-choose").waitFor({ state: "visible", timeout: 5_000 });
    await at("back-to-choice");
    await page.click("#keep-code");
    await page.locator("#form-code").waitFor({ state: "visible", timeout: 5_000 });
  }

  // A wrong code, then the right one.
  await typeInto(page, "#code", otherCode(code));
  await page.click("#form-code button[type=submit]");
  await page.locator('#messages li[data-id="4010008"]').waitFor({ timeout: 30_000 });
  await waitStep(page, "code_sent");
  await at("code-wrong");
  await typeInto(page, "#code", code);
  await page.click("#form-code button[type=submit]");
  await waitStep(page, "authenticated");
  await at("authenticated");

  await page.click("#logout");
  await waitStep(page, "signed_out");
  await at("signed-out");
  return steps;
}
