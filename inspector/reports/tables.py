"""The tally as a list of plain tables: one description shared by the XLSX sheets, the CSV
sections, the PDF appendix and the screen's table views.

Why: the column titles, their order, which columns are money and which get a total are decided
once here; each renderer only decides how a cell looks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from inspector.domain.money import format_vnd
from inspector.domain.places import REFORM_DAY
from inspector.domain.text import format_date
from inspector.services.tallies import DISPOSAL_LABELS_VI, Headline, Tally

Kind = Literal["text", "int", "money", "date"]

__all__ = ["Column", "ReportTable", "cell_text", "headline_rows", "tally_tables"]


@dataclass(frozen=True)
class Column:
    """A column: its title, what its cells hold and whether the table's total row sums it."""

    title: str
    kind: Kind = "text"
    total: bool = False
    width: int = 14  # characters, for XLSX and as a hint elsewhere


@dataclass(frozen=True)
class ReportTable:
    """One table: ``key`` for code (CSV ``--table``), ``sheet`` for the XLSX tab (≤ 31 chars).

    ``row_kinds`` overrides the numeric columns' kind row by row (the summary mixes counts and
    amounts of money in one column). ``total_label`` adds a total row when some column sums.
    """

    key: str
    sheet: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    total_label: str | None = "Tổng cộng"
    row_kinds: tuple[Kind, ...] | None = None
    note: str = ""

    def kind_of(self, row: int, col: int) -> Kind:
        kind = self.columns[col].kind
        if self.row_kinds is not None and kind in ("int", "money"):
            return self.row_kinds[row]
        return kind

    @property
    def has_total(self) -> bool:
        return self.total_label is not None and any(c.total for c in self.columns) \
            and bool(self.rows)

    def totals(self) -> tuple[Any, ...]:
        """The total row as values (the XLSX writes formulas and the tests compare them)."""
        out: list[Any] = []
        for i, c in enumerate(self.columns):
            if c.total:
                out.append(sum(int(r[i] or 0) for r in self.rows))
            else:
                out.append("")
        first_text = next((i for i, c in enumerate(self.columns) if not c.total), None)
        if first_text is not None:
            out[first_text] = self.total_label or ""
        return tuple(out)


def cell_text(value: Any, kind: Kind) -> str:
    """A cell as people read it: 15.500.000, 05/02/2026."""
    if value is None or value == "":
        return ""
    if kind in ("int", "money") and isinstance(value, int):
        return format_vnd(value, unit=False) if value >= 0 else "-" + format_vnd(-value, unit=False)
    if kind == "date" and isinstance(value, date):
        return format_date(value)
    return str(value)


HEADLINE_ROWS: tuple[tuple[str, str, Kind], ...] = (
    ("inspections", "Số cuộc thanh tra", "int"),
    ("checks", "Số cuộc kiểm tra", "int"),
    ("establishments_inspected", "Số cơ sở được thanh tra, kiểm tra", "int"),
    ("establishments_compliant", "Số cơ sở chấp hành tốt", "int"),
    ("establishments_reminded", "Số cơ sở bị nhắc nhở, yêu cầu khắc phục (không xử phạt)", "int"),
    ("establishments_with_violations", "Số cơ sở có vi phạm", "int"),
    ("violation_records", "Số biên bản vi phạm hành chính", "int"),
    ("cases", "Số vụ việc", "int"),
    ("violations", "Số hành vi vi phạm", "int"),
    ("warnings", "Số hành vi bị phạt cảnh cáo", "int"),
    ("decisions", "Số quyết định xử phạt", "int"),
    ("fines_imposed", "Tiền phạt theo quyết định (đồng)", "money"),
    ("fines_collected", "Tiền phạt đã thu (đồng)", "money"),
    ("fines_outstanding", "Tiền phạt còn phải thu (đồng)", "money"),
    ("late_charges", "Tiền chậm nộp phạt phải nộp (đồng)", "money"),
    ("late_charges_collected", "Tiền chậm nộp phạt đã thu (đồng)", "money"),
    ("late_charges_outstanding", "Tiền chậm nộp phạt còn phải thu (đồng)", "money"),
    ("cases_transferred", "Số vụ việc chuyển cơ quan có thẩm quyền", "int"),
    ("remedial_ordered", "Biện pháp khắc phục hậu quả đã áp dụng", "int"),
    ("remedial_done", "Biện pháp khắc phục hậu quả đã thực hiện", "int"),
    ("complaints", "Đơn khiếu nại đã nhận", "int"),
    ("denunciations", "Đơn tố cáo đã nhận", "int"),
    ("petitions", "Đơn kiến nghị, phản ánh đã nhận", "int"),
)


