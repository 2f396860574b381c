"""Real storage servers on 127.0.0.1 for the storage plugin's tests.

moto's S3 server (twice: one open, one that checks credentials), Azurite for
Azure Blob Storage (from npm, installed under plugins/storages/tests-node),
and gcp-storage-emulator for Google Cloud Storage, started in-process. Each
listens on a free port, starts on first use and is stopped by its process id
at the end. A missing one skips its tests, or fails them when CI=true.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.plugins.storages.storage_helpers import IMAGE_CONFIG, s3_client
from tests.support.credentials import ADMIN_TOKEN
from tests.support.ports import free_port, wait_for_port
from tests.support.services import (
    ServiceUnavailable,
    dying_with_us,
    services_required,
    stop_process,
)

REPOSITORY = Path(__file__).resolve().parents[3]
AZURITE = REPOSITORY / "plugins/storages/tests-node/node_modules/.bin/azurite-blob"
AZURITE_ACCOUNT = "devstoreaccount1"
# Azurite's published development key: it opens only the emulator.
AZURITE_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/"
    "K1SZFPTOtr/KBHBeksoGMGw=="
)


def unavailable(message: str):
    if services_required():
        pytest.fail(f"{message} (CI=true requires every test server.)", pytrace=False)
    pytest.skip(message)


class ProcessServer:
    """A server process on a free loopback port, stopped by its pid."""

    def __init__(self, arguments: list[str], port: int, environment=None, cwd=None):
        self.port = port
        # Kept open for the server's whole life, closed in stop().
        self.log = tempfile.TemporaryFile(prefix="labelcore-storage-")  # noqa: SIM115
        self.process = subprocess.Popen(
            arguments,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(environment or {})},
            cwd=cwd,
            preexec_fn=dying_with_us(),
        )
        try:
            wait_for_port(port, 60, self.process)
        except RuntimeError as error:
            self.stop()
            raise ServiceUnavailable(f"{arguments[0]} did not start: {error}") from None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        stop_process(self.process)
        self.log.close()


def _moto(environment=None) -> ProcessServer:
    binary = Path(sys.executable).with_name("moto_server")
    if not binary.exists():
        raise ServiceUnavailable(
            "moto's S3 server is not installed; install it with "
            "`pip install 'moto[server]'`."
        )
    port = free_port()
    return ProcessServer(
        [str(binary), "-H", "127.0.0.1", "-p", str(port)], port, environment
    )


@pytest.fixture(scope="session")
def _moto_server():
    started: dict[str, ProcessServer | ServiceUnavailable] = {}
    yield started
    for server in started.values():
        if isinstance(server, ProcessServer):
            server.stop()


def _lazy(started: dict, name: str, factory):
    if name not in started:
        try:
            started[name] = factory()
        except ServiceUnavailable as error:
            started[name] = error
    found = started[name]
    if isinstance(found, ServiceUnavailable):
        unavailable(str(found))
    return found


@pytest.fixture
def s3_server(_moto_server) -> ProcessServer:
    """moto's S3 server, accepting any credentials (and presigned URLs)."""
    return _lazy(_moto_server, "open", _moto)


@pytest.fixture
def s3_checking_server(_moto_server) -> dict:
    """moto's S3 server with IAM checks on: the endpoint and one valid key."""
    server = _lazy(
        _moto_server,
        "checking",
        lambda: _moto({"INITIAL_NO_AUTH_ACTION_COUNT": "3"}),
    )
    if not hasattr(server, "credentials"):
        import boto3

        iam = boto3.client(
            "iam",
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="bootstrap",
            aws_secret_access_key="bootstrap",
        )
        iam.create_user(UserName="labelcore")
        key = iam.create_access_key(UserName="labelcore")["AccessKey"]
        iam.put_user_policy(
            UserName="labelcore",
            PolicyName="everything",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
                }
            ),
        )
        server.credentials = {
            "aws_access_key_id": key["AccessKeyId"],
            "aws_secret_access_key": key["SecretAccessKey"],
        }
    return {"endpoint": server.url, **server.credentials}


@pytest.fixture
def s3_bucket(s3_server) -> dict:
    """A new, empty bucket on the open moto server, with a client for it."""
    name = f"bucket-{time.monotonic_ns()}"
    client = s3_client(s3_server.url)
    client.create_bucket(Bucket=name)
    return {"name": name, "client": client, "endpoint": s3_server.url}


@pytest.fixture(scope="session")
def _azurite_server():
    started: dict = {}
    yield started
    for server in started.values():
        if isinstance(server, ProcessServer):
            server.stop()
    for folder in started.get("folders", ()):
        shutil.rmtree(folder, ignore_errors=True)


def _start_azurite(started: dict) -> ProcessServer:
    if not AZURITE.exists():
        raise ServiceUnavailable(
            "Azurite is not installed; install it with `npm ci` in "
            "plugins/storages/tests-node."
        )
    if shutil.which("node") is None:
        raise ServiceUnavailable(
            "Node.js is missing, and Azurite needs it; install it with "
            "`apt-get install -y nodejs` (as root)."
        )
    folder = tempfile.mkdtemp(prefix="labelcore-azurite-")
    started.setdefault("folders", []).append(folder)
    port = free_port()
    return ProcessServer(
        [
            str(AZURITE),
            *("--blobHost", "127.0.0.1", "--blobPort", str(port)),
            *("--location", folder, "--skipApiVersionCheck", "--silent"),
            "--loose",
        ],
        port,
    )


