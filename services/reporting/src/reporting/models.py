"""Every table of reporting's schema, for Alembic and for the app-user grants."""

from reporting.database import AuditLog, Base, OutboxMessage
from reporting.exports.models import OrganizationExport
from reporting.reports.models import Report
from reporting.schedules.models import ReportSchedule

__all__ = ["AuditLog", "Base", "OrganizationExport", "OutboxMessage", "Report", "ReportSchedule"]