def headline_rows(current: Headline, previous: Headline) -> list[tuple[str, int, int, Kind]]:
    return [(label, getattr(current, name), getattr(previous, name), kind)
            for name, label, kind in HEADLINE_ROWS]


def _table(key: str, sheet: str, title: str, columns: Sequence[Column],
           rows: Sequence[Sequence[Any]], **kw: Any) -> ReportTable:
    return ReportTable(key, sheet, title, tuple(columns), tuple(tuple(r) for r in rows), **kw)


def _n(title: str, total: bool = True, width: int = 12) -> Column:
    return Column(title, "int", total, width)


def _m(title: str, total: bool = True, width: int = 16) -> Column:
    return Column(title, "money", total, width)


def _t(title: str, width: int = 30) -> Column:
    return Column(title, "text", False, width)


def tally_tables(t: Tally) -> list[ReportTable]:
    """Every table of the tally, in the order of the screen's tabs and the workbook's sheets."""
    h, p = t.headline, t.previous
    tables: list[ReportTable] = []
    rows = headline_rows(h, p)
    tables.append(_table(
        "summary", "Tổng hợp", f"Số liệu tổng hợp {t.period.label}",
        [_t("Chỉ tiêu", 44), Column(t.period.label.capitalize(), "int", False, 14),
         Column(t.previous_period.label.capitalize(), "int", False, 14),
         Column("Tăng (+), giảm (-)", "int", False, 14)],
        [(label, cur, prev, cur - prev) for label, cur, prev, _ in rows],
        total_label=None, row_kinds=tuple(k for *_, k in rows)))
    tables.append(_table(
        "kinds", "Loại hình", f"Các cuộc thanh tra, kiểm tra theo loại hình {t.period.label}",
        [_t("Hình thức", 14), _t("Loại", 22), _n("Số cuộc")],
        [(k.mode_label, k.kind_label, k.count) for k in t.by_kind]))
    tables.append(_table(
        "sectors", "Lĩnh vực", f"Kết quả theo lĩnh vực {t.period.label}",
        [_t("Lĩnh vực", 34), _n("Cơ sở được thanh tra, kiểm tra"), _n("Chấp hành tốt"),
         _n("Nhắc nhở"), _n("Cơ sở có vi phạm"), _n("Hành vi vi phạm"), _n("Phạt cảnh cáo"),
         _n("Quyết định xử phạt"), _m("Tiền phạt (đồng)"), _m("Đã thu (đồng)"),
         _m("Còn phải thu (đồng)")],
        [(s.label, s.establishments_inspected, s.establishments_compliant,
          s.establishments_reminded, s.establishments_with_violations, s.violations, s.warnings,
          s.decisions, s.fines_imposed, s.fines_collected, s.fines_outstanding)
         for s in t.sectors],
        note="Cơ sở được đếm một lần trong mỗi lĩnh vực; quyết định và tiền phạt tính theo ngày "
             "ban hành quyết định, tiền đã thu tính đến hết kỳ."))
    tables.append(_table(
        "establishment_kinds", "Loại cơ sở", f"Cơ sở được thanh tra, kiểm tra theo loại {t.period.label}",
        [_t("Loại cơ sở", 44), _n("Được thanh tra, kiểm tra"), _n("Chấp hành tốt"),
         _n("Nhắc nhở"), _n("Có vi phạm")],
        [(k.label, k.establishments_inspected, k.establishments_compliant,
          k.establishments_reminded, k.establishments_with_violations) for k in t.kinds]))
    tables.append(_table(
        "provisions", "Hành vi vi phạm", f"Hành vi vi phạm theo điều khoản {t.period.label}",
        [_t("Lĩnh vực", 22), _t("Điều khoản", 34), _t("Hành vi", 60), _n("Số hành vi"),
         _n("Phạt cảnh cáo"), _n("Số đối tượng"), _m("Tiền phạt (đồng)")],
        [(_short(f.sector), f.citation, f.description, f.violations, f.warnings, f.violators,
          f.fines) for f in t.provisions]))
    tables.append(_table(
        "inspections", "Các cuộc", f"Các cuộc thanh tra, kiểm tra {t.period.label}",
        [_n("STT", False, 5), _t("Hình thức", 10), _t("Loại", 12), _t("Nội dung", 56),
         _t("Quyết định", 18), Column("Từ ngày", "date", False, 13),
         Column("Đến ngày", "date", False, 13), _n("Số cơ sở", width=9),
         _n("Chấp hành tốt", width=9), _n("Nhắc nhở", width=9), _n("Có vi phạm", width=9),
         _n("Hành vi vi phạm", width=9), _n("Quyết định xử phạt", width=9),
         _m("Tiền phạt (đồng)", width=15)],
        [(n, i.mode_label, i.kind_label, i.title,
          " ".join(x for x in (i.decision_number or "",
                               f"ngày {format_date(i.decision_date)}" if i.decision_date else "")
                   if x),
          i.start_date, i.end_date, i.establishments, i.compliant, i.reminded, i.with_violations,
          i.violations, i.decisions, i.fines_imposed)
         for n, i in enumerate(t.inspections, start=1)],
        note="Tiền phạt của mỗi cuộc gồm các quyết định ban hành đến hết kỳ."))
    tables.append(_table(
        "seized", "Tang vật", f"Tang vật, phương tiện bị tạm giữ và xử lý {t.period.label}",
        [_t("Tang vật, phương tiện", 30), _t("Đơn vị tính", 12), _n("Số lượng", False),
         _n(DISPOSAL_LABELS_VI["held"], False), _n(DISPOSAL_LABELS_VI["confiscated"], False),
         _n(DISPOSAL_LABELS_VI["destroyed"], False), _n(DISPOSAL_LABELS_VI["returned"], False)],
        [(s.kind, s.unit, s.quantity, s.held, s.confiscated, s.destroyed, s.returned)
         for s in t.seized], total_label=None,
        note="Không cộng các loại tang vật khác đơn vị tính."))
    tables.append(_table(
        "remedial", "Khắc phục", f"Biện pháp khắc phục hậu quả {t.period.label}",
        [_t("Biện pháp", 60), _n("Đã áp dụng"), _n("Đã thực hiện")],
        [(r.text, r.ordered, r.done) for r in t.remedial]))
    district_title = (f"Huyện, thành phố (trước {format_date(REFORM_DAY)})"
                      if t.area_mode == "former" else "")
    area_cols = ([_t(district_title, 28)] if district_title else []) + [
        _t("Xã, phường, thị trấn" if district_title else "Xã, phường", 30),
        _n("Cơ sở được thanh tra, kiểm tra"), _n("Cơ sở có vi phạm"), _n("Hành vi vi phạm"),
        _m("Tiền phạt (đồng)")]
    tables.append(_table(
        "areas", "Địa bàn", f"Kết quả theo địa bàn {t.period.label}", area_cols,
        [((a.district,) if district_title else ()) + (a.commune, a.establishments_inspected,
                                                      a.establishments_with_violations,
                                                      a.violations, a.fines_imposed)
         for a in t.areas]))
    previous_fines = {m.month: m.fines_imposed for m in t.previous_months}
    previous_violations = {m.month: m.violations for m in t.previous_months}
    tables.append(_table(
        "months", "Theo tháng", f"Kết quả theo tháng {t.period.label}",
        [_t("Tháng", 10), _n("Thanh tra"), _n("Kiểm tra"), _n("Lượt cơ sở"),
         _n("Hành vi vi phạm"), _n(f"Hành vi vi phạm {_prev_short(t)}"), _n("Quyết định xử phạt"),
         _m("Tiền phạt (đồng)"), _m(f"Tiền phạt {_prev_short(t)} (đồng)"),
         _m("Tiền đã thu trong tháng (đồng)")],
        [(m.label, m.inspections, m.checks, m.visits, m.violations,
          previous_violations.get(m.month, 0) if _same_months(t) else 0, m.decisions,
          m.fines_imposed, previous_fines.get(m.month, 0) if _same_months(t) else 0,
          m.fines_collected) for m in t.months]))
    return tables


def _same_months(t: Tally) -> bool:
    return len(t.months) == len(t.previous_months) and len(t.months) <= 12


def _prev_short(t: Tally) -> str:
    p = t.previous_period
    return f"năm {p.start.year}" if p.is_year else "cùng kỳ năm trước"


def _short(sector: str) -> str:
    from inspector.domain.sectors import SECTOR_SHORT_VI

    return SECTOR_SHORT_VI.get(sector, sector)


def table_by_key(tables: Sequence[ReportTable], key: str) -> ReportTable:
    for table in tables:
        if table.key == key:
            return table
    known = ", ".join(tb.key for tb in tables)
    raise KeyError(f"no table {key!r} (known: {known})")

