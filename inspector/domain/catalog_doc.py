"""Render the reference data as ``docs/catalog.md`` — generated, never typed.

Why this module exists: inspectors and reviewers need to read the catalogue (every
provision with its bracket, party, source and confirmation status) without opening JSON, and
a hand-written copy would drift from the data the engine uses. The document is therefore a
pure function of :class:`inspector.domain.law.Catalog`; a test fails when the committed file
differs from what this module renders.

Usage: ``python -m inspector.domain.catalog_doc [OUT]`` (default ``docs/catalog.md`` of the
source checkout). Output is deterministic: no timestamps, stable ordering.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from inspector.domain.fines import bracket_for
from inspector.domain.law import (
    SECTOR_NAMES_VI,
    SECTORS,
    Catalog,
    Circumstance,
    Instrument,
    Provision,
    SignerCap,
    load_catalog,
)
from inspector.domain.money import format_vnd
from inspector.domain.text import format_date

__all__ = ["default_output_path", "main", "render_catalog_markdown"]

_KIND_VI = {
    "fine": "phạt tiền",
    "warning": "cảnh cáo",
    "warning_or_fine": "cảnh cáo hoặc phạt tiền",
}
_PARTY_VI = {"organization": "tổ chức", "individual": "cá nhân"}
_ADD_VI = {"licence_withdrawal": "Tước GP", "suspension": "Đình chỉ", "confiscation": "Tịch thu"}
_ROLE_VI = {
    "general_law": "luật gốc",
    "amending_law": "luật sửa đổi",
    "implementing_decree": "nghị định hướng dẫn",
    "sanction_decree": "nghị định xử phạt",
    "amending_decree": "nghị định sửa đổi",
    "competence_decree": "nghị định thẩm quyền",
}


def default_output_path() -> Path:
    """``docs/catalog.md`` of the source checkout."""
    return Path(__file__).resolve().parents[2] / "docs" / "catalog.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _money(amount: int | None) -> str:
    return "—" if amount is None else format_vnd(amount, unit=False)


def _range(low: int, high: int) -> str:
    return f"{_money(low)} – {_money(high)}"


def _date(value: date | None) -> str:
    return format_date(value) if value is not None else "—"


def _status(confirmed: bool, unconfirmed: Sequence[str]) -> str:
    if confirmed:
        return "✔ xác nhận"
    return "✘ chưa xác nhận" + (f" ({', '.join(unconfirmed)})" if unconfirmed else "")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _instrument_rows(catalog: Catalog) -> list[list[str]]:
    rows = []
    ordered = sorted(catalog.instruments, key=lambda i: (i.issued_on, i.number))
    for inst in ordered:
        fields = ", ".join(
            f.sector + (f" (đến {_date(f.effective_until)})" if f.effective_until else "")
            for f in inst.fields
        ) or "chung"
        rows.append([
            f"**{inst.number}**",
            _ROLE_VI[inst.role],
            inst.title,
            _date(inst.issued_on),
            _date(inst.effective_from),
            _date(inst.effective_until) if inst.effective_until else "—",
            fields,
            ", ".join(inst.amended_by) or "—",
            _status(inst.confirmed, inst.unconfirmed_fields),
            inst.source,
        ])
    return rows


def _brackets(provision: Provision, multiple: int) -> tuple[str, str, str]:
    if provision.printed_min is None or provision.printed_max is None:
        return "—", "—", "—"
    ind = bracket_for(provision, "individual", multiple=multiple)
    org = bracket_for(provision, "organization", multiple=multiple)
    party = _PARTY_VI[provision.party]
    printed = f"{_range(provision.printed_min, provision.printed_max)} ({party})"
    return printed, _range(ind.minimum, ind.maximum), _range(org.minimum, org.maximum)


def _extras(provision: Provision) -> str:
    parts = []
    for add in provision.additional_sanctions:
        months = f" {add.min_months}–{add.max_months} tháng" if add.min_months is not None else ""
        mark = "" if add.confirmed else " [chưa xác nhận]"
        parts.append(f"{_ADD_VI[add.kind]}{months}{mark}")
    for rem in provision.remedial_measures:
        mark = "" if rem.confirmed else " [chưa xác nhận]"
        parts.append(f"KP: {rem.text}{mark}")
    if provision.tiers:
        rungs = "; ".join(
            f"{t.min_copies}–{t.max_copies if t.max_copies is not None else '…'} bản → "
            f"{t.key.split(':')[1]}{'' if t.confirmed else ' [chưa xác nhận]'}"
            for t in provision.tiers
        )
        parts.append(f"Bậc: {rungs}")
    if provision.counted_per:
        parts.append("Tính theo từng " + ("tên XBP" if provision.counted_per == "title" else "máy"))
    if provision.repeat_sanctioned_once:
        parts.append("Nhiều lần: phạt 1 lần + tăng nặng")
    return "; ".join(parts) or "—"


def _provision_rows(catalog: Catalog, provisions: Sequence[Provision]) -> list[list[str]]:
    rows = []
    for prov in provisions:
        printed, ind, org = _brackets(prov, catalog.organization_multiple)
        start, end = catalog.provision_window(prov)
        window = f"{_date(start)} – {_date(end) if end else 'nay'}"
        limitation = f"{prov.limitation_years} năm" + ("" if prov.limitation_confirmed else " [?]")
        rows.append([
            f"`{prov.key}`",
            prov.description,
            _KIND_VI[prov.sanction_kind],
            printed,
            ind,
            org,
            _extras(prov),
            limitation,
            window,
            _status(prov.confirmed, prov.unconfirmed_fields),
            prov.source,
        ])
    return rows


def _powers(cap: SignerCap) -> str:
    parts = ["cảnh cáo"]
    if cap.confiscation:
        limit = cap.confiscation_max_value
        parts.append("tịch thu" + (f" ≤ {_money(limit)}" if limit is not None else ""))
    if cap.licence_withdrawal:
        parts.append("tước GP")
    if cap.suspension:
        parts.append("đình chỉ")
    if cap.remedial_measures is True:
        parts.append("mọi biện pháp KP")
    elif cap.remedial_measures:
        parts.append("KP: " + ", ".join(cap.remedial_measures))
    return ", ".join(parts)


def _cap_rows(catalog: Catalog) -> list[list[str]]:
    rows = []
    ordered = sorted(catalog.signer_caps, key=lambda c: (c.valid_from, c.instrument, c.title_code))
    for cap in ordered:
        rows.append([
            cap.display_title(),
            f"`{cap.title_code}`",
            f"{_date(cap.valid_from)} – {_date(cap.valid_until) if cap.valid_until else 'nay'}",
            cap.instrument,
            ", ".join(cap.sectors),
            _money(cap.max_individual),
            _money(cap.max_organization),
            _powers(cap),
            " → ".join(cap.escalate_to) or "—",
            _status(cap.confirmed, cap.unconfirmed_fields),
            cap.source,
        ])
    return rows


def _circumstance_lines(items: Sequence[Circumstance]) -> list[str]:
    return [
        f"- `{c.code}` — {c.text} ({c.citation()}){'' if c.confirmed else ' [chưa xác nhận]'}"
        for c in items
    ]


def _notes(title: str, pairs: Iterable[tuple[str, str]]) -> list[str]:
    lines = [f"- **{label}**: {_cell(note)}" for label, note in pairs if note]
    return ([f"**{title}**", "", *lines, ""]) if lines else []


def _instrument_notes(instruments: Sequence[Instrument]) -> list[str]:
    ordered = sorted(instruments, key=lambda i: (i.issued_on, i.number))
    return _notes("Ghi chú về văn bản", ((i.number, i.note) for i in ordered))


def _short(number: str) -> str:
    return number.split("/NĐ")[0]


def _printed_parties(catalog: Catalog) -> str:
    """Whom each sanction decree prints its amounts for, from the instruments' own
    ``printed_party`` and exceptions (issue 9 §5: no list of decrees written here)."""
    decrees = sorted(catalog.sanction_decrees(), key=lambda i: (i.issued_on, i.number))
    parts = []
    for party, word, other in (("organization", "tổ chức", "cá nhân, hộ kinh doanh bằng 1/2"),
                               ("individual", "cá nhân", "tổ chức gấp đôi")):
        group = [i for i in decrees if i.printed_party == party]
        if not group:
            continue
        names = [_short(i.number) + (" (chưa xác nhận)" if "printed_party" in
                                     i.unconfirmed_fields else "") for i in group]
        listed = ", ".join(names[:-1]) + " và " + names[-1] if len(names) > 1 else names[0]
        text = f"Nghị định {listed} in mức của **{word}** ({other})"
        exceptions = [f"Điều {a} Nghị định {_short(i.number)}" for i in group
                      for a in i.printed_party_exceptions]
        if exceptions:
            text += ", trừ " + ", ".join(exceptions) + " (người chơi, mức của cá nhân)"
        parts.append(text)
    return "; ".join(parts) + "."


def render_catalog_markdown(catalog: Catalog) -> str:
    """The whole catalogue as Markdown: instruments, provisions by sector, caps, circumstances."""
    provisions = catalog.provisions
    confirmed = sum(p.confirmed for p in provisions)
    caps_confirmed = sum(c.confirmed for c in catalog.signer_caps)
    out: list[str] = [
        "# Danh mục vi phạm, khung tiền phạt và thẩm quyền xử phạt",
        "",
        "> Tệp này được sinh tự động bởi `python -m inspector.domain.catalog_doc` từ "
        "`db/reference/*.json`. Không sửa tay: sửa dữ liệu rồi chạy lại lệnh.",
        "",
        "## Cách đọc",
        "",
        "- **Khung in**: khung đúng như nghị định in, kèm bên mà khung đó áp dụng. "
        + _printed_parties(catalog),
        "- **Cá nhân / Tổ chức**: khung áp dụng cho từng bên, tính từ khung in (tổ chức = 2 × cá "
        "nhân). Hộ kinh doanh bị xử phạt như cá nhân.",
        "- **Trạng thái**: ✔ khi mọi giá trị chính (điều khoản, nội dung, khung, bên áp dụng) có "
        "nguồn xác nhận [C]; ✘ kèm tên các giá trị chỉ là suy luận [I], nhớ lại [R] hoặc khoảng "
        "trống. Hình thức bổ sung, biện pháp khắc phục, bậc số lượng và thời hiệu có cờ riêng "
        "(\"[chưa xác nhận]\", \"[?]\").",
        "- **Nguồn**: mã nguồn trong `shared/domain/legal.md` (Sx) và `legal-additions.md` (Nx).",
        "- Mã `…:?.1`: tài liệu pháp lý của ứng dụng chưa thấy số điều; biên bản, quyết định "
        "in «Điều …» (để trống) và màn hình xem xét quyết định nhắc điều này. Khi Sở đối chiếu "
        "văn bản, quản trị viên ghi số điều và nơi đối chiếu (Danh mục › «Ghi số điều đã đối "
        "chiếu…», hoặc `inspector catalog confirm-article KEY --article N --source TEXT`); văn "
        "bản ban hành sau đó trích dẫn số điều này, mã giữ nguyên.",
        "",
        "## Tổng số",
        "",
        f"- Văn bản: {len(catalog.instruments)}",
        f"- Điều khoản: {len(provisions)} ({confirmed} đã xác nhận, "
        f"{len(provisions) - confirmed} chưa xác nhận)",
        f"- Hạn mức thẩm quyền: {len(catalog.signer_caps)} ({caps_confirmed} đã xác nhận, "
        f"{len(catalog.signer_caps) - caps_confirmed} chưa xác nhận)",
        f"- Tình tiết: {len(catalog.mitigating)} giảm nhẹ, {len(catalog.aggravating)} tăng nặng",
        "",
        "## Văn bản",
        "",
        *_table(
            ["Số hiệu", "Loại", "Tên", "Ban hành", "Hiệu lực từ", "Áp dụng đến hết ngày",
             "Lĩnh vực", "Sửa đổi bởi", "Trạng thái", "Nguồn"],
            _instrument_rows(catalog),
        ),
        "",
        *_instrument_notes(catalog.instruments),
        "## Điều khoản theo lĩnh vực",
        "",
    ]
    header = ["Mã", "Hành vi", "Hình thức", "Khung in", "Cá nhân", "Tổ chức",
              "Bổ sung / khắc phục", "Thời hiệu", "Áp dụng", "Trạng thái", "Nguồn"]
    for sector in SECTORS:
        items = catalog.provisions_for(sector)
        if not items:
            continue
        out += [f"### {SECTOR_NAMES_VI[sector]} (`{sector}`)", ""]
        decrees = sorted({p.instrument for p in items},
                         key=lambda n: (catalog.instrument(n).issued_on, n))
        for number in decrees:
            group = [p for p in items if p.instrument == number]
            out += [f"#### Nghị định {number}", ""]
            out += _table(header, _provision_rows(catalog, group))
            out += ["", *_notes("Ghi chú", ((f"`{p.key}`", p.note) for p in group))]
    out += [
        "## Thẩm quyền xử phạt theo thời kỳ",
        "",
        "Mức tiền là thẩm quyền đối với **một hành vi**; hạn mức được chọn theo **ngày ra quyết "
        "định** và lĩnh vực của hành vi. Chuyển hồ sơ theo cột \"Chuyển tới\".",
        "",
        *_table(
            ["Chức danh", "Mã", "Thời kỳ", "Căn cứ", "Lĩnh vực", "Cá nhân", "Tổ chức",
             "Quyền khác", "Chuyển tới", "Trạng thái", "Nguồn"],
            _cap_rows(catalog),
        ),
        "",
        *_notes(
            "Ghi chú về thẩm quyền",
            (
                (f"{c.display_title()} ({format_date(c.valid_from)}, {c.instrument})", c.note)
                for c in sorted(catalog.signer_caps, key=lambda c: (c.valid_from, c.instrument))
            ),
        ),
        "## Tình tiết giảm nhẹ (Điều 9 Luật XLVPHC)",
        "",
        *_circumstance_lines(catalog.mitigating),
        "",
        "## Tình tiết tăng nặng (Điều 10 Luật XLVPHC)",
        "",
        *_circumstance_lines(catalog.aggravating),
        "",
        "Khoản 2 Điều 10: tình tiết đã được quy định là hành vi vi phạm thì không được coi là tình "
        "tiết tăng nặng.",
        "",
    ]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Write the catalogue to ``argv[0]`` (default :func:`default_output_path`)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("Cách dùng: python -m inspector.domain.catalog_doc [TỆP_RA]", file=sys.stderr)
        return 2
    target = Path(args[0]) if args else default_output_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_catalog_markdown(load_catalog()), encoding="utf-8")
    print(f"Đã ghi {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
