"""The client's address behind trusted proxies (SPEC §3.2: X-Forwarded-For only from a trusted proxy).

Trusted proxies are given as addresses or CIDR networks (``10.0.0.0/8``, ``::1``). The address is
read from the right of ``X-Forwarded-For``: each proxy appends the peer it saw, so the first entry
from the right that is not itself a trusted proxy is the client. Entries further left were written
by the client and prove nothing.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """``["127.0.0.1", "10.0.0.0/8"]`` → networks; a bad entry raises ValueError naming it."""
    networks = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ValueError(f"not an IP address or network: {value!r}") from None
    return tuple(networks)


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [::1]:8080
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:51234
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=4096)
def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    ip = _ip(address)
    return ip is not None and any(ip.version == n.version and ip in n for n in networks)


def client_address(peer: str | None, forwarded_for: str | None, trusted: tuple[Network, ...]) -> str | None:
    """The client's address: the peer itself, unless the peer is a trusted proxy."""
    if not peer or not forwarded_for or not _trusted(peer, trusted):
        return peer
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        ip = _ip(hop)
        if ip is None:
            break  # garbage: trust nothing further left
        if not _trusted(str(ip), trusted):
            return str(ip)
    # Every hop was a trusted proxy (or the header was garbage): the leftmost sane one is the best guess.
    for hop in hops:
        ip = _ip(hop)
        if ip is not None:
            return str(ip)
    return peer
