"""Where a webhook may be sent (SPEC §4.8, §6.2): never to loopback, private, link-local, multicast,
reserved or cloud-metadata addresses — checked when a target is saved and again at every delivery,
and the delivery connects to the very address that was checked (no DNS rebinding in between).

`PRESENCE_WEBHOOK_TEST_HOSTS` maps a few names to loopback addresses for development and the tests
(`receiver.test=127.0.0.1`): only those names skip the check, never an IP literal or `localhost`,
and never in production.
"""

from __future__ import annotations

import ipaddress
import socket
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as ResolveTimeout
from dataclasses import dataclass
from urllib.parse import urlsplit

_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="webhook-dns")


class Refused(Exception):
    """A URL a webhook may not be sent to, and why, in words for people."""


class Unresolved(Exception):
    """The name could not be resolved just now (it is checked again at delivery)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the checked address the delivery connects to


def _allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_private)


def parse(url: str, *, https_only: bool) -> tuple[str, str, int, str]:
    """(scheme, host, port, path and query) of a URL a webhook may name; Refused otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused("That is not a URL.") from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise Refused("The URL must start with https:// and name a host.")
    if https_only and parts.scheme != "https":
        raise Refused("The URL must use https.")
    if parts.username or parts.password:
        raise Refused("The URL may not carry a user name or password.")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname.lower(), port or (443 if parts.scheme == "https" else 80), path


def resolve(host: str, port: int, timeout: float) -> list[str]:
    """Every address the name resolves to (within ``timeout`` seconds)."""
    try:
        infos = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM).result(timeout)
    except (ResolveTimeout, socket.gaierror, UnicodeError) as exc:
        raise Unresolved(f"{host} cannot be resolved: {exc}") from None
    return list(dict.fromkeys(info[4][0] for info in infos))


def check(url: str, *, https_only: bool, test_hosts: dict[str, str], timeout: float = 2.0) -> Target:
    """The address a delivery to ``url`` connects to, once every address the name resolves to is
    allowed; Refused when one is not, Unresolved when the name does not resolve."""
    scheme, host, port, path = parse(url, https_only=https_only)
    if host in test_hosts:
        return Target(scheme, host, port, path, test_hosts[host])
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    addresses = [str(literal)] if literal is not None else resolve(host, port, timeout)
    bad = [a for a in addresses if not _allowed(a)]
    if bad:
        raise Refused(
            f"{host} leads to {bad[0]}, an address inside a network (loopback, private, link-local or metadata): "
            "webhooks go only to public addresses."
        )
    return Target(scheme, host, port, path, addresses[0])
