"""Google Cloud Storage through google-cloud-storage (``labelcore-storages[gcs]``).

Credentials are a service account's JSON key. Every request, the token
refresh included (a key names its own token URI), goes through the core's
guarded session. Without a key the client is anonymous (public buckets, or
an emulator that ``STORAGE_EMULATOR_HOST`` names). Signed URLs need the
key's private key; without one the server streams the objects.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit

from marshmallow import Schema, fields

from labelcore import (
    OutboundRefused,
    StorageConnector,
    StorageError,
    StorageStream,
    guarded_session,
    outbound_policy,
)
from labelcore_storages.connectors.sdk import require_sdk

log = logging.getLogger(__name__)

CHUNK = 256 * 1024
TIMEOUT = (10, 60)
RETRY_SECONDS = 30
"""How long one call keeps retrying (a token URI that does not answer, a
flaky network) before the storage reports it cannot be reached."""
SCOPE = "https://www.googleapis.com/auth/devstorage.read_write"


class GCSSettings(Schema):
    bucket = fields.String(required=True)
    google_project_id = fields.String(load_default=None, allow_none=True)
    google_application_credentials = fields.String(load_default=None, allow_none=True)


GCS_SECRETS = ("google_application_credentials",)


def _service_account(text: str):
    try:
        info = json.loads(text)
    except ValueError:
        raise StorageError(
            "The Google service-account key (google_application_credentials) is "
            "not valid JSON; paste the whole key file as Google gave it."
        ) from None
    if not isinstance(info, dict):
        raise StorageError(
            "The Google service-account key (google_application_credentials) "
            "must be a JSON object; paste the whole key file as Google gave it."
        )

    from google.oauth2 import service_account

    try:
        credentials = service_account.Credentials.from_service_account_info(
            info, scopes=[SCOPE]
        )
    except (ValueError, KeyError, TypeError):
        raise StorageError(
            "The Google service-account key (google_application_credentials) "
            "lacks fields a key has (client_email, private_key, token_uri); "
            "create a new JSON key for the service account."
        ) from None
    return credentials, info


class GCSConnector(StorageConnector):
    def __init__(self, config, secrets, server):
        super().__init__(config, secrets, server)
        storage = require_sdk("google.cloud.storage", "gcs")
        self.bucket_name = config["bucket"]
        self.signer = None
        policy = outbound_policy(server)
        key = secrets.get("google_application_credentials")
        project = config.get("google_project_id")
        if key:
            from google.auth.transport.requests import AuthorizedSession, Request

            credentials, info = _service_account(key)
            session = AuthorizedSession(
                credentials, auth_request=Request(session=guarded_session(policy))
            )
            _guard_all(session, policy)
            self.signer = credentials
            project = project or info.get("project_id")
        else:
            from google.auth.credentials import AnonymousCredentials

            credentials = AnonymousCredentials()
            session = guarded_session(policy)
        try:
            self.client = storage.Client(
                project=project or "labelcore", credentials=credentials, _http=session
            )
        except Exception as error:
            raise StorageError(
                f"The Google Cloud Storage settings of bucket {self.bucket_name!r} "
                f"cannot be used ({type(error).__name__}); check the project id."
            ) from None
        self.bucket = self.client.bucket(self.bucket_name)
        self.calls = {"retry": _retry(), "timeout": TIMEOUT}

    def _fail(self, error: Exception, key: str | None = None) -> StorageError:
        from google.api_core import exceptions as api_exceptions
        from google.auth import exceptions as auth_exceptions

        name = self.bucket_name
        if isinstance(error, StorageError):
            return error
        if isinstance(error, OutboundRefused):
            return StorageError(f"Google Cloud Storage is refused: {error}")
        if isinstance(
            error, (api_exceptions.Unauthorized, auth_exceptions.GoogleAuthError)
        ):
            return StorageError(
                f"Google Cloud Storage refused the credentials for bucket "
                f"{name!r}; check the service-account key."
            )
        if isinstance(error, api_exceptions.Forbidden):
            return StorageError(
                f"Google Cloud Storage denied access to bucket {name!r}; give the "
                f"service account the Storage Object Viewer role (Object Admin "
                f"for export)."
            )
        if isinstance(error, api_exceptions.NotFound):
            if key is None:
                return StorageError(
                    f"The Google Cloud Storage bucket {name!r} does not exist; "
                    f"check its name and project."
                )
            return StorageError(f"The object {key!r} is not in bucket {name!r}.")
        if isinstance(error, api_exceptions.GoogleAPICallError):
            log.info("GCS bucket %r answered %s", name, error.code)
            return StorageError(
                f"Google Cloud Storage bucket {name!r} answered HTTP {error.code}; "
                f"check the bucket's settings."
            )
        return StorageError(
            f"Cannot reach Google Cloud Storage for bucket {name!r}: "
            f"{type(error).__name__}; check the network."
        )

    def check(self) -> None:
        try:
            blobs = self.client.list_blobs(
                self.bucket_name, max_results=1, **self.calls
            )
            next(iter(blobs), None)
        except Exception as error:
            raise self._fail(error) from None

    def iter_keys(self, prefix: str, recursive: bool) -> Iterator[str]:
        try:
            blobs = self.client.list_blobs(
                self.bucket_name,
                prefix=prefix or None,
                delimiter=None if recursive else "/",
                **self.calls,
            )
            for blob in blobs:
                if not blob.name.endswith("/"):
                    yield blob.name
        except Exception as error:
            raise self._fail(error) from None

    def open(self, key: str) -> StorageStream:
        blob = self.bucket.blob(key)
        try:
            handle = blob.open("rb", chunk_size=CHUNK, **self.calls)
        except Exception as error:
            raise self._fail(error, key) from None

        def chunks() -> Iterator[bytes]:
            try:
                yield from iter(lambda: handle.read(CHUNK), b"")
            except Exception as error:
                raise self._fail(error, key) from None

        return StorageStream(
            chunks=chunks(),
            content_type=blob.content_type,
            size=blob.size,
            close=handle.close,
        )

    def write(self, key: str, data: bytes, content_type: str) -> None:
        try:
            self.bucket.blob(key).upload_from_string(
                data, content_type=content_type, **self.calls
            )
        except Exception as error:
            raise self._fail(error, key) from None

    def delete(self, key: str) -> None:
        from google.api_core.exceptions import NotFound

        try:
            self.bucket.blob(key).delete(**self.calls)
        except NotFound:
            return
        except Exception as error:
            raise self._fail(error, key) from None

    def uri(self, key: str) -> str:
        return f"gs://{self.bucket_name}/{key}"

    def key_for_uri(self, uri: str) -> str | None:
        parts = urlsplit(uri)
        if parts.scheme != "gs" or parts.netloc != self.bucket_name:
            return None
        return uri[len(f"gs://{self.bucket_name}/") :] or None

    def presigned_url(self, key: str, ttl_seconds: int) -> str | None:
        if self.signer is None:
            return None
        options = {}
        emulator = os.environ.get("STORAGE_EMULATOR_HOST")
        if emulator:
            options["api_access_endpoint"] = emulator
        try:
            return self.bucket.blob(key).generate_signed_url(
                version="v4",
                expiration=timedelta(seconds=ttl_seconds),
                method="GET",
                credentials=self.signer,
                **options,
            )
        except Exception as error:
            raise self._fail(error, key) from None


def _retry():
    from google.cloud.storage.retry import DEFAULT_RETRY

    return DEFAULT_RETRY.with_timeout(RETRY_SECONDS)


def _guard_all(session, policy) -> None:
    """Mount the guarded adapters of the core on another requests session."""
    guarded = guarded_session(policy)
    for scheme in ("http://", "https://"):
        session.mount(scheme, guarded.get_adapter(scheme))
    session.trust_env = False
