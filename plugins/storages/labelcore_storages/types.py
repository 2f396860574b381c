"""The storage types this plugin contributes: local files, S3, GCS and Azure."""

from __future__ import annotations

from labelcore import StorageType
from labelcore_storages.connectors.azure import (
    AZURE_SECRETS,
    AzureConnector,
    AzureSettings,
)
from labelcore_storages.connectors.gcs import GCS_SECRETS, GCSConnector, GCSSettings
from labelcore_storages.connectors.local import (
    LocalFilesConnector,
    LocalFilesSettings,
)
from labelcore_storages.connectors.s3 import S3_SECRETS, S3Connector, S3Settings

STORAGE_TYPES = [
    StorageType(
        name="localfiles",
        title="Local files",
        connector=LocalFilesConnector,
        settings_schema=LocalFilesSettings,
    ),
    StorageType(
        name="s3",
        title="Amazon S3",
        connector=S3Connector,
        settings_schema=S3Settings,
        secret_fields=S3_SECRETS,
        url_schemes=("s3",),
    ),
    StorageType(
        name="gcs",
        title="Google Cloud Storage",
        connector=GCSConnector,
        settings_schema=GCSSettings,
        secret_fields=GCS_SECRETS,
        url_schemes=("gs",),
    ),
    StorageType(
        name="azure",
        title="Azure Blob Storage",
        connector=AzureConnector,
        settings_schema=AzureSettings,
        secret_fields=AZURE_SECRETS,
        url_schemes=("azure-blob",),
    ),
]
