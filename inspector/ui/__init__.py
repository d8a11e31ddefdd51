"""The PySide6 desktop interface. No SQL here: pages call services and show plain values."""
