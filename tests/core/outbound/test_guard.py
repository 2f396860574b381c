"""The outbound guard, against real HTTP servers on loopback addresses."""

from __future__ import annotations

import ipaddress
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from labelcore.outbound import (
    OutboundPolicy,
    OutboundRefused,
    check_url,
    guarded_session,
    is_public,
)


class _Handler(BaseHTTPRequestHandler):
    redirect_to = None

    def do_GET(self):
        if self.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.end_headers()
            return
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, *args):
        pass


def _serve(host: str, redirect_to: str | None = None):
    handler = type("Handler", (_Handler,), {"redirect_to": redirect_to})
    server = ThreadingHTTPServer((host, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def target():
    server = _serve("127.0.0.1")
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
        "224.0.0.1",
    ],
)
def test_private_loopback_link_local_and_metadata_addresses_are_not_public(address):
    assert not is_public(ipaddress.ip_address(address))


def test_a_public_address_is_public():
    assert is_public(ipaddress.ip_address("93.184.216.34"))


def test_loopback_is_refused_with_the_setting_named(target):
    with pytest.raises(OutboundRefused, match="LABELCORE_OUTBOUND_ALLOW"):
        guarded_session(OutboundPolicy.from_entries([])).get(target, timeout=5)
    with pytest.raises(OutboundRefused, match="LABELCORE_OUTBOUND_ALLOW"):
        check_url(target, OutboundPolicy.from_entries([]))


@pytest.mark.parametrize("entry", ["127.0.0.1", "127.0.0.0/8", "host:port"])
def test_an_allowed_host_address_or_range_is_reached(target, entry):
    port = target.rsplit(":", 1)[1].strip("/")
    entry = f"127.0.0.1:{port}" if entry == "host:port" else entry
    response = guarded_session(OutboundPolicy.from_entries([entry])).get(
        target, timeout=5
    )
    assert response.text == "hello"


def test_a_redirect_to_a_refused_address_is_refused(target):
    second = _serve("127.0.0.2", redirect_to=target)
    try:
        first = f"http://127.0.0.2:{second.server_port}/"
        session = guarded_session(OutboundPolicy.from_entries(["127.0.0.2"]))
        with pytest.raises(OutboundRefused, match=r"127\.0\.0\.1"):
            session.get(first, timeout=5)
    finally:
        second.shutdown()


def test_a_url_without_http_scheme_is_refused():
    with pytest.raises(OutboundRefused, match="not an http"):
        check_url("file:///etc/passwd", OutboundPolicy.from_entries([]))
