"""Logging to a rotating file in the user's log directory.

Inspectors are not there when a bug is reported; the log with its tracebacks is what the
maintainer gets. Passwords never reach it: services log logins, not credentials.
"""

from __future__ import annotations

import logging
import logging.handlers

from inspector import paths

LOG_FILE_NAME = "inspector.log"
_configured = False


def setup_logging(level: int = logging.INFO) -> None:
    """Attach the rotating file handler once per process (the temporary folder if the log
    folder refuses)."""
    global _configured
    if _configured:
        return
    root = logging.getLogger()
    root.setLevel(level)
    try:
        directory = paths.log_dir()
        directory.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            directory / LOG_FILE_NAME, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        # The log folder refuses (read-only, full): the temporary folder, else nowhere. Never
        # stderr, where a traceback would break the command line's one-line messages.
        import os
        import tempfile

        try:
            fallback = os.path.join(tempfile.gettempdir(), f"inspector-{os.getuid()}.log"
                                    if hasattr(os, "getuid") else "inspector.log")
            handler = logging.handlers.RotatingFileHandler(
                fallback, maxBytes=2_000_000, backupCount=1, encoding="utf-8")
        except OSError:
            handler = logging.NullHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    root.addHandler(handler)
    _configured = True
