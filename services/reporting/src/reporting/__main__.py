from omni_common.cli import run
from reporting.commands import COMMANDS

run(COMMANDS)
