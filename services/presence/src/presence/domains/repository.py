"""The queries domains and presence states are read and changed with."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.tenancy import in_org, select_in_org, select_scoped
from presence.domains.models import Domain, PresenceState


def preset_codes(session: Session, organization_id: str) -> set[str]:
    """The preset domains already copied into the organization."""
    return set(session.scalars(select(Domain.code).where(in_org(Domain, organization_id), Domain.is_preset)))


def live_domains(session: Session, principal: Principal) -> list[Domain]:
    return list(session.scalars(select_scoped(Domain, principal).where(Domain.retired_at.is_(None))))


def domain_by_code(session: Session, principal: Principal, code: str) -> Domain | None:
    return session.scalars(select_scoped(Domain, principal).where(Domain.code == code)).first()


def domain_in(session: Session, organization_id: str, code: str) -> Domain | None:
    return session.scalars(select_in_org(Domain, organization_id).where(Domain.code == code)).first()


def states(
    session: Session,
    principal: Principal,
    domains: Collection[str],
    *,
    include_retired: bool = False,
) -> list[PresenceState]:
    """The states of these domains, in each domain's order."""
    stmt = select_scoped(PresenceState, principal).where(PresenceState.domain.in_(domains))
    if not include_retired:
        stmt = stmt.where(PresenceState.retired_at.is_(None))
    return list(session.scalars(stmt.order_by(PresenceState.domain, PresenceState.sort_order, PresenceState.code)))


def state_with_code(session: Session, principal: Principal, domain: str, code: str) -> PresenceState | None:
    """The domain's state of this code, retired or not."""
    return session.scalars(
        select_scoped(PresenceState, principal).where(PresenceState.domain == domain, PresenceState.code == code)
    ).first()


def clear_other_defaults(session: Session, state: PresenceState) -> None:
    """At most one default state per domain: the one given."""
    session.execute(
        update(PresenceState)
        .where(
            in_org(PresenceState, state.organization_id),
            PresenceState.domain == state.domain,
            PresenceState.id != state.id,
        )
        .values(is_default=False)
    )


def count_states_change(session: Session, organization_id: str, domain: str) -> None:
    """The domain's states changed (in this transaction): every writer's copy of them is now stale."""
    session.execute(
        update(Domain)
        .where(in_org(Domain, organization_id), Domain.code == domain)
        .values(states_version=Domain.states_version + 1)
    )


def states_in(session: Session, organization_id: str, domains: Collection[str]) -> list[PresenceState]:
    """Every state of these domains, retired ones included."""
    return list(session.scalars(select_in_org(PresenceState, organization_id).where(PresenceState.domain.in_(domains))))


def state_weights(session: Session, organization_id: str) -> dict[tuple[str, str], tuple[str, object]]:
    """(domain, state code) -> (category, weight) of the organization's states."""
    rows = session.execute(
        select(PresenceState.domain, PresenceState.code, PresenceState.category, PresenceState.weight).where(
            in_org(PresenceState, organization_id)
        )
    )
    return {(d, c): (category, weight) for d, c, category, weight in rows}
