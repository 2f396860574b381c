"""Import from a URL: fetched through the outbound guard, size-limited.

Loopback, private, link-local and metadata addresses are refused, also
after a redirect, unless ``LABELCORE_OUTBOUND_ALLOW`` lists them; a file
larger than ``LABELCORE_MAX_UPLOAD_BYTES`` is refused with 413 as soon as
its size is known.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from labelcore.imports.sources import (
    COPY_CHUNK,
    ImportRequestError,
    MediaStore,
    Source,
    named_source,
    spool,
)
from labelcore.outbound import OutboundRefused, check_url, guarded_session

TIMEOUT = (10, 60)
"""Seconds to connect, and between two bytes of the answer."""


def source_from_url(
    url: str, settings, importers, folder: Path, media: MediaStore | None
) -> Source:
    """Download ``url`` into ``folder`` and name its importer."""
    from labelcore.outbound import outbound_policy

    policy = outbound_policy(settings)
    try:
        check_url(url, policy)
        with (
            guarded_session(policy) as session,
            session.get(
                url, stream=True, timeout=TIMEOUT, allow_redirects=True
            ) as response,
        ):
            if response.status_code >= 400:
                raise ImportRequestError(
                    "url",
                    f"{url} answered {response.status_code} "
                    f"{response.reason or ''}".rstrip()
                    + "; check the address, or download the file and upload it.",
                )
            limit = settings.max_upload_bytes
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > limit:
                raise ImportRequestError(
                    "url",
                    f"{url} is {int(length):,} bytes, more than the {limit:,} this "
                    f"server accepts (LABELCORE_MAX_UPLOAD_BYTES).",
                    status=413,
                )
            path, head = spool(response.iter_content(COPY_CHUNK), folder, limit)
            media_type = response.headers.get("Content-Type", "").split(";")[0]
            final_url = response.url or url
    except OutboundRefused as error:
        raise ImportRequestError("url", str(error)) from None
    except ImportRequestError:
        raise
    except Exception as error:
        raise ImportRequestError(
            "url", f"Could not download {url}: {type(error).__name__}: {error}."
        ) from None

    name = PurePosixPath(unquote(urlsplit(final_url).path)).name
    return named_source(path, head, name, media_type.strip(), importers, media)
