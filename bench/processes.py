"""What a second API process buys on this machine (SPEC 6.1): the most records per second through
the gateway, with its CPU per record, for one and two processes of presence and of the gateway
(OMNI_HTTP_WORKERS), and the mixed load again with two processes of every API service."""

from __future__ import annotations

import asyncio

from bench import machine
from bench import mixed as mixed_load

API = ("identity", "presence", "sync", "reporting", "gateway")


def set_processes(stack, counts: dict[str, int]) -> None:
    """Restart each named HTTP process with that many API processes on its port."""
    for name, count in counts.items():
        extra = {"OMNI_HTTP_WORKERS": str(count)}
        if name == "gateway" and count > 1:
            extra["GATEWAY_METRICS_PORT"] = "0"  # a metrics port serves one process only
        stack.stop(name)
        stack.start(name, extra_env=extra)
    stack.wait_ready()


def run(stack, config, world, flat_out, sessions) -> None:
    gateway = config.url("gateway")
    print("\nWhat a second API process buys: the most records per second through the gateway (32 at once, 10 s)")
    print(f"  {'presence processes, gateway processes':<62}{'records/s':>10}")
    layouts = [
        {"presence": 1, "gateway": 1},
        {"presence": 2, "gateway": 1},
        {"presence": 1, "gateway": 2},
        {"presence": 2, "gateway": 2},
    ]
    try:
        for layout in layouts:
            set_processes(stack, layout)
            world.sign_in_again()  # each layout's restarts take a while; a token lives 5 minutes
            meter = machine.Meter.of_stack(config)
            chosen = [next(sessions) for _ in range(32)]
            asyncio.run(flat_out(gateway, world, concurrency=32, seconds=2, sessions=chosen))  # warm the pools
            meter.start()
            rate = asyncio.run(flat_out(gateway, world, concurrency=32, seconds=10, sessions=chosen))
            spent, busy = meter.stop()
            label = f"{layout['presence']} presence, {layout['gateway']} gateway"
            print(f"  {label:<62}{rate:>10.0f}")
            machine.print_cpu_per_record(spent, busy, int(rate * 10))
            machine.warn_if_busy("during this measurement")
        set_processes(stack, dict.fromkeys(API, 2))
        mixed_load.run(config, "two processes of every API service")
        machine.warn_if_busy("during the mixed load")
    finally:
        set_processes(stack, dict.fromkeys(API, 1))
