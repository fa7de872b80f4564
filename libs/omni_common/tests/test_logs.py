"""Log lines are JSON with ISO 8601 times and their zone, and Python's warnings (Celery's among them)
go the same way (issue 17, item 10)."""

import json
import logging
import warnings
from datetime import datetime

from omni_common.logs import setup_logging


def test_a_line_is_json_with_an_iso_time_and_its_zone(capsys):
    setup_logging("test-service")
    logging.getLogger("omni.test").warning("hello")
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["message"] == "hello" and line["service"] == "test-service"
    at = datetime.fromisoformat(line["time"])
    assert at.utcoffset() is not None and "T" in line["time"]


def test_warnings_are_log_lines_too(capsys):
    setup_logging("test-service")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("this setting is deprecated", DeprecationWarning, stacklevel=1)
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["logger"] == "py.warnings" and "this setting is deprecated" in line["message"]
