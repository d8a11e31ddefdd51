"""legal identity: every signer-cap record keyed by its own id

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 01:30:00

Why: the caps were keyed on ``title|valid_from|instrument``; two departments (Sở KH&CN and Sở
VHTTDL) share the title ``director_department``, the instrument and the date, and a title's
publishing and ICT records share them too, so five shipped records were skipped at load (issue 9
§1). The shipped records now carry an ``id`` (instrument, title, department, sectors); this
migration gives the rows already in a database the same id, so that the next start inserts the
records that were lost and matches the others. Rows an administrator added get an id built the
same way (with a suffix if it would clash). No row is deleted.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_AGENCY = {
    "Thông tin và Truyền thông": "TTTT", "Khoa học và Công nghệ": "KHCN",
    "Văn hóa, Thể thao và Du lịch": "VHTTDL", "Tiêu chuẩn Đo lường Chất lượng": "TCDLCL",
}
_GROUPS = {
    frozenset({"internet", "game", "ict_goods", "telecom"}): "ict",
    frozenset({"publishing", "printing", "distribution"}): "publishing",
    frozenset({"internet", "game", "ict_goods", "telecom", "publishing", "printing",
               "distribution"}): "all",
}


def _cap_id(data: dict) -> str:  # type: ignore[type-arg]
    sectors = frozenset(data.get("sectors") or ())
    group = _GROUPS.get(sectors) or ",".join(sorted(sectors))
    parts = [str(data.get("instrument", "")).split("/NĐ")[0], str(data.get("title_code", ""))]
    agency = str(data.get("agency", ""))
    if agency in _AGENCY:
        parts.append(_AGENCY[agency])
    elif agency and agency not in ("tỉnh", "cấp xã", "cấp huyện"):
        parts.append(agency)
    parts.append(group)
    return ":".join(parts)[:190]


_SET_DATA = sa.text("UPDATE ref_signer_caps SET data = :d WHERE id = :i").bindparams(
    sa.bindparam("d", type_=sa.JSON))


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, natural_key, data FROM ref_signer_caps")).all()
    taken: set[str] = set()
    renamed: list[tuple[object, str]] = []
    for row_id, _old, raw in rows:
        data = json.loads(raw) if isinstance(raw, str) else dict(raw)
        new = data.get("id") or _cap_id(data)
        base, n = new, 2
        while new in taken:
            new, n = f"{base}#{n}", n + 1
        taken.add(new)
        data["id"] = new
        # A placeholder first: the new id may be another row's old key.
        bind.execute(sa.text("UPDATE ref_signer_caps SET natural_key = :k WHERE id = :i"),
                     {"k": f"~{row_id}", "i": row_id})
        bind.execute(_SET_DATA, {"d": data, "i": row_id})
        renamed.append((row_id, new))
    for row_id, new in renamed:
        bind.execute(sa.text("UPDATE ref_signer_caps SET natural_key = :k WHERE id = :i"),
                     {"k": new, "i": row_id})


def downgrade() -> None:
    bind = op.get_bind()
    for row_id, raw in bind.execute(sa.text("SELECT id, data FROM ref_signer_caps")).all():
        data = json.loads(raw) if isinstance(raw, str) else dict(raw)
        old = f"{data.get('title_code')}|{data.get('valid_from')}|{data.get('instrument')}"
        bind.execute(sa.text("UPDATE ref_signer_caps SET natural_key = :k WHERE id = :i"),
                     {"k": f"{old}|{data.get('id', '')}"[:200], "i": row_id})
