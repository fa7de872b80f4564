import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ErrorAlert } from "@/components/ErrorAlert";
import { StackedTable } from "@/components/StackedTable";
import { usePageTitle } from "@/components/page-title";
import { lower, type Terminology } from "@/components/terminology";
import { formatNumber } from "@/lib/intl";
import { fieldName, fieldSentence } from "@/lib/field-words";
import { ApiError, fieldErrors } from "@/lib/problem";
import { rowErrorsOf, useImportParticipants, type ImportResult, type RowError } from "@/features/participants/api/import-participants";

/**
 * Import from CSV or XLSX in two steps: a dry run shows what would happen and every bad row; only
 * a clean file can then be imported, all of it or nothing.
 */
export function ImportPage({ terms }: { terms: Terminology }) {
  const { t } = useTranslation();
  const title = t("import.title", { participants: lower(terms.participants) });
  usePageTitle(title);
  const id = useId();
  const check = useImportParticipants();
  const apply = useImportParticipants();
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);

  const fileError = missing
    ? t("import.chooseFile")
    : (fieldErrors(check.error instanceof ApiError ? check.error.problem : null).file ??
      fieldErrors(apply.error instanceof ApiError ? apply.error.problem : null).file);
  const applyRowErrors = rowErrorsOf(apply.error).filter((e) => e.field !== "file");

  const onCheck = (event: FormEvent) => {
    event.preventDefault();
    if (check.isPending) return;
    setDone(null);
    setPreview(null);
    apply.reset();
    if (!file) {
      setMissing(true);
      inputRef.current?.focus();
      return;
    }
    check.mutate(
      { file, dryRun: true },
      {
        onSuccess: (result) => {
          setPreview(result);
          requestAnimationFrame(() => resultRef.current?.focus());
        },
      },
    );
  };

  const onApply = () => {
    if (!file || apply.isPending) return;
    apply.mutate(
      { file, dryRun: false },
      {
        onSuccess: (result) => {
          setDone(result);
          setPreview(null);
          requestAnimationFrame(() => resultRef.current?.focus());
        },
      },
    );
  };

  return (
    <section className="page page--wide">
      <h1>{title}</h1>
      <p>{t("import.intro", { participant: lower(terms.participant) })}</p>
      <p className="muted">{t("import.columns")}</p>
      <p className="muted">{t("import.memberColumns")}</p>

      <form className="form card" onSubmit={onCheck} noValidate>
        <ErrorAlert error={check.error} shownFields={["file"]} />
        <div className="field">
          <label htmlFor={`${id}-file`}>{t("import.file")}</label>
          <p id={`${id}-hint`} className="field__hint">
            {t("import.fileHint")}
          </p>
          <input
            ref={inputRef}
            id={`${id}-file`}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${id}-hint ${id}-error` : `${id}-hint`}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setMissing(false);
              setPreview(null);
              setDone(null);
              check.reset();
              apply.reset();
            }}
          />
          {fileError ? (
            <p id={`${id}-error`} className="field__error">
              {fileError}
            </p>
          ) : null}
        </div>
        <div className="form-actions">
          <ActionButton type="submit" className="button button--primary" pending={check.isPending} pendingText={t("import.checking")}>
            {t("import.check")}
          </ActionButton>
        </div>
      </form>

      {preview ? (
        <section className="section" aria-labelledby={`${id}-preview`}>
          <h2 id={`${id}-preview`} ref={resultRef} tabIndex={-1}>
            {t("import.previewHeading")}
          </h2>
          <p>
            {t("import.wouldCreate", { count: formatNumber(preview.created) })} {t("import.wouldUpdate", { count: formatNumber(preview.updated) })}
          </p>
          {preview.errors.length ? (
            <>
              <Alert tone="error">
                <p>{t("import.hasErrors", { count: rowsWithErrors(preview.errors) })}</p>
              </Alert>
              <RowErrors errors={preview.errors} terms={terms} />
            </>
          ) : (
            <div className="form-actions">
              <ActionButton className="button button--primary" pending={apply.isPending} pendingText={t("import.importing")} onClick={onApply}>
                {t("import.apply", { count: formatNumber(preview.created + preview.updated), participants: lower(terms.participants) })}
              </ActionButton>
            </div>
          )}
        </section>
      ) : null}

      {apply.error ? (
        <section className="section">
          {applyRowErrors.length ? (
            <>
              <Alert tone="error">
                <p>{t("import.refused")}</p>
                {apply.error instanceof ApiError && apply.error.problem?.detail ? <p>{apply.error.problem.detail}</p> : null}
              </Alert>
              <RowErrors errors={applyRowErrors} terms={terms} />
            </>
          ) : (
            <ErrorAlert error={apply.error} shownFields={["file"]} />
          )}
        </section>
      ) : null}

      {done ? (
        <section className="section" aria-labelledby={`${id}-done`}>
          <h2 id={`${id}-done`} ref={resultRef} tabIndex={-1}>
            {t("import.doneHeading")}
          </h2>
          <Alert tone="notice">
            <p>
              {t("import.created", { count: formatNumber(done.created) })} {t("import.updated", { count: formatNumber(done.updated) })}
            </p>
          </Alert>
          <p>
            <Link to="/participants">{t("import.seeThem", { participants: lower(terms.participants) })}</Link>
          </p>
        </section>
      ) : null}
    </section>
  );
}

/** How many rows have a problem (a row may have several). */
function rowsWithErrors(errors: readonly RowError[]): number {
  return new Set(errors.map((error) => error.row)).size;
}

function RowErrors({ errors, terms }: { errors: readonly RowError[]; terms: Terminology }) {
  const { t } = useTranslation();
  return (
    <StackedTable
      caption={t("import.errorsCaption")}
      showCaption
      rows={errors.map((error, index) => ({ error, index }))}
      rowKey={({ index }) => String(index)}
      columns={[
        { id: "row", header: t("import.column.row"), cell: ({ error }) => error.row ?? "—" },
        { id: "column", header: t("import.column.column"), cell: ({ error }) => fieldName(error.field) },
        // On a phone, the problem in words is the card's first line; its row and column follow.
        { id: "problem", header: t("import.column.problem"), onCard: "title", cell: ({ error }) => fieldSentence(error, terms) },
      ]}
    />
  );
}
