// <ory-login> in JSX: its attributes, from orylogin's own types.
import type { OryLoginElement, OryLoginElementAttributes } from "orylogin";
import type { DetailedHTMLProps, HTMLAttributes } from "react";

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "ory-login": DetailedHTMLProps<HTMLAttributes<OryLoginElement>, OryLoginElement> & OryLoginElementAttributes;
    }
  }
}
