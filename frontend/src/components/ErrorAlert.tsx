import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { namedFieldSentence } from "@/lib/field-words";
import { ApiError, NetworkError } from "@/lib/problem";
import { Alert } from "./Alert";

interface ErrorAlertProps {
  error: unknown;
  /** Fields the form shows errors beside; the others' messages are listed here, so none is lost. */
  shownFields?: readonly string[];
  /** Move focus to the message when a new error arrives (a form's answer); off for passive loads. */
  focus?: boolean;
}

/** The messages of an error in words a user can act on. */
export function useErrorMessages(error: unknown, shownFields: readonly string[] = []): string[] {
  const { t } = useTranslation();
  if (!error) return [];
  if (error instanceof NetworkError) return [t("errors.network")];
  if (error instanceof ApiError) {
    const problem = error.problem;
    const messages: string[] = [];
    if (problem?.errors.length) {
      // A 422's detail repeats its field errors: those shown beside their fields need only a
      // pointer here; the others are listed, so that none is lost.
      const unshown = problem.errors.filter(({ field }) => !shownFields.includes(field));
      if (unshown.length < problem.errors.length) messages.push(t("ui.fixFields"));
      messages.push(...new Set(unshown.map((error) => namedFieldSentence(error))));
    } else if (problem?.detail) {
      messages.push(problem.detail);
    } else {
      messages.push(error.status === 403 ? t("ui.forbidden") : error.status === 404 ? t("ui.notFound") : t("ui.failed"));
    }
    return messages;
  }
  return [t("ui.failed")];
}

export function ErrorAlert({ error, shownFields, focus = true }: ErrorAlertProps) {
  const messages = useErrorMessages(error, shownFields);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error && focus) ref.current?.focus();
  }, [error, focus]);
  if (!messages.length) return null;
  return (
    <Alert tone="error" ref={ref}>
      {messages.map((message, i) => (
        <p key={i}>{message}</p>
      ))}
    </Alert>
  );
}
