// Package i18n holds orylogin's catalogues of texts for the people who sign
// in: the element's own labels, buttons, headings and hints, Ory's UI
// messages by id (with their context placeholders such as {address} or
// {reason}), and one sentence per OryLoginError code. It is plain Go (no
// syscall/js) so that the element, the JS API and host tests share it.
//
// Catalogues live in catalog/<lang>.txt, one "key = text" line each, so a
// translator edits text, not Go. Keys are:
//
//   - an element text, named by the Key constants ("sign_in", "label_password"…);
//   - one of Ory's message ids in decimal ("4000006"), or an id with a known
//     reason ("4000001.too_often", see reasons.go);
//   - "error." + an OryLoginError code ("error.network").
//
// Placeholders are written {name}; for Ory's messages name is a key of the
// message's context (address, reason, property…). A template whose
// placeholder the context cannot fill is not used: Format falls back to
// Ory's own text, so a person never sees "{address}" or nothing.
//
// Shipped languages: en, de, fr, es, pt-BR, ja. Negotiate maps a BCP 47 tag
// to one of them ("de-AT" → "de", "pt" → "pt-BR", unknown → "en").
//
// The embedder adds or overrides texts per language and key with
// Bundle.Add; the JS API is meant to expose it as (web/orylogin.d.ts):
//
//	/** A key of the catalogue: an element text ("label_password"), an Ory
//	 *  message id ("4000006" or 4000006) or "error." + an ErrorCode. */
//	export type MessageKey = string | number;
//	/** Texts by key; {name} is replaced by the message's context value. */
//	export type Catalogue = Record<MessageKey, string>;
//	export interface OryLoginStatic {
//	  /** Languages with a catalogue: "en", "de", "fr", "es", "pt-BR", "ja" and any added. */
//	  readonly languages: readonly string[];
//	  /** Adds or overrides texts of lang (a BCP 47 tag; a new tag adds a language).
//	   *  Every <ory-login> of the page re-renders. Throws OryLoginError
//	   *  "invalid_argument" for an empty tag or key, or a text that is not a string. */
//	  addMessages(lang: string, messages: Catalogue): void;
//	  /** Ory's message in lang: the catalogue's text with the context filled in,
//	   *  else Ory's own text; never empty. */
//	  formatMessage(message: Message, lang?: string): string;
//	  /** The sentence for the person about an error (uses retryAfter for
//	   *  "rate_limited"); never the code or "orylogin:". */
//	  formatError(error: OryLoginError | ErrorCode, lang?: string): string;
//	  /** The supported language for the first tag that matches, else "en". */
//	  negotiateLanguage(...tags: (string | null | undefined)[]): string;
//	}
//	export interface Message {
//	  /** Ory's context: values for the placeholders of the message's text. */
//	  context?: Record<string, unknown>;
//	}
//
// docs/languages.md describes the languages for embedders and translators.
package i18n
