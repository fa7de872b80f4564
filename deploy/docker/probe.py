"""Health probes for Omnipresence containers: the images' HEALTHCHECK, compose healthchecks and
Kubernetes exec probes all call this one file, so every runtime asks the same question.

    python /opt/omni/probe.py http [PATH]   GET PATH (default /healthz) on this container's port
    python /opt/omni/probe.py celery        this container's Celery worker answers a ping

Exit status 0 means healthy. The slim images carry no curl, hence Python; the HTTP probe uses only
the standard library so it costs little more than starting the interpreter.
"""

from __future__ import annotations

import os
import socket
import sys
import urllib.error
import urllib.request

TIMEOUT = float(os.environ.get("OMNI_PROBE_TIMEOUT", "3"))


def probe_http(path: str = "/healthz") -> int:
    port = os.environ.get("OMNI_HTTP_PORT", "8000")
    url = f"http://127.0.0.1:{port}{path}"
    # No proxy: an HTTP_PROXY set for outgoing calls must not swallow a loopback probe.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=TIMEOUT) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError as exc:
        print(f"{url}: {exc}", file=sys.stderr)
        return 1
    if 200 <= status < 300:
        return 0
    print(f"{url}: HTTP {status}", file=sys.stderr)
    return 1


def probe_celery() -> int:
    """Ping over the broker and look for a reply from a worker on this host.

    Every worker answers a broadcast ping whatever its queue or node name prefix, and a node name
    ends with ``@<hostname>`` (Celery's ``%h``), which inside a container or pod is this one's.
    So the probe needs neither the service's Celery module nor the node name it chose: only the
    broker URL. A worker that is alive but wedged (its consumer no longer reading) does not answer.
    """
    from celery import Celery

    broker = os.environ.get("OMNI_REDIS_URL")
    if not broker:
        print("OMNI_REDIS_URL is not set", file=sys.stderr)
        return 1
    host = socket.gethostname()
    app = Celery("omni-probe", broker=broker)
    # A probe asks once: a broker that does not answer is a failed probe, not a reason to retry.
    app.conf.broker_transport_options = {"max_retries": 0, "socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT}
    try:
        replies = app.control.ping(timeout=TIMEOUT)
    except Exception as exc:  # the broker itself is unreachable
        print(f"ping through {broker.split('@')[-1]}: {exc}", file=sys.stderr)
        return 1
    finally:
        app.close()
    nodes = [node for reply in replies for node in reply]
    if any(node.rpartition("@")[2] == host for node in nodes):
        return 0
    print(f"no worker on {host} answered (answered: {', '.join(nodes) or 'none'})", file=sys.stderr)
    return 1


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "http" and len(argv) <= 2:
        return probe_http(*argv[1:])
    if argv == ["celery"]:
        return probe_celery()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
