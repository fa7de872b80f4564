"""Internal: run a piece of beat's work now (tests, operators), through the outbox like beat's."""

from enum import StrEnum

from fastapi import APIRouter, Depends

from omni_common.diagnostics import TaskStatus
from omni_common.internal import require_service
from reporting.context import Ctx
from reporting.reports import maintenance

router = APIRouter(prefix="/internal/maintenance", dependencies=[Depends(require_service)], include_in_schema=False)


class Job(StrEnum):
    expire_reports = "expire_reports"
    run_schedules = "run_schedules"
    recover_stale = "recover_stale"


@router.post("/{job}", response_model=TaskStatus, status_code=202)
def run(job: Job, ctx: Ctx):
    return maintenance.run_now(ctx, f"reporting.{job.value}")
