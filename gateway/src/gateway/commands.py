from gateway.config import Settings
from omni_common.cli import ServiceCommands

COMMANDS = ServiceCommands(name="gateway", app_factory="gateway.main:create_app", settings=Settings)
