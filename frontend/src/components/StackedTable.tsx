import { useId, type ReactNode } from "react";
import { useNarrowScreen } from "./use-narrow-screen";
import "./components.css";

/** One column: its heading, and how a row's value shows at a desk and on a phone. */
export interface StackColumn<T> {
  id: string;
  /** The column's heading; on a card, the label in front of the value. */
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The heading is read out but not shown (a column of checkboxes). */
  headerHidden?: boolean;
  /** At a desk, the cell names its row (a row header). */
  rowHeader?: boolean;
  /**
   * On a card: "title" (the card's first line, in bold), "pick" (a checkbox beside the title),
   * "field" (a labelled value; left out when empty), "actions" (buttons at the card's foot),
   * "none" (only at a desk).
   */
  onCard?: "title" | "pick" | "field" | "actions" | "none";
  /** Class of the table cell (at a desk). */
  className?: string;
}

interface StackedTableProps<T> {
  /** Names the table and, on a phone, the list of cards. */
  caption: string;
  /** The caption is shown (above the table, or above the cards), not only read out. */
  showCaption?: boolean;
  columns: readonly (StackColumn<T> | false | null | undefined)[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Extra class of the table (at a desk). */
  className?: string;
}

const isEmpty = (value: ReactNode) => value === null || value === undefined || value === false || value === "";

/**
 * A table at a desk; below 768 px a list of cards, one per row, with its name first, each other
 * value under its column's heading and the row's buttons at its foot: nothing is wider than a
 * phone, and nothing scrolls sideways in its own box (issue 18, as the audit log does).
 */
export function StackedTable<T>({ caption, showCaption = false, columns: given, rows, rowKey, className }: StackedTableProps<T>) {
  const narrow = useNarrowScreen();
  const captionId = useId();
  const columns = given.filter((column): column is StackColumn<T> => Boolean(column));

  if (narrow) {
    const of = (kind: NonNullable<StackColumn<T>["onCard"]>) => columns.filter((column) => (column.onCard ?? (column.rowHeader ? "title" : "field")) === kind);
    const [picks, titles, fields, actions] = [of("pick"), of("title"), of("field"), of("actions")];
    return (
      <>
        {showCaption ? (
          <p id={captionId} className="stack-cards__caption">
            {caption}
          </p>
        ) : null}
        <ul className="stack-cards" aria-label={showCaption ? undefined : caption} aria-labelledby={showCaption ? captionId : undefined}>
          {rows.map((row) => {
            const shown = fields.map((column) => ({ column, value: column.cell(row) })).filter(({ value }) => !isEmpty(value));
            const buttons = actions.map((column) => ({ column, value: column.cell(row) })).filter(({ value }) => !isEmpty(value));
            return (
              <li key={rowKey(row)} className="stack-card">
                <div className="stack-card__head">
                  {picks.map((column) => (
                    <span key={column.id} className="stack-card__pick">
                      {column.cell(row)}
                    </span>
                  ))}
                  <p className="stack-card__title">
                    {titles.map((column) => (
                      <span key={column.id} className="stack-card__line">
                        {column.cell(row)}
                      </span>
                    ))}
                  </p>
                </div>
                {shown.length ? (
                  <dl className="stack-card__fields">
                    {shown.map(({ column, value }) => (
                      <div key={column.id}>
                        <dt>{column.header}</dt>
                        <dd>{value}</dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
                {buttons.length ? (
                  <div className="stack-card__actions">
                    {buttons.map(({ column, value }) => (
                      <div key={column.id}>{value}</div>
                    ))}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      </>
    );
  }

  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : "table"}>
        <caption className={showCaption ? undefined : "visually-hidden"}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.id} scope="col">
                {column.headerHidden ? <span className="visually-hidden">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th key={column.id} scope="row" className={column.className}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.id} className={column.className}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
