"""``python -m omni_common provision`` — create every service's schema and users (MySQL admin URL needed).

``python -m omni_common drop`` removes them (tests use it on their throwaway prefix)."""

import argparse
import sys

from omni_common.db.provision import drop, provision
from omni_common.logs import setup_logging
from omni_common.settings import CommonSettings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m omni_common")
    parser.add_argument("command", choices=["provision", "drop"])
    args = parser.parse_args(argv)
    settings = CommonSettings()
    setup_logging("provision", settings.log_level)
    (provision if args.command == "provision" else drop)(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
