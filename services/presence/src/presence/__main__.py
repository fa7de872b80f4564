from omni_common.cli import run
from presence.commands import COMMANDS

run(COMMANDS)
