"""Groups, their members over time, and the staff who may record for them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal, Role
from omni_common.db.base import utcnow
from omni_common.errors import FieldError, Invalid, NotFound
from omni_common.pagination import Page, cursor_key, page_of
from omni_common.schemas import patch_changes
from presence.access import as_local, day_bounds
from presence.context import PresenceContext
from presence.domains.service import states_for_recording, usable_domains
from presence.groups import repository
from presence.groups.models import Group, Membership, StaffAssignment
from presence.groups.schemas import (
    GroupCreate,
    GroupOut,
    GroupPatch,
    GroupSettings,
    MemberOut,
    MembersAdd,
    MembersAdded,
    StaffAdd,
    StaffOut,
)
from presence.participants.schemas import ParticipantOut


def settings_of(group: Group) -> GroupSettings:
    """The group's settings, each at its default where unset."""
    return GroupSettings.model_validate(group.settings or {})


def snapshot(group: Group) -> dict:
    return GroupOut.model_validate(group).model_dump(mode="json", exclude={"id", "created_at"})


def get_group(session: Session, principal: Principal, group_id: str, *, for_update: bool = False) -> Group:
    group = repository.get(session, principal, group_id, for_update=for_update)
    if group is None:
        raise NotFound()
    return group


def list_groups(
    session: Session, principal: Principal, *, cursor: str | None, limit: int, archived: bool, domain: str | None
) -> Page[GroupOut]:
    key = cursor_key(cursor, str)
    rows = repository.page(
        session, principal, after=key[0] if key else None, limit=limit, archived=archived, domain=domain
    )
    return page_of([GroupOut.model_validate(g) for g in rows], limit, lambda g: [g.id])


def _check_settings(session: Session, principal: Principal, domain: str, settings) -> None:
    state = settings.close_marks_unmarked_as
    if state and state not in states_for_recording(session, principal, domain):
        raise Invalid.field("settings.close_marks_unmarked_as", "No such state in the group's domain.", "no_such_state")


def create_group(session: Session, ctx: PresenceContext, principal: Principal, body: GroupCreate) -> Group:
    if body.domain not in usable_domains(session, ctx, principal):
        raise Invalid.field("domain", "No such domain enabled in this organization.", "not_found")
    _check_settings(session, principal, body.domain, body.settings)
    group = Group(
        organization_id=principal.organization_id,
        name=body.name,
        domain=body.domain,
        description=body.description,
        settings=body.settings.model_dump(),
    )
    session.add(group)
    session.flush()
    ctx.audit.record(
        session,
        organization_id=principal.organization_id,
        entity="group",
        entity_id=group.id,
        action="create",
        after=snapshot(group),
        actor_id=principal.user_id,
    )
    return group


def update_group(
    session: Session, ctx: PresenceContext, principal: Principal, group_id: str, patch: GroupPatch
) -> Group:
    group = get_group(session, principal, group_id, for_update=True)
    changes = patch_changes(patch, nullable=("description",))
    if "settings" in changes:
        # Key by key: a setting left out keeps its value (null is a value: "off", "the organization's").
        merged = settings_of(group).model_dump() | patch.settings.model_dump(exclude_unset=True)
        if merged["late_after_minutes"] is None:
            raise Invalid.field("settings.late_after_minutes", "A number of minutes is needed.", "required")
        changes["settings"] = GroupSettings.model_validate(merged).model_dump()
        _check_settings(session, principal, group.domain, GroupSettings.model_validate(merged))
    before = snapshot(group)
    for field, value in changes.items():
        setattr(group, field, value)
    session.flush()
    ctx.audit.record_update(
        session,
        organization_id=principal.organization_id,
        entity="group",
        entity_id=group.id,
        before=before,
        after=snapshot(group),
        actor_id=principal.user_id,
    )
    return group


def archive_group(session: Session, ctx: PresenceContext, principal: Principal, group_id: str) -> None:
    """Archive: gone from lists and new sessions; its sessions, records and members stay."""
    group = get_group(session, principal, group_id, for_update=True)
    if group.archived_at is not None:
        return
    group.archived_at = utcnow()
    ctx.audit.record(
        session,
        organization_id=principal.organization_id,
        entity="group",
        entity_id=group.id,
        action="archive",
        before={"archived": False},
        after={"archived": True},
        actor_id=principal.user_id,
    )


# --- members ---------------------------------------------------------------------------------


def list_members(
    session: Session, principal: Principal, group_id: str, *, cursor: str | None, limit: int, past: bool
) -> Page[MemberOut]:
    """Current members (or, with ``past``, every membership ever), by name."""
    get_group(session, principal, group_id)
    rows = repository.members_page(session, group_id, after=cursor_key(cursor, str, str), limit=limit, past=past)
    items = [
        (
            (p.name, m.id),
            MemberOut(participant=ParticipantOut.model_validate(p), starts_at=m.starts_at, ends_at=m.ends_at),
        )
        for m, p in rows
    ]
    page = page_of(items, limit, lambda item: list(item[0]))
    return Page[MemberOut](items=[member for _, member in page.items], next_cursor=page.next_cursor)


