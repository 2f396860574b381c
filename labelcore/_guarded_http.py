"""urllib3 connections that check the peer address once connected."""

from __future__ import annotations

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from labelcore.outbound import check_address


def _guard(connection, policy) -> None:
    address = connection.sock.getpeername()[0]
    try:
        check_address(policy, connection.host, connection.port, address)
    except Exception:
        connection.sock.close()
        raise


class _GuardedHTTPConnection(HTTPConnection):
    policy = None

    def connect(self):
        super().connect()
        _guard(self, self.policy)


class _GuardedHTTPSConnection(HTTPSConnection):
    policy = None

    def connect(self):
        # Check the peer before the TLS handshake sends anything to it.
        self.sock = self._new_conn()
        _guard(self, self.policy)
        self._connect_tls()

    def _connect_tls(self):
        sock = self.sock
        self._new_conn = lambda: sock
        try:
            super().connect()
        finally:
            del self._new_conn


class GuardedAdapter(HTTPAdapter):
    def __init__(self, policy, **kwargs):
        self.policy = policy
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        policy = self.policy
        http_connection = type(
            "PolicyHTTPConnection", (_GuardedHTTPConnection,), {"policy": policy}
        )
        https_connection = type(
            "PolicyHTTPSConnection", (_GuardedHTTPSConnection,), {"policy": policy}
        )
        self.poolmanager.pool_classes_by_scheme = {
            "http": type(
                "PolicyHTTPPool",
                (HTTPConnectionPool,),
                {"ConnectionCls": http_connection},
            ),
            "https": type(
                "PolicyHTTPSPool",
                (HTTPSConnectionPool,),
                {"ConnectionCls": https_connection},
            ),
        }
        self.poolmanager.key_fn_by_scheme = dict(self.poolmanager.key_fn_by_scheme)
