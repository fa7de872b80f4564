from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal, Role
from omni_common.db.base import utcnow
from omni_common.db.search import matches
from omni_common.tenancy import in_org, select_in_org, select_scoped
from presence.access import member_of_visible_group, sees_everything
from presence.groups.models import Group, Membership
from presence.participants.models import Participant


def visible(session: Session, principal: Principal):
    """Participants the caller may see: all of them, or a frontline user's groups' members."""
    stmt = select_scoped(Participant, principal)
    if sees_everything(principal):
        return stmt
    if principal.role == Role.frontline:
        return stmt.where(member_of_visible_group(principal, session, Participant.id))
    return stmt.where(Participant.id.in_([]))


def list_participants(
    session: Session,
    principal: Principal,
    *,
    after: list | None,
    limit: int,
    q: str | None,
    active: bool | None,
    walk_in: bool | None = None,
) -> list[Participant]:
    """Participants by name, ``limit + 1`` of them to tell if more follow."""
    stmt = visible(session, principal)
    if q:
        stmt = stmt.where(or_(matches(Participant.name, q), matches(Participant.external_ref, q)))
    if active is not None:
        stmt = stmt.where(Participant.is_active.is_(active))
    if walk_in is not None:
        stmt = stmt.where(Participant.walk_in.is_(walk_in))
    if after:
        name, last = str(after[0]), str(after[1])
        stmt = stmt.where(or_(Participant.name > name, and_(Participant.name == name, Participant.id > last)))
    return list(session.scalars(stmt.order_by(Participant.name, Participant.id).limit(limit + 1)))


def get_visible(
    session: Session, principal: Principal, participant_id: str, *, for_update: bool = False
) -> Participant | None:
    stmt = visible(session, principal).where(Participant.id == participant_id)
    return session.scalars(stmt.with_for_update() if for_update else stmt).one_or_none()


def in_organization(session: Session, organization_id: str, participant_id: str) -> Participant | None:
    return session.scalars(select_in_org(Participant, organization_id).where(Participant.id == participant_id)).first()


def insert_many(session: Session, rows: list[dict]) -> None:
    session.execute(insert(Participant), rows)


def group_names(session: Session, principal: Principal) -> dict[str, str]:
    """The organization's groups by their name in lower case, and by their id: what an import's
    `group` column may say."""
    rows = session.execute(select_scoped(Group, principal).with_only_columns(Group.id, Group.name)).all()
    return {**{name.casefold(): gid for gid, name in rows}, **{gid.casefold(): gid for gid, _ in rows}}


def by_external_refs(session: Session, organization_id: str, refs: list[str]) -> dict[str, Participant]:
    found = {}
    for start in range(0, len(refs), 1000):
        chunk = refs[start : start + 1000]
        rows = session.scalars(select_in_org(Participant, organization_id).where(Participant.external_ref.in_(chunk)))
        found.update({p.external_ref: p for p in rows})
    return found


def ref_taken(session: Session, organization_id: str, ref: str, except_id: str | None = None) -> bool:
    stmt = select(Participant.id).where(in_org(Participant, organization_id), Participant.external_ref == ref)
    if except_id:
        stmt = stmt.where(Participant.id != except_id)
    return session.scalars(stmt.limit(1)).first() is not None


def end_memberships(session: Session, participant_id: str) -> None:
    session.execute(
        update(Membership)
        .where(Membership.participant_id == participant_id, Membership.ends_at.is_(None))
        .values(ends_at=utcnow())
    )
