"""Domains and their presence states: configuration, not code (SPEC §2)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.db.database import RetryTransaction
from omni_common.errors import Invalid, NotFound
from omni_common.schemas import patch_changes
from omni_common.tenancy import get_or_404
from presence.context import PresenceContext
from presence.domains import repository
from presence.domains.models import Domain, PresenceState
from presence.domains.presets import PRESETS
from presence.domains.schemas import (
    DomainCreate,
    DomainOut,
    DomainPatch,
    StateCreate,
    StateOut,
    StatePatch,
)

# Organizations whose presets this process has seen in place (they are never removed).
_seeded: set[str] = set()


def ensure_presets(session: Session, organization_id: str) -> None:
    """Copy the preset domains and their states into the organization, the first time it is needed."""
    if organization_id in _seeded:
        return
    present = repository.preset_codes(session, organization_id)
    missing = [code for code in PRESETS if code not in present]
    for code in missing:
        preset = PRESETS[code]
        session.add(
            Domain(
                organization_id=organization_id,
                code=code,
                name=preset["name"],
                terminology=preset["terminology"],
                is_preset=True,
            )
        )
        for order, (state, label, category, weight, color) in enumerate(preset["states"]):
            session.add(
                PresenceState(
                    organization_id=organization_id,
                    domain=code,
                    code=state,
                    label=label,
                    color=color,
                    category=category,
                    weight=weight,
                    sort_order=(order + 1) * 10,
                    roles=None,
                    is_default=order == 0,
                )
            )
    if missing:
        try:
            session.flush()
        except IntegrityError:
            raise RetryTransaction("presets were being seeded at the same time") from None
    _seeded.add(organization_id)


GENERIC_VERBS = {"check_in": "Check in", "check_out": "Check out"}


def terminology_of(domain: Domain) -> dict[str, str]:
    """The domain's words, every one of them: a word the domain leaves unset (a preset copied into
    the organization before the word existed, a custom domain without it) is the preset's, or the
    generic one."""
    preset = PRESETS[domain.code]["terminology"] if domain.is_preset and domain.code in PRESETS else {}
    given = {k: v for k, v in domain.terminology.items() if v is not None}
    return {**GENERIC_VERBS, **preset, **given}


def _enabled_presets(ctx: PresenceContext, principal: Principal) -> set[str]:
    return set(ctx.directory.organization(principal.organization_id)["domains"])


def usable_domains(session: Session, ctx: PresenceContext, principal: Principal) -> dict[str, Domain]:
    """The domains a group may belong to: the organization's enabled presets and its custom ones."""
    ensure_presets(session, principal.organization_id)
    enabled = _enabled_presets(ctx, principal)
    return {d.code: d for d in repository.live_domains(session, principal) if not d.is_preset or d.code in enabled}


def list_domains(session: Session, ctx: PresenceContext, principal: Principal) -> list[DomainOut]:
    domains = usable_domains(session, ctx, principal)
    states = repository.states(session, principal, domains)
    by_domain: dict[str, list[StateOut]] = {}
    for state in states:
        by_domain.setdefault(state.domain, []).append(StateOut.model_validate(state))
    return [
        DomainOut(
            code=d.code,
            name=d.name,
            terminology=terminology_of(d),
            is_preset=d.is_preset,
            states=by_domain.get(d.code, []),
        )
        for d in sorted(domains.values(), key=lambda d: (not d.is_preset, d.name))
    ]


def create_domain(session: Session, ctx: PresenceContext, principal: Principal, body: DomainCreate) -> DomainOut:
    ensure_presets(session, principal.organization_id)
    if repository.domain_by_code(session, principal, body.code) is not None or body.code in PRESETS:
        raise Invalid.field("code", "A domain with this code exists.", "duplicate")
    domain = Domain(
        organization_id=principal.organization_id,
        code=body.code,
        name=body.name,
        terminology=body.terminology.model_dump(),
        is_preset=False,
    )
    session.add(domain)
    session.flush()
    ctx.audit.record(
        session,
        organization_id=principal.organization_id,
        entity="domain",
        entity_id=domain.id,
        action="create",
        after=body.model_dump(),
        actor_id=principal.user_id,
    )
    return DomainOut(code=domain.code, name=domain.name, terminology=terminology_of(domain), is_preset=False, states=[])


def update_domain(
    session: Session, ctx: PresenceContext, principal: Principal, code: str, patch: DomainPatch
) -> DomainOut:
    domain = repository.domain_by_code(session, principal, code)
    if domain is None or domain.code not in usable_domains(session, ctx, principal):
        raise NotFound()
    before = {"name": domain.name, "terminology": domain.terminology}
    changes = patch_changes(patch)
    if "terminology" in changes:
        domain.terminology = changes["terminology"]
    if "name" in changes:
        domain.name = changes["name"]
    ctx.audit.record_update(
        session,
        organization_id=principal.organization_id,
        entity="domain",
        entity_id=domain.id,
        before=before,
        after={"name": domain.name, "terminology": domain.terminology},
        actor_id=principal.user_id,
    )
    return next(d for d in list_domains(session, ctx, principal) if d.code == code)


