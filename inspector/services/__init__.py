"""Use cases. They own transactions and permission checks; the GUI, the CLI and tests call them.

Services take and return plain values (frozen dataclasses), never ORM objects, so nothing
detached leaks into a window after its session has closed.
"""
