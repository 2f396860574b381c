"""Cloud SDKs are optional extras, imported when a storage is first used."""

from __future__ import annotations

import importlib
import re
from types import ModuleType

from labelcore import StorageError

SAFE_CODE = re.compile(r"[A-Za-z0-9._-]{1,64}")


def require_sdk(module: str, extra: str) -> ModuleType:
    """Import ``module``, or say which extra of the plugin installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise StorageError(
            f"This storage needs the Python package {module!r}, which is not "
            f"installed. Install it with `pip install 'labelcore-storages[{extra}]'`."
        ) from None


def safe_code(code: object) -> str:
    """A provider's error code, if it looks like one; never free text from it."""
    text = str(getattr(code, "value", code) or "")
    return text if SAFE_CODE.fullmatch(text) else ""
