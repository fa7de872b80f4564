import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { TextField } from "@/components/Field";
import { lower, type Terminology } from "@/components/terminology";
import { formatNumber } from "@/lib/intl";
import { useAddMembers, type MembersAdded } from "@/features/groups/api/add-members";
import { useCurrentMemberIds } from "@/features/groups/api/list-member-ids";
import { allMatches, useParticipantSearch } from "@/features/groups/api/search-participants";

const SHOWN = 100;

/**
 * Find participants and add them: tick some, or add every match at once (e.g. all of a freshly
 * imported file, found by its reference prefix, or everyone with an empty search). Those already
 * in the group are never offered.
 */
export function MemberPicker({ groupId, terms, today, onAdded }: { groupId: string; terms: Terminology; today: string | undefined; onAdded: (result: MembersAdded) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [addingAll, setAddingAll] = useState(false);
  const [allError, setAllError] = useState<unknown>(null);
  // Today until the user picks another day (today is known once the organization's zone is).
  const [typed, setTyped] = useState<string | null>(null);
  const since = typed ?? today ?? "";
  // Today (or nothing typed): from now on. Another day: from its start.
  const sinceDay = since && since !== today ? since : undefined;
  const search = useParticipantSearch(query ?? "", { enabled: query !== null });
  const add = useAddMembers();
  const members = useCurrentMemberIds(groupId);
  const memberIds = members.data;
  const matched = search.data?.items ?? [];
  const found = memberIds ? matched.filter((candidate) => !memberIds.has(candidate.id)) : [];
  const alreadyIn = memberIds ? matched.length - found.length : 0;
  const shown = found.slice(0, SHOWN);
  const more = found.length > SHOWN || Boolean(search.data?.next_cursor);
  const busy = add.isPending || addingAll;

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft.trim());
    setSelected(new Set());
  };

  const done = (result: MembersAdded) => {
    setSelected(new Set());
    onAdded(result);
  };

  const addSelected = () => {
    if (!selected.size || add.isPending) return;
    add.mutate({ groupId, participantIds: [...selected], since: sinceDay }, { onSuccess: done });
  };

  const addAll = async () => {
    if (addingAll || query === null) return;
    setAddingAll(true);
    setAllError(null);
    try {
      const everyone = (await allMatches(query)).filter((candidate) => !memberIds?.has(candidate.id));
      if (everyone.length) add.mutate({ groupId, participantIds: everyone.map((c) => c.id), since: sinceDay }, { onSuccess: done });
    } catch (error) {
      setAllError(error);
    } finally {
      setAddingAll(false);
    }
  };

  return (
    <div className="card member-picker">
      <h3>{t("groups.picker.heading", { participants: lower(terms.participants) })}</h3>
      <form className="form-row" onSubmit={onSearch} role="search">
        <div className="field">
          <label htmlFor={`${id}-q`}>{t("groups.picker.search", { participants: lower(terms.participants) })}</label>
          <p id={`${id}-hint`} className="field__hint">
            {t("groups.picker.hint")}
          </p>
          <input id={`${id}-q`} type="search" aria-describedby={`${id}-hint`} value={draft} onChange={(e) => setDraft(e.target.value)} />
        </div>
        <button type="submit" className="button button--secondary">
          {t("groups.picker.find")}
        </button>
      </form>
      <ErrorAlert error={add.error ?? allError ?? search.error ?? members.error} focus={false} />
      {query !== null && search.data && memberIds ? (
        <>
          <p role="status" className="muted">
            {found.length === 0
              ? alreadyIn
                ? t("groups.picker.allMembers", { group: lower(terms.group) })
                : t("groups.picker.noMatches")
              : more
                ? t("groups.picker.manyMatches", { shown: formatNumber(shown.length) })
                : t("groups.picker.matches", { count: formatNumber(found.length) })}
            {found.length && alreadyIn ? ` ${t("groups.picker.alreadyIn", { count: alreadyIn, shown: formatNumber(alreadyIn), group: lower(terms.group) })}` : null}
          </p>
          {shown.length ? (
            <fieldset className="fieldset">
              <legend>{t("groups.picker.choose")}</legend>
              <ul className="picker-list">
                {shown.map((candidate) => (
                  <li key={candidate.id}>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={selected.has(candidate.id)}
                        onChange={(e) =>
                          setSelected((current) => {
                            const next = new Set(current);
                            if (e.target.checked) next.add(candidate.id);
                            else next.delete(candidate.id);
                            return next;
                          })
                        }
                      />
                      {candidate.name}
                      {candidate.external_ref ? <span className="muted"> ({candidate.external_ref})</span> : null}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ) : null}
          {found.length ? (
            <TextField
              className="field--narrow"
              type="date"
              label={t("groups.picker.since")}
              hint={t("groups.picker.sinceHint", { sessions: lower(terms.sessions) })}
              value={since}
              onChange={(e) => setTyped(e.target.value)}
            />
          ) : null}
          {found.length ? (
            <div className="form-actions">
              <ActionButton
                className="button button--primary"
                pending={busy}
                unavailableReason={selected.size ? undefined : t("groups.picker.chooseFirst", { participants: lower(terms.participants) })}
                reasonId={`${id}-why`}
                onClick={addSelected}
              >
                {t("groups.picker.addSelected", { count: formatNumber(selected.size) })}
              </ActionButton>
              <ActionButton className="button button--secondary" pending={busy} reasonId={`${id}-why`} onClick={() => void addAll()}>
                {query ? t("groups.picker.addAllMatches") : t("groups.picker.addEveryone", { participants: lower(terms.participants) })}
              </ActionButton>
              {busy ? (
                <span id={`${id}-why`} role="status" className="muted">
                  {t("groups.picker.adding")}
                </span>
              ) : selected.size ? null : (
                <span id={`${id}-why`} className="muted">
                  {t("groups.picker.chooseFirst", { participants: lower(terms.participants) })}
                </span>
              )}
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
