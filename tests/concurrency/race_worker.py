"""One of two processes racing on one database: waits for the common start time, does its
part, prints one JSON line (what succeeded, what failed and how)."""

from __future__ import annotations

import json
import sys
import time
from datetime import date


def main() -> None:
    root, url, scenario, start, part = sys.argv[1:6]
    sys.path.insert(0, root)
    from inspector.services import decisions, payments
    from inspector.services import establishments as est
    from inspector.services.actor import Actor, local_operator
    from inspector.services.users import authenticate
    from inspector.store.engine import open_database

    db = open_database(url, upgrade=False)
    chief = Actor(login="test-chief", role="chief", full_name="Người thử chief", device="race")
    items = json.loads(part)
    while time.time() < float(start):
        time.sleep(0.001)
    done: list[object] = []
    failed: list[str] = []
    for item in items:
        try:
            if scenario == "decisions":
                import uuid

                done.append(decisions.issue_decision(db, chief, uuid.UUID(item),
                                                     date(2026, 9, 10)).number)
            elif scenario == "logins":
                authenticate(db, item, "Mat-khau-1!")
                done.append(item)
            elif scenario == "adds":
                est.add_establishment(db, local_operator(), est.EstablishmentInput(
                    sector="internet", name=item, owner_kind="organization"))
                done.append(item)
            elif scenario == "payments":
                payments.add_payment(db, chief, int(item), 2026, 500_000, date(2026, 9, 15),
                                     f"BL-{item}-{time.time_ns()}")
                done.append(item)
        except Exception as exc:  # reported to the test, which fails on any
            failed.append(f"{type(exc).__name__}: {getattr(exc, 'en', exc)}")
    db.dispose()
    print(json.dumps({"done": done, "failed": failed}))


if __name__ == "__main__":
    main()
