from omni_common.cli import run
from sync.commands import COMMANDS

run(COMMANDS)
