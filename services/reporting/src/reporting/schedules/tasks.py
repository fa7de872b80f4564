from reporting.schedules import service
from reporting.worker import app, ctx, database


@app.task(name="reporting.run_schedules")
def run_schedules() -> int:
    return service.run_due(database, ctx)
