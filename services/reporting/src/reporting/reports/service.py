"""Asking for reports, following them, downloading them (SPEC §5 and §8)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal, Role
from omni_common.errors import Conflict, FieldError, Forbidden, Invalid, NotFound, Problem
from omni_common.pagination import Page, cursor_key, page_of
from reporting.context import ReportingContext
from reporting.reports import repository
from reporting.reports.models import Report
from reporting.reports.schemas import PERIOD_TYPES, ReportOut, ReportRequest, ReportType

BUILD_TASK = "reporting.build_report"


class Gone(Problem):
    status = 410
    slug = "report-expired"


def list_reports(
    session: Session, principal: Principal, *, mine: bool, cursor: str | None, limit: int
) -> Page[ReportOut]:
    """Managers and admins see the organization's reports (or, asked, their own); frontline users
    their own sign-in sheets."""
    key = cursor_key(cursor, str)
    only = principal.user_id if mine or principal.role == Role.frontline else None
    rows = repository.list_reports(session, principal, requested_by=only, after_id=key[0] if key else None, limit=limit)
    return page_of([ReportOut.model_validate(r) for r in rows], limit, lambda r: [r.id])


def get_report(session: Session, principal: Principal, report_id: str) -> Report:
    report = repository.get(session, principal, report_id)
    if principal.role == Role.frontline and report.requested_by != principal.user_id:
        raise NotFound()
    return report


def check_scope(ctx: ReportingContext, principal: Principal, body: ReportRequest) -> dict[str, Any]:
    """Ask presence whether the group or session exists and the caller may report on it: one
    that does not, is another organization's, or is not the caller's is the same 422."""
    if principal.role == Role.frontline and body.type != ReportType.sign_in_sheet:
        raise Forbidden("Frontline users may print the sign-in sheet of their own sessions only.")
    p = body.params
    period = body.type in PERIOD_TYPES
    scope = ctx.presence.scope(
        principal.organization_id,
        user_id=principal.user_id,
        role=principal.role.value,
        group_id=p.group_id,
        session_id=None if period else p.session_id,
        participant_ids=p.participant_ids,
    )
    errors = []
    if not period and scope.get("session") is None:
        errors.append(FieldError("params.session_id", "No such session.", "not_found"))
    elif p.group_id and scope.get("group") is None:
        errors.append(FieldError("params.group_id", "No such group.", "not_found"))
    elif not period and p.group_id and scope["session"]["group_id"] != p.group_id:
        errors.append(FieldError("params.session_id", "This session is not one of the group's.", "not_in_group"))
    if period and p.states:
        known = {s["code"] for s in scope.get("states", [])}
        errors += [
            FieldError(f"params.states.{i}", "No such state.", "not_found")
            for i, c in enumerate(p.states)
            if c not in known
        ]
    if p.participant_ids:
        # An unknown participant and another organization's are the same 422.
        known = set(scope.get("participant_ids") or [])
        errors += [
            FieldError(f"params.participant_ids.{i}", "No such participant.", "not_found")
            for i, pid in enumerate(p.participant_ids)
            if pid not in known
        ]
    if errors:
        raise Invalid(errors)
    return scope


def create_report(
    session: Session,
    ctx: ReportingContext,
    principal: Principal,
    body: ReportRequest,
    *,
    schedule_id: str | None = None,
) -> Report:
    report = Report(
        organization_id=principal.organization_id,
        requested_by=principal.user_id,
        type=body.type.value,
        format=body.format.value,
        params=body.params.dump(),
        status="queued",
        progress=0,
        schedule_id=schedule_id,
    )
    after = {"type": report.type, "format": report.format, "params": report.params}
    return queue_build(session, ctx, report, after=after, actor_id=principal.user_id)


def queue_build(
    session: Session, ctx: ReportingContext, report: Report, *, after: dict[str, Any], **who: Any
) -> Report:
    """A new report (asked for, or a schedule's run), its audit entry and its build, which the
    outbox sends to a worker once the transaction commits. ``who`` names the actor or the source."""
    repository.add(session, report)
    ctx.audit.record(
        session,
        organization_id=report.organization_id,
        entity="report",
        entity_id=report.id,
        action="request",
        after=after,
        **who,
    )
    ctx.outbox.enqueue(session, BUILD_TASK, report_id=report.id)
    return report


def downloadable(session: Session, principal: Principal, report_id: str) -> Report:
    report = get_report(session, principal, report_id)
    if report.expired_at is not None:
        raise Gone("This report's file has expired; ask for it again.")
    if report.status != "completed" or not report.file_key:
        raise Conflict(f"This report is not ready (it is {report.status}).", status=409)
    return report