def add_members(
    session: Session, ctx: PresenceContext, principal: Principal, group_id: str, body: MembersAdd
) -> MembersAdded:
    group = get_group(session, principal, group_id, for_update=True)  # the lock keeps memberships single
    wanted = list(dict.fromkeys(body.participant_ids))
    known = repository.active_participant_ids(session, principal, wanted)
    errors = [
        FieldError(f"participant_ids.{i}", "No such active participant.", "not_found")
        for i, pid in enumerate(body.participant_ids)
        if pid not in known
    ]
    if errors:
        raise Invalid(errors)
    current = repository.current_memberships(session, group.id)
    since = utcnow() if body.starts_at is None else as_local(body.starts_at, principal.tz)
    new = [pid for pid in wanted if pid not in current]
    session.add_all(
        Membership(organization_id=principal.organization_id, group_id=group.id, participant_id=pid, starts_at=since)
        for pid in new
    )
    # Members already: a start given earlier than theirs back-fills their membership.
    backfilled_before = [
        (current[pid], current[pid].starts_at) for pid in wanted if pid in current and current[pid].starts_at > since
    ]
    for membership, _ in backfilled_before:
        membership.starts_at = since
    ctx.audit.record_many(
        session,
        organization_id=principal.organization_id,
        entity="group_membership",
        actor_id=principal.user_id,
        entries=[
            *(
                {
                    "entity_id": group.id,
                    "action": "add",
                    "after": {"participant_id": pid, "starts_at": since.isoformat()},
                }
                for pid in new
            ),
            *(
                {
                    "entity_id": group.id,
                    "action": "backfill",
                    "before": {"participant_id": m.participant_id, "starts_at": m_before.isoformat()},
                    "after": {"participant_id": m.participant_id, "starts_at": since.isoformat()},
                }
                for m, m_before in backfilled_before
            ),
        ],
    )
    return MembersAdded(added=len(new), already_members=len(wanted) - len(new))


def remove_member(
    session: Session, ctx: PresenceContext, principal: Principal, group_id: str, participant_id: str
) -> None:
    """End the membership now: past sessions still show the participant as a member then."""
    group = get_group(session, principal, group_id, for_update=True)
    if not repository.end_membership(session, group.id, participant_id, utcnow()):
        raise NotFound("This participant is not a member of the group.")
    ctx.audit.record(
        session,
        organization_id=principal.organization_id,
        entity="group_membership",
        entity_id=group.id,
        action="remove",
        before={"participant_id": participant_id},
        actor_id=principal.user_id,
    )


# --- staff -----------------------------------------------------------------------------------


def list_staff(session: Session, ctx: PresenceContext, principal: Principal, group_id: str) -> list[StaffOut]:
    get_group(session, principal, group_id)
    rows = repository.staff(session, group_id)
    names = ctx.directory.users(principal.organization_id, {r.user_id for r in rows})
    return [
        StaffOut(
            user_id=r.user_id, full_name=names.get(r.user_id, {}).get("full_name"), from_=r.valid_from, to=r.valid_to
        )
        for r in rows
    ]


def add_staff(
    session: Session, ctx: PresenceContext, principal: Principal, group_id: str, body: StaffAdd
) -> list[StaffOut]:
    group = get_group(session, principal, group_id, for_update=True)
    users = ctx.directory.users(principal.organization_id, set(body.user_ids))
    errors = []
    for i, user_id in enumerate(body.user_ids):
        user = users.get(user_id)
        if user is None or not user["is_active"]:
            errors.append(FieldError(f"user_ids.{i}", "No such active user.", "not_found"))
        elif user["role"] != Role.frontline:
            errors.append(FieldError(f"user_ids.{i}", "Only frontline users are assigned to groups.", "wrong_role"))
    if errors:
        raise Invalid(errors)
    for user_id in dict.fromkeys(body.user_ids):
        # One assignment per user and group: a new one replaces the old dates.
        repository.unassign(session, group.id, user_id)
        session.add(
            StaffAssignment(
                organization_id=principal.organization_id,
                group_id=group.id,
                user_id=user_id,
                valid_from=body.from_,
                valid_to=body.to,
                starts_at=day_bounds(body.from_, principal.tz)[0] if body.from_ else None,
                ends_at=day_bounds(body.to, principal.tz)[1] if body.to else None,
            )
        )
        ctx.audit.record(
            session,
            organization_id=principal.organization_id,
            entity="staff_assignment",
            entity_id=group.id,
            action="assign",
            actor_id=principal.user_id,
            after={"user_id": user_id, "from": body.from_, "to": body.to},
        )
    session.flush()
    return list_staff(session, ctx, principal, group_id)


def remove_staff(session: Session, ctx: PresenceContext, principal: Principal, group_id: str, user_id: str) -> None:
    group = get_group(session, principal, group_id, for_update=True)
    if not repository.unassign(session, group.id, user_id):
        raise NotFound("This user is not assigned to the group.")
    ctx.audit.record(
        session,
        organization_id=principal.organization_id,
        entity="staff_assignment",
        entity_id=group.id,
        action="unassign",
        before={"user_id": user_id},
        actor_id=principal.user_id,
    )