def list_states(
    session: Session, ctx: PresenceContext, principal: Principal, *, domain: str | None, include_retired: bool
) -> list[StateOut]:
    domains = usable_domains(session, ctx, principal)
    chosen = [domain] if domain else domains
    rows = repository.states(session, principal, [d for d in chosen if d in domains], include_retired=include_retired)
    return [StateOut.model_validate(r) for r in rows]


def _snapshot(state: PresenceState) -> dict:
    return StateOut.model_validate(state).model_dump(mode="json")


def create_state(session: Session, ctx: PresenceContext, principal: Principal, body: StateCreate) -> StateOut:
    if body.domain not in usable_domains(session, ctx, principal):
        raise Invalid.field("domain", "No such domain in this organization.", "not_found")
    if repository.state_with_code(session, principal, body.domain, body.code) is not None:
        raise Invalid.field(
            "code", "This domain already has a state with this code (retired states keep theirs).", "duplicate"
        )
    state = PresenceState(organization_id=principal.organization_id, **body.model_dump())
    session.add(state)
    session.flush()
    if state.is_default:
        repository.clear_other_defaults(session, state)
    repository.count_states_change(session, principal.organization_id, state.domain)
    ctx.audit.record(
        session,
        organization_id=principal.organization_id,
        entity="presence_state",
        entity_id=state.id,
        action="create",
        after=_snapshot(state),
        actor_id=principal.user_id,
    )
    return StateOut.model_validate(state)


def _state(session: Session, ctx: PresenceContext, principal: Principal, state_id: str) -> PresenceState:
    state = get_or_404(session, PresenceState, state_id, principal, for_update=True)
    if state.domain not in usable_domains(session, ctx, principal):
        raise NotFound()
    return state


def update_state(
    session: Session, ctx: PresenceContext, principal: Principal, state_id: str, patch: StatePatch
) -> StateOut:
    state = _state(session, ctx, principal, state_id)
    before = _snapshot(state)
    for field, value in patch_changes(patch, nullable=("weight", "roles")).items():
        setattr(state, field, value)
    session.flush()
    if state.is_default:
        repository.clear_other_defaults(session, state)
    repository.count_states_change(session, principal.organization_id, state.domain)
    ctx.audit.record_update(
        session,
        organization_id=principal.organization_id,
        entity="presence_state",
        entity_id=state.id,
        before=before,
        after=_snapshot(state),
        actor_id=principal.user_id,
    )
    return StateOut.model_validate(state)


def retire_state(session: Session, ctx: PresenceContext, principal: Principal, state_id: str) -> None:
    """Hidden from new records; the records that use it keep it (a state is never deleted)."""
    state = _state(session, ctx, principal, state_id)
    if state.retired_at is not None:
        return
    state.retired_at = utcnow()
    state.is_default = False
    repository.count_states_change(session, principal.organization_id, state.domain)
    ctx.audit.record(
        session,
        organization_id=principal.organization_id,
        entity="presence_state",
        entity_id=state.id,
        action="retire",
        before={"retired": False},
        after={"retired": True},
        actor_id=principal.user_id,
    )


def states_for_recording(session: Session, principal: Principal, domain: str) -> dict[str, PresenceState]:
    """The states a new record of this domain may take, by code."""
    ensure_presets(session, principal.organization_id)
    return {s.code: s for s in repository.states(session, principal, [domain])}


def states_of(session: Session, organization_id: str, domains: set[str]) -> dict[tuple[str, str], PresenceState]:
    """Every state of these domains, retired ones included, by (domain, code): what the rulebook
    needs to tell an unknown state from a retired one."""
    ensure_presets(session, organization_id)
    if not domains:
        return {}
    return {(s.domain, s.code): s for s in repository.states_in(session, organization_id, domains)}


def states_by_code(states: dict[tuple[str, str], PresenceState], domain: str) -> dict[str, PresenceState]:
    return {code: s for (d, code), s in states.items() if d == domain}


# (organization, domain) -> (its states version, its states by code): kept by this process, and
# trusted only while the version read with a session is the same one.
_kept_states: dict[tuple[str, str], tuple[int, dict[str, StateOut]]] = {}
KEPT_DOMAINS = 4096


def domain_states(
    session: Session, organization_id: str, domain: str, version: int | None = None
) -> dict[str, StateOut]:
    """Every state of the domain by code, retired ones included, as of ``version`` (the domain's
    ``states_version``, read in the caller's first query; None: not known, or the domain is not in
    the organization yet). Read once per version: a mark is checked without reading them again.

    A copy read after the version may be newer than it, never older (the version is counted up in
    the transaction that changes the states), and a newer one is what the read would have given."""
    key = (organization_id, domain)
    kept = _kept_states.get(key)
    if version is not None and kept is not None and kept[0] == version:
        return kept[1]
    read = states_by_code(states_of(session, organization_id, {domain}), domain)
    states = {code: StateOut.model_validate(s) for code, s in read.items()}
    if version is not None:
        if len(_kept_states) >= KEPT_DOMAINS:
            _kept_states.pop(next(iter(_kept_states)))
        _kept_states[key] = (version, states)
    return states
