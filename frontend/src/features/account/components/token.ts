import { useLocation } from "react-router";

/** The secret of a mailed link travels in the fragment (#token=…): browsers never send it to a server. */
export function useLinkToken(): string | null {
  const { hash } = useLocation();
  return new URLSearchParams(hash.replace(/^#/, "")).get("token");
}
