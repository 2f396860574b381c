"""Azure Blob Storage through azure-storage-blob (``labelcore-storages[azure]``).

Credentials are an account name with its key (and, off Azure's public cloud,
the account's blob endpoint URL), or a connection string, which names its
own endpoint. The SDK sends through the
core's guarded session, and the endpoint is checked again when the storage
is built. Read URLs for the browser are SAS URLs signed with the account key.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlsplit

from marshmallow import Schema, fields

from labelcore import (
    OutboundRefused,
    StorageConnector,
    StorageError,
    StorageStream,
    check_url,
    guarded_session,
    outbound_policy,
)
from labelcore_storages.connectors.sdk import require_sdk, safe_code

log = logging.getLogger(__name__)

CHUNK = 256 * 1024
CREDENTIAL_CODES = {
    "AuthenticationFailed",
    "AuthorizationFailure",
    "InvalidAuthenticationInfo",
    "NoAuthenticationInformation",
}


class AzureSettings(Schema):
    container = fields.String(required=True)
    account_name = fields.String(load_default=None, allow_none=True)
    account_url = fields.String(load_default=None, allow_none=True)
    """The blob endpoint for an account name and key; default: Azure's public
    one. A connection string names its own."""
    account_key = fields.String(load_default=None, allow_none=True)
    connection_string = fields.String(load_default=None, allow_none=True)


AZURE_SECRETS = ("account_key", "connection_string")


class AzureConnector(StorageConnector):
    def __init__(self, config, secrets, server):
        super().__init__(config, secrets, server)
        blob = require_sdk("azure.storage.blob", "azure")
        from azure.core.pipeline.transport import RequestsTransport

        self.container_name = config["container"]
        policy = outbound_policy(server)
        transport = RequestsTransport(
            session=guarded_session(policy),
            session_owner=False,
            connection_timeout=10,
            read_timeout=60,
        )
        self.service = self._service(blob, transport)
        try:
            check_url(self.service.url, policy)
        except OutboundRefused as error:
            raise StorageError(f"The Azure blob endpoint is refused: {error}") from None
        self.container = self.service.get_container_client(self.container_name)

    def _service(self, blob, transport):
        connection_string = self.secrets.get("connection_string")
        if connection_string:
            try:
                return blob.BlobServiceClient.from_connection_string(
                    connection_string, transport=transport
                )
            except ValueError:
                raise StorageError(
                    "The Azure connection string is malformed; copy it again "
                    "from the storage account's Access keys page."
                ) from None

        name = self.config.get("account_name")
        key = self.secrets.get("account_key")
        if not name or not key:
            raise StorageError(
                "An Azure storage needs an account name with its account key, or "
                "a connection string; give one of the two."
            )
        account_url = self.config.get("account_url") or (
            f"https://{quote(name)}.blob.core.windows.net"
        )
        try:
            return blob.BlobServiceClient(
                account_url=account_url,
                credential={"account_name": name, "account_key": key},
                transport=transport,
            )
        except ValueError:
            raise StorageError(
                f"The Azure account URL {account_url!r} is not usable; give the "
                f"blob endpoint as https://<account>.blob.core.windows.net."
            ) from None

    def _fail(self, error: Exception, key: str | None = None) -> StorageError:
        from azure.core import exceptions as azure_exceptions

        name = self.container_name
        if isinstance(error, OutboundRefused):
            return StorageError(f"The Azure blob endpoint is refused: {error}")
        if isinstance(error, azure_exceptions.HttpResponseError):
            code = safe_code(getattr(error, "error_code", None))
            status = error.status_code
            log.info("Azure container %r answered %s (%s)", name, status, code)
            if code in CREDENTIAL_CODES or isinstance(
                error, azure_exceptions.ClientAuthenticationError
            ):
                return StorageError(
                    f"Azure refused the credentials for container {name!r} "
                    f"({code or status}); check the account name and key, or "
                    f"the connection string."
                )
            if code == "ContainerNotFound" or (status == 404 and key is None):
                return StorageError(
                    f"The Azure container {name!r} does not exist; check its "
                    f"name and the account."
                )
            if status == 404:
                return StorageError(f"The blob {key!r} is not in container {name!r}.")
            if status == 403:
                return StorageError(
                    f"Azure denied access to container {name!r}; give these "
                    f"credentials read (and write, delete for export) rights."
                )
            return StorageError(
                f"Azure container {name!r} answered HTTP {status} "
                f"({code or 'no code'}); check the storage's settings."
            )
        if isinstance(error, StorageError):
            return error
        return StorageError(
            f"Cannot reach Azure for container {name!r}: {type(error).__name__}; "
            f"check the endpoint and the network."
        )

    def check(self) -> None:
        try:
            next(iter(self.container.list_blobs(results_per_page=1)), None)
        except Exception as error:
            raise self._fail(error) from None

    def iter_keys(self, prefix: str, recursive: bool) -> Iterator[str]:
        try:
            if recursive:
                listing = self.container.list_blobs(name_starts_with=prefix or None)
            else:
                listing = self.container.walk_blobs(
                    name_starts_with=prefix or None, delimiter="/"
                )
            for item in listing:
                # walk_blobs yields the folders too, as BlobPrefix items.
                if getattr(item, "prefix", None) is None and not item.name.endswith(
                    "/"
                ):
                    yield item.name
        except Exception as error:
            raise self._fail(error) from None

    def open(self, key: str) -> StorageStream:
        try:
            downloader = self.container.download_blob(key)
        except Exception as error:
            raise self._fail(error, key) from None

        def chunks() -> Iterator[bytes]:
            try:
                yield from downloader.chunks()
            except Exception as error:
                raise self._fail(error, key) from None

        settings = downloader.properties.content_settings
        return StorageStream(
            chunks=chunks(), content_type=settings.content_type, size=downloader.size
        )

    def write(self, key: str, data: bytes, content_type: str) -> None:
        from azure.storage.blob import ContentSettings

        try:
            self.container.upload_blob(
                key,
                data,
                overwrite=True,
                content_settings=ContentSettings(content_type=content_type),
            )
        except Exception as error:
            raise self._fail(error, key) from None

    def delete(self, key: str) -> None:
        from azure.core.exceptions import ResourceNotFoundError

        try:
            self.container.delete_blob(key)
        except ResourceNotFoundError:
            return
        except Exception as error:
            raise self._fail(error, key) from None

    def uri(self, key: str) -> str:
        return f"azure-blob://{self.container_name}/{key}"

    def key_for_uri(self, uri: str) -> str | None:
        parts = urlsplit(uri)
        if parts.scheme != "azure-blob" or parts.netloc != self.container_name:
            return None
        return uri[len(f"azure-blob://{self.container_name}/") :] or None

    def presigned_url(self, key: str, ttl_seconds: int) -> str | None:
        from azure.storage.blob import BlobSasPermissions, generate_blob_sas

        credential = self.service.credential
        account_key = getattr(credential, "account_key", None)
        if not account_key:
            return None
        token = generate_blob_sas(
            account_name=credential.account_name,
            container_name=self.container_name,
            blob_name=key,
            account_key=account_key,
            permission=BlobSasPermissions(read=True),
            expiry=datetime.now(UTC) + timedelta(seconds=ttl_seconds),
        )
        return f"{self.container.get_blob_client(key).url}?{token}"
