"""An organization's data lifecycle, the parts every service shares (SPEC §6.5, issue 15).

- **Retention**: each service purges what is older than its organization's retention (presence
  data by their session's end, report files by their completion) in short transactions of at most
  ``OMNI_PURGE_BATCH_SIZE`` rows, on its purge database user, and audits how much it purged.
- **A closed organization's purge**: ``OMNI_CLOSED_ORG_PURGE_DAYS`` after an organization was
  closed, each service removes every row of it (:func:`service.purge_organization`).
- **Export**: each service lists its entities and pages through an organization's rows of each
  (``/internal/lifecycle/export``); reporting's worker gathers them into one ZIP.

Identity owns the terms (each organization's retention, whether and when it was closed); presence's
beat sends every service its ``<service>.lifecycle`` task, which asks identity and purges its own.
"""
