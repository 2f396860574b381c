"""The settings every storage has, whatever its provider.

Label Studio's names and defaults, so that its clients' request bodies load
as they are; unknown fields (``synchronizable``, ``status``, ...) are
ignored. ``presign_ttl`` is in minutes, as there.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

MAX_PRESIGN_MINUTES = 7 * 24 * 60
"""The longest an S3 presigned URL may live; the other providers allow it too."""


class StorageFields(Schema):
    project = fields.Integer(load_default=None, allow_none=True)
    title = fields.String(load_default="", allow_none=True)
    description = fields.String(load_default="", allow_none=True)
    prefix = fields.String(load_default="", allow_none=True)
    regex_filter = fields.String(load_default=None, allow_none=True)
    use_blob_urls = fields.Boolean(load_default=False, allow_none=True)


class ImportFields(StorageFields):
    presign = fields.Boolean(load_default=True, allow_none=True)
    presign_ttl = fields.Integer(
        load_default=1,
        allow_none=True,
        validate=validate.Range(min=1, max=MAX_PRESIGN_MINUTES),
    )
    recursive_scan = fields.Boolean(load_default=False, allow_none=True)
    data_key = fields.String(load_default=None, allow_none=True)
    """The task data key a media object goes to; default: the config's first
    object tag's key."""


class ExportFields(StorageFields):
    can_delete_objects = fields.Boolean(load_default=False, allow_none=True)
    one_object_per = fields.String(
        load_default="annotation",
        allow_none=True,
        validate=validate.OneOf(["annotation", "task"]),
    )
    """``annotation``: ``<prefix>/<annotation id>.json`` holds the task with that
    annotation; ``task``: ``<prefix>/<task id>.json`` the task with all of them."""


COMMON_FIELDS = {"import": ImportFields, "export": ExportFields}
UNCHANGEABLE = {"project"}
DESCRIPTIVE = {"title", "description"}
