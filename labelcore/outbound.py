"""The one guard every outbound call passes (ML backends, webhooks, storage
endpoints, import from URL).

Loopback, private, link-local, multicast, reserved and cloud metadata
addresses are refused unless ``LABELCORE_OUTBOUND_ALLOW`` lists the host,
the host and port, the address or a range holding it. The address is
checked where the socket actually connects, so a redirect or a DNS answer
that changes between the check and the connection cannot slip past.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

ALLOW_SETTING = "LABELCORE_OUTBOUND_ALLOW"
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("fd00:ec2::254"),
    ipaddress.ip_address("100.100.100.200"),
}


class OutboundRefused(Exception):
    """An outbound call was aimed at an address this server must not reach."""


@dataclass(frozen=True)
class OutboundPolicy:
    hosts: frozenset[str]
    host_ports: frozenset[tuple[str, int]]
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> OutboundPolicy:
        hosts, host_ports, networks = set(), set(), []
        for raw in entries:
            entry = raw.strip().lower()
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            except ValueError:
                pass
            host, _, port = entry.rpartition(":")
            if host and port.isdigit() and not host.endswith("]"):
                host_ports.add((host, int(port)))
            else:
                hosts.add(entry.strip("[]"))
        return cls(frozenset(hosts), frozenset(host_ports), tuple(networks))

    def allows(self, host: str, port: int, address) -> bool:
        host = host.lower().strip("[]")
        if host in self.hosts or (host, port) in self.host_ports:
            return True
        if str(address) in self.hosts or (str(address), port) in self.host_ports:
            return True
        return any(address in network for network in self.networks)


def is_public(address) -> bool:
    """True for a globally routable unicast address that is no metadata service."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    if address in METADATA_ADDRESSES or address.is_multicast:
        return False
    return address.is_global


def check_address(policy: OutboundPolicy, host: str, port: int, address) -> None:
    address = ipaddress.ip_address(address)
    if is_public(address) or policy.allows(host, port, address):
        return
    raise OutboundRefused(
        f"Refusing to connect to {host}:{port} ({address}): it is a private, "
        f"loopback, link-local or metadata address. If this server should reach "
        f"it, add {host!r} (or its address or range) to {ALLOW_SETTING}."
    )


def check_url(url: str, policy: OutboundPolicy) -> None:
    """Resolve ``url``'s host now and refuse it if any address is off limits.

    Use it to validate a URL when it is saved; the connection made later is
    checked again by ``guarded_session``.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise OutboundRefused(
            f"{url!r} is not an http(s) URL with a host; give a URL such as "
            f"https://example.org/path."
        )
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        answers = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise OutboundRefused(f"Cannot resolve {parts.hostname!r}: {error}.") from None
    for *_, sockaddr in answers:
        check_address(policy, parts.hostname, port, sockaddr[0])


def guarded_session(policy: OutboundPolicy):
    """A ``requests.Session`` whose every connection, redirects included, is
    checked at the moment the socket connects."""
    import requests

    from labelcore._guarded_http import GuardedAdapter

    session = requests.Session()
    adapter = GuardedAdapter(policy)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.trust_env = False
    return session


def outbound_policy(settings=None) -> OutboundPolicy:
    """The policy of ``settings``, by default the running app's."""
    if settings is None:
        from flask import current_app

        settings = current_app.extensions["labelcore"].settings
    return OutboundPolicy.from_entries(settings.outbound_allow)
