import type { Ref } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, NetworkError, unshownFieldMessages } from "@/lib/problem";
import { Alert } from "./Alert";

interface ProblemAlertProps {
  /** A failed call's error (or nothing: then nothing is shown). */
  error: unknown;
  /** Fields the form shows beside their inputs; messages for any other field appear here. */
  fields?: readonly string[];
  /** Said when the server gave no detail. */
  fallback: string;
  ref?: Ref<HTMLDivElement>;
}

/** What the server said about a refused request, announced at once; never silently dropped. */
export function ProblemAlert({ error, fields = [], fallback, ref }: ProblemAlertProps) {
  const { t } = useTranslation();
  if (!error) return null;
  const messages: string[] = [];
  if (error instanceof NetworkError) messages.push(t("errors.network"));
  else if (error instanceof ApiError) {
    const problem = error.problem;
    // With field errors, each message says it (the detail only repeats them); else the detail.
    if (problem?.errors.length) messages.push(...unshownFieldMessages(problem, fields));
    else messages.push(problem?.detail ?? fallback);
  } else messages.push(fallback);
  if (messages.length === 0) return null;
  return (
    <Alert tone="error" ref={ref}>
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </Alert>
  );
}
