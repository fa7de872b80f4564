"""Where report files are kept, behind a small interface an object store could implement.

Keys are made by the service (``<organization>/<report id>-<random>.<ext>``): nobody can guess
one, and a file is only ever handed out by the authorised download route. A file is written under
a temporary name and renamed into place only once complete, so a worker that dies mid-build
leaves no half file under a real key (and the clean-up removes its leftovers)."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

KEY = re.compile(r"^[0-9a-f-]{36}/[0-9a-f-]{36}-[0-9a-f]{16}\.(pdf|xlsx|csv|zip)$")
UUID = re.compile(r"^[0-9a-f-]{36}$")
PARTIAL = ".part"


class ReportStorage(Protocol):
    def new_key(self, organization_id: str, report_id: str, extension: str) -> str: ...

    def writer(self, key: str) -> contextlib.AbstractContextManager[IO[bytes]]: ...

    def open(self, key: str) -> IO[bytes]: ...

    def size(self, key: str) -> int: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def keys(self) -> Iterator[str]: ...

    def remove_partials(self, older_than_seconds: float) -> int: ...

    def discard_partials(self, organization_id: str, report_id: str) -> None: ...

    def remove_organization(self, organization_id: str) -> int: ...


class LocalStorage:
    """A folder: on one machine, or a volume every API and worker process mounts."""

    def __init__(self, root: Path):
        self.root = root

    def new_key(self, organization_id: str, report_id: str, extension: str) -> str:
        return f"{organization_id}/{report_id}-{secrets.token_hex(8)}.{extension}"

    def _path(self, key: str) -> Path:
        if not KEY.match(key):
            raise ValueError("not a report file key")
        return self.root / key

    @contextlib.contextmanager
    def writer(self, key: str) -> Iterator[IO[bytes]]:
        final = self._path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        partial = final.with_name(f"{final.name}.{secrets.token_hex(4)}{PARTIAL}")
        handle = open(partial, "wb")  # noqa: SIM115 (closed below, before the rename)
        try:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            os.replace(partial, final)
        except BaseException:
            handle.close()
            partial.unlink(missing_ok=True)
            raise

    def open(self, key: str) -> IO[bytes]:
        return open(self._path(key), "rb")

    def size(self, key: str) -> int:
        return self._path(key).stat().st_size

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in self.root.glob("*/*"):
            key = f"{path.parent.name}/{path.name}"
            if KEY.match(key):
                yield key

    def discard_partials(self, organization_id: str, report_id: str) -> None:
        """What an earlier build of the report left half written (its hold ran out: it is dead)."""
        if not UUID.match(organization_id) or not UUID.match(report_id):
            raise ValueError("not a report file key")
        for path in (self.root / organization_id).glob(f"{report_id}-*{PARTIAL}"):
            path.unlink(missing_ok=True)

    def remove_organization(self, organization_id: str) -> int:
        """Every file of one organization (its data was purged); how many there were."""
        if not UUID.match(organization_id):
            raise ValueError("not an organization id")
        folder = self.root / organization_id
        removed = 0
        for path in folder.glob("*") if folder.is_dir() else []:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
        with contextlib.suppress(OSError):
            folder.rmdir()
        return removed

    def remove_partials(self, older_than_seconds: float) -> int:
        """Leftovers of builds that died: gone once no build could still be writing them."""
        removed = 0
        cutoff = time.time() - older_than_seconds
        for path in self.root.glob(f"*/*{PARTIAL}") if self.root.is_dir() else []:
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
        return removed