@pytest.fixture
def azurite(_azurite_server) -> dict:
    """Azurite's blob service: its endpoint and a connection string for it."""
    server = _lazy(_azurite_server, "server", lambda: _start_azurite(_azurite_server))
    endpoint = f"{server.url}/{AZURITE_ACCOUNT}"
    return {
        "endpoint": endpoint,
        "account_name": AZURITE_ACCOUNT,
        "account_key": AZURITE_KEY,
        "connection_string": (
            f"DefaultEndpointsProtocol=http;AccountName={AZURITE_ACCOUNT};"
            f"AccountKey={AZURITE_KEY};BlobEndpoint={endpoint};"
        ),
    }


@pytest.fixture
def azure_container(azurite) -> dict:
    from azure.storage.blob import BlobServiceClient

    service = BlobServiceClient.from_connection_string(azurite["connection_string"])
    name = f"container-{time.monotonic_ns()}"
    client = service.create_container(name)
    return {**azurite, "name": name, "client": client}


@pytest.fixture(scope="session")
def _gcs_emulator():
    started: dict = {}
    yield started
    server = started.get("server")
    if server is not None and not isinstance(server, ServiceUnavailable):
        server.stop()


def _start_gcs_emulator():
    try:
        from gcp_storage_emulator.server import create_server
    except ImportError:
        raise ServiceUnavailable(
            "gcp-storage-emulator is not installed; install it with "
            "`pip install gcp-storage-emulator`."
        ) from None
    port = free_port()
    server = create_server("127.0.0.1", port, in_memory=True)
    server.start()
    wait_for_port(port, 30)
    server.url = f"http://127.0.0.1:{port}"
    return server


@pytest.fixture
def gcs_emulator(_gcs_emulator, monkeypatch) -> str:
    """The in-process GCS emulator's URL, named in STORAGE_EMULATOR_HOST."""
    server = _lazy(_gcs_emulator, "server", _start_gcs_emulator)
    monkeypatch.setenv("STORAGE_EMULATOR_HOST", server.url)
    return server.url


@pytest.fixture
def gcs_bucket(gcs_emulator) -> dict:
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import storage

    client = storage.Client(
        project="labelcore-test", credentials=AnonymousCredentials()
    )
    name = f"bucket-{time.monotonic_ns()}"
    return {"name": name, "bucket": client.create_bucket(name), "client": client}


class _TokenHandler(BaseHTTPRequestHandler):
    """Google's OAuth token endpoint, as far as a service account needs it."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps(
            {
                "access_token": "emulator-token",
                "expires_in": 3600,
                "token_type": "Bearer",
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *arguments):
        return


@pytest.fixture(scope="session")
def token_endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _TokenHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/token"
    server.shutdown()
    server.server_close()


@pytest.fixture
def service_account_json(token_endpoint) -> str:
    """A service-account key made here: a real RSA key, so URLs can be signed."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return json.dumps(
        {
            "type": "service_account",
            "project_id": "labelcore-test",
            "private_key_id": "test-key",
            "private_key": pem,
            "client_email": "labelcore@labelcore-test.iam.gserviceaccount.com",
            "client_id": "1",
            "token_uri": token_endpoint,
        }
    )


# --- the app ---------------------------------------------------------------


@pytest.fixture
def files_root(tmp_path) -> Path:
    folder = tmp_path / "files-root"
    folder.mkdir()
    return folder


@pytest.fixture
def storage_app(make_app, files_root):
    """An app with every installed plugin, allowed to reach 127.0.0.1 servers,
    with a local-files root."""
    return make_app(outbound_allow=("127.0.0.1",), local_files_root=str(files_root))


@pytest.fixture
def api(storage_app):
    client = storage_app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    return client


@pytest.fixture
def make_project(api):
    def create(config: str = IMAGE_CONFIG, title: str = "Storage test") -> int:
        response = api.post(
            "/api/projects/", json={"title": title, "label_config": config}
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    return create


@pytest.fixture
def wait_for_job(api):
    def wait(job_id: int, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = api.get(f"/api/jobs/{job_id}").get_json()
            if job["state"] in {"finished", "failed", "cancelled"}:
                return job
            time.sleep(0.05)
        raise AssertionError(f"Job {job_id} did not finish in {timeout}s: {job}")

    return wait


@pytest.fixture
def sync(api, wait_for_job):
    """``sync(path)`` starts a sync at ``path`` (``/api/storages/s3/1``) and
    returns the finished job."""

    def run(path: str) -> dict:
        response = api.post(f"{path}/sync")
        assert response.status_code == 202, response.get_json()
        return wait_for_job(response.get_json()["job"]["id"])

    return run


@pytest.fixture
def tasks_of(api):
    """The project's tasks with their data as the sync stored it: bucket URIs,
    where the API answers the browser's resolve paths instead."""
    import sqlalchemy as sa

    from labelcore.models import Task, db

    def read(project_id: int) -> list[dict]:
        body = api.get(f"/api/tasks/?project={project_id}&page_size=1000").get_json()
        with api.application.app_context():
            stored = dict(
                db.session.execute(
                    sa.select(Task.id, Task.data).where(Task.project_id == project_id)
                ).all()
            )
        for task in body["tasks"]:
            task["api_data"], task["data"] = task["data"], stored[task["id"]]
        return body["tasks"]

    return read
