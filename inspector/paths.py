"""Where the app keeps and finds its files.

One module resolves every path so tests can redirect them and a frozen or pip-installed build
finds the same resources as a source checkout. Data and logs follow platformdirs, so a Windows
field laptop and a Debian desktop each get their native locations.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Inspector"
APP_AUTHOR = "Inspector"
_SOURCE_ROOT = Path(__file__).resolve().parents[1]
_INSTALLED_ROOT = Path(sys.prefix) / "share" / "inspector"


def _project_dir(name: str) -> Path:
    """A top-level project folder (``resources``, ``db``) in a checkout or an installed tree."""
    candidate = _SOURCE_ROOT / name
    if candidate.is_dir():
        return candidate
    return _INSTALLED_ROOT / name


def resources_dir() -> Path:
    return _project_dir("resources")


def migrations_dir() -> Path:
    return _project_dir("db") / "migrations"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def data_dir() -> Path:
    """The user's data directory; ``INSPECTOR_HOME`` overrides it (tests, portable installs)."""
    override = os.environ.get("INSPECTOR_HOME")
    if override:
        return Path(override) / "data"
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, APP_AUTHOR)


def log_dir() -> Path:
    override = os.environ.get("INSPECTOR_HOME")
    if override:
        return Path(override) / "logs"
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, APP_AUTHOR)


def default_database_path() -> Path:
    return data_dir() / "inspector.sqlite"


def backups_dir() -> Path:
    """Where the automatic backups rotate (a folder per installation, beside the data)."""
    return data_dir() / "backups"


def secrets_dir() -> Path:
    """Per-installation secrets (the audit key, the audit anchors): outside the database, so
    whoever edits the database file does not edit them with it. ``INSPECTOR_SECRETS`` moves
    them (a folder the operating-system account of the editors cannot read)."""
    override = os.environ.get("INSPECTOR_SECRETS")
    if override:
        return Path(override)
    home = os.environ.get("INSPECTOR_HOME")
    if home:
        return Path(home) / "secrets"
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, APP_AUTHOR) / "secrets"


def signing_dir() -> Path:
    """The administrator's digital-signature settings (issue 14): ``trust/`` holds the trusted
    root and intermediate certificates and CRLs, ``images/`` the agency's seal and the signers'
    signature images, ``pkcs11-module`` the path of the token's PKCS#11 library.
    ``INSPECTOR_SIGNING`` moves the folder."""
    override = os.environ.get("INSPECTOR_SIGNING")
    if override:
        return Path(override)
    home = os.environ.get("INSPECTOR_HOME")
    if home:
        return Path(home) / "signing"
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, APP_AUTHOR) / "signing"
