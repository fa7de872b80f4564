from gateway.commands import COMMANDS
from omni_common.cli import run

run(COMMANDS)
