"""Amazon S3 and S3-compatible servers, through boto3 (``labelcore-storages[s3]``).

Every request boto3 makes is sent through the core's guarded session, so a
custom endpoint that is private, loopback or a metadata address is refused
at connect time unless ``LABELCORE_OUTBOUND_ALLOW`` lists it. Without an
access key the client signs nothing (public buckets only): it never falls
back to the server's own AWS credentials. With a session token nothing is
presigned, since the URL would carry the token to the browser.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import urlsplit

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
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "InvalidToken",
    "TokenRefreshRequired",
    "AuthorizationHeaderMalformed",
}


class S3Settings(Schema):
    bucket = fields.String(required=True)
    region_name = fields.String(load_default=None, allow_none=True)
    s3_endpoint = fields.String(load_default=None, allow_none=True)
    aws_sse_kms_key_id = fields.String(load_default=None, allow_none=True)
    aws_access_key_id = fields.String(load_default=None, allow_none=True)
    aws_secret_access_key = fields.String(load_default=None, allow_none=True)
    aws_session_token = fields.String(load_default=None, allow_none=True)


S3_SECRETS = ("aws_access_key_id", "aws_secret_access_key", "aws_session_token")


def _guarded_sender(session):
    """A botocore ``before-send`` handler that sends through ``session``."""
    from botocore.awsrequest import AWSResponse

    def send(request, **_):
        answer = session.request(
            request.method,
            request.url,
            headers=dict(request.headers.items()),
            data=request.body,
            stream=True,
            allow_redirects=False,
            timeout=(10, 60),
        )
        return AWSResponse(request.url, answer.status_code, answer.headers, answer.raw)

    return send


class S3Connector(StorageConnector):
    def __init__(self, config, secrets, server):
        super().__init__(config, secrets, server)
        self.bucket = config["bucket"]
        self.endpoint = config.get("s3_endpoint") or None
        policy = outbound_policy(server)
        if self.endpoint:
            try:
                check_url(self.endpoint, policy)
            except OutboundRefused as error:
                raise StorageError(f"The S3 endpoint is refused: {error}") from None
        try:
            self.client = self._client(policy)
        except StorageError:
            raise
        except Exception as error:
            raise StorageError(
                f"The S3 settings of bucket {self.bucket!r} cannot be used "
                f"({type(error).__name__}); check the endpoint URL and the region."
            ) from None

    def _client(self, policy):
        boto3 = require_sdk("boto3", "s3")
        from botocore import UNSIGNED
        from botocore.config import Config

        signed = bool(self.secrets.get("aws_access_key_id"))
        config = Config(
            signature_version="s3v4" if signed else UNSIGNED,
            retries={"max_attempts": 2, "mode": "standard"},
            s3={"addressing_style": "path"} if self.endpoint else {},
        )
        session = boto3.session.Session(
            aws_access_key_id=self.secrets.get("aws_access_key_id") or None,
            aws_secret_access_key=self.secrets.get("aws_secret_access_key") or None,
            aws_session_token=self.secrets.get("aws_session_token") or None,
            region_name=self.config.get("region_name") or "us-east-1",
        )
        client = session.client("s3", endpoint_url=self.endpoint, config=config)
        client.meta.events.register(
            "before-send.s3", _guarded_sender(guarded_session(policy))
        )
        self.signed = signed
        return client

    def _fail(self, error: Exception, key: str | None = None) -> StorageError:
        return StorageError(self._explain(error, key))

    def _explain(self, error: Exception, key: str | None) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        if isinstance(error, OutboundRefused):
            return f"The S3 endpoint is refused: {error}"
        if isinstance(error, ClientError):
            code = safe_code(error.response.get("Error", {}).get("Code"))
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            log.info("S3 bucket %r answered %s (%s)", self.bucket, status, code)
            if code in CREDENTIAL_CODES:
                return (
                    f"S3 refused the credentials for bucket {self.bucket!r} "
                    f"({code}); check the access key id, the secret access key "
                    f"and the session token."
                )
            if code in {"NoSuchBucket"}:
                return (
                    f"The S3 bucket {self.bucket!r} does not exist; check its "
                    f"name and the endpoint."
                )
            if code in {"NoSuchKey", "404", "NotFound"}:
                return f"The object {key!r} is not in S3 bucket {self.bucket!r}."
            if code in {"AccessDenied", "403", "AllAccessDisabled"}:
                return (
                    f"S3 denied access to bucket {self.bucket!r} (AccessDenied); "
                    f"grant these credentials s3:ListBucket, s3:GetObject (and "
                    f"s3:PutObject, s3:DeleteObject for export)."
                )
            return (
                f"S3 bucket {self.bucket!r} answered HTTP {status} "
                f"({code or 'no code'}); check the bucket's settings."
            )
        if isinstance(error, BotoCoreError):
            where = self.endpoint or "AWS"
            return (
                f"Cannot reach S3 at {where} for bucket {self.bucket!r}: "
                f"{type(error).__name__}; check the endpoint and the network."
            )
        return (
            f"S3 bucket {self.bucket!r} failed: {type(error).__name__}; check the "
            f"storage's settings."
        )

    def check(self) -> None:
        try:
            self.client.list_objects_v2(Bucket=self.bucket, MaxKeys=1)
        except Exception as error:
            raise self._fail(error) from None

    def iter_keys(self, prefix: str, recursive: bool) -> Iterator[str]:
        arguments = {"Bucket": self.bucket, "Prefix": prefix}
        if not recursive:
            arguments["Delimiter"] = "/"
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(
                **arguments
            ):
                for item in page.get("Contents", ()):
                    if not item["Key"].endswith("/"):
                        yield item["Key"]
        except Exception as error:
            raise self._fail(error) from None

    def open(self, key: str) -> StorageStream:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=key)
        except Exception as error:
            raise self._fail(error, key) from None
        body = answer["Body"]
        return StorageStream(
            chunks=body.iter_chunks(CHUNK),
            content_type=answer.get("ContentType"),
            size=answer.get("ContentLength"),
            close=body.close,
        )

    def write(self, key: str, data: bytes, content_type: str) -> None:
        arguments = {
            "Bucket": self.bucket,
            "Key": key,
            "Body": data,
            "ContentType": content_type,
        }
        if self.config.get("aws_sse_kms_key_id"):
            arguments["ServerSideEncryption"] = "aws:kms"
            arguments["SSEKMSKeyId"] = self.config["aws_sse_kms_key_id"]
        try:
            self.client.put_object(**arguments)
        except Exception as error:
            raise self._fail(error, key) from None

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key)
        except Exception as error:
            raise self._fail(error, key) from None

    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{key}"

    def key_for_uri(self, uri: str) -> str | None:
        parts = urlsplit(uri)
        if parts.scheme != "s3" or parts.netloc != self.bucket:
            return None
        return uri[len(f"s3://{self.bucket}/") :] or None

    def presigned_url(self, key: str, ttl_seconds: int) -> str | None:
        # A URL signed with temporary credentials carries the session token
        # in its query, and credentials never leave the server: those objects
        # are streamed instead.
        if not self.signed or self.secrets.get("aws_session_token"):
            return None
        try:
            return self.client.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket, "Key": key},
                ExpiresIn=ttl_seconds,
            )
        except Exception as error:
            raise self._fail(error, key) from None
