"""Each export read back with the library people's tools use: openpyxl, csv, pypdf,
python-docx, json; the figures are those of the tally."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from inspector.reports.csv_export import BOM, tally_csv
from inspector.reports.docx_export import tally_docx
from inspector.reports.export import render, write_atomically
from inspector.reports.heading import ReportHeading
from inspector.reports.pdf import tally_pdf
from inspector.reports.tables import tally_tables
from inspector.reports.tally_json import FORMAT, tally_to_json
from inspector.reports.xlsx import FIRST_DATA_ROW, HEADER_ROW, NUMBER_FORMAT, tally_xlsx
from inspector.services.tallies import Tally

Case = tuple[Tally, ReportHeading]


def test_xlsx_sheets_formats_and_formula_totals(caobang: Case) -> None:
    """One sheet per table; đồng as #,##0; totals are SUM formulas over exactly the data rows,
    and the data rows add up to the tally's figure."""
    tally, heading = caobang
    wb = load_workbook(io.BytesIO(tally_xlsx(tally, heading.issuer)))
    tables = tally_tables(tally)
    assert wb.sheetnames == [t.sheet for t in tables]
    ws = wb["Lĩnh vực"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header[0] == "Lĩnh vực" and header[8] == "Tiền phạt (đồng)"
    assert ws.cell(HEADER_ROW, 1).font.bold
    sectors = tables[2]
    last = FIRST_DATA_ROW + len(sectors.rows) - 1
    money = [ws.cell(r, 9) for r in range(FIRST_DATA_ROW, last + 1)]
    assert all(c.number_format == NUMBER_FORMAT for c in money)
    assert sum(c.value for c in money) == tally.headline.fines_imposed == 59_500_000
    total = ws.cell(last + 1, 9)
    assert total.value == f"=SUM(I{FIRST_DATA_ROW}:I{last})"
    assert ws.cell(last + 1, 1).value == "Tổng cộng"
    assert ws.freeze_panes == f"A{FIRST_DATA_ROW}"
    summary = wb["Tổng hợp"]
    assert summary.cell(FIRST_DATA_ROW, 1).value == "Số cuộc thanh tra"
    assert summary.cell(FIRST_DATA_ROW, 2).value == 5
    assert summary.cell(FIRST_DATA_ROW, 4).value == f"=B{FIRST_DATA_ROW}-C{FIRST_DATA_ROW}"
    seized = wb["Tang vật"]
    assert (seized.cell(FIRST_DATA_ROW, 1).value, seized.cell(FIRST_DATA_ROW, 2).value,
            seized.cell(FIRST_DATA_ROW, 5).value) == ("Sách", "cuốn", 726)
    inspections = wb["Các cuộc"]
    assert inspections.cell(FIRST_DATA_ROW, 6).number_format == "DD/MM/YYYY"


def test_csv_has_bom_and_all_tables(caobang: Case) -> None:
    tally, _ = caobang
    data = tally_csv(tally)
    assert data.startswith(BOM.encode("utf-8"))
    text = data.decode("utf-8-sig")
    assert "Kết quả theo lĩnh vực năm 2015" in text and "Phát hành XBP" in text
    rows = list(csv.reader(io.StringIO(tally_csv(tally, "sectors").decode("utf-8-sig"))))
    assert rows[0][0] == "Lĩnh vực"
    assert rows[-1][0] == "Tổng cộng" and int(rows[-1][8]) == 59_500_000
    with pytest.raises(KeyError):
        tally_csv(tally, "nothing")


def test_pdf_text_and_embedded_fonts(caobang: Case) -> None:
    """Vietnamese text extracts intact; every font is an embedded TrueType subset."""
    tally, heading = caobang
    reader = PdfReader(io.BytesIO(tally_pdf(tally, heading)))
    first = reader.pages[0].extract_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "BÁO CÁO" in first and "THANH TRA SỞ" in first
    text = "\n".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    assert "05 cuộc thanh tra, 02 cuộc kiểm tra theo chuyên đề" in flat
    assert "15.500.000 đồng (mười lăm triệu năm trăm nghìn đồng)" in flat
    assert "PHỤ LỤC" in flat and "59.500.000" in flat
    assert "Lương Đức Hạnh" in flat and "CHÁNH THANH TRA" in flat
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            if "/DescendantFonts" in descriptor:
                descriptor = descriptor["/DescendantFonts"][0].get_object()
            fd = descriptor["/FontDescriptor"].get_object()
            assert "/FontFile2" in fd, descriptor["/BaseFont"]
    assert reader.pages[-1].mediabox.width > reader.pages[-1].mediabox.height  # appendix


def test_docx_reads_back(caobang: Case) -> None:
    tally, heading = caobang
    document = docx.Document(io.BytesIO(tally_docx(tally, heading)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kết quả công tác thanh tra, kiểm tra năm 2015" in text
    assert "05 cuộc thanh tra, 02 cuộc kiểm tra theo chuyên đề" in text
    assert "2.000.000 đồng (hai triệu đồng)" in text
    header = document.tables[0]
    assert header.cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert document.styles["Normal"].font.name == "Times New Roman"
    sectors = next(t for t in document.tables if t.cell(0, 0).text == "Lĩnh vực")
    assert sectors.rows[-1].cells[8].text == "59.500.000"
    assert document.sections[-1].page_width > document.sections[-1].page_height


def test_json_contract(caobang: Case) -> None:
    """The documented fields (docs/tally-json.md) with ISO dates and integer đồng."""
    tally, _ = caobang
    data = json.loads(render(tally, "json"))
    assert data == tally_to_json(tally)
    assert data["format"] == FORMAT
    assert data["period"] == {"start": "2015-01-01", "end": "2015-12-31", "label": "năm 2015",
                              "is_year": True}
    assert data["headline"]["fines_imposed"] == 59_500_000
    internet = next(i for i in data["inspections"] if i["kind"] == "interdisciplinary")
    assert internet["fines_imposed"] == 42_000_000
    assert {k["business_kind"]: k["establishments_inspected"] for k in internet["by_kind"]} == {
        "isp": 3, "internet_point": 30, "game_point": 15}
    docs = (Path(__file__).resolve().parents[2] / "docs" / "tally-json.md").read_text(encoding="utf-8")
    for key in ("headline", "sectors", "establishment_kinds", "provisions", "seized",
                "remedial", "areas", "months", "inspections", *data["headline"]):
        assert f"`{key}`" in docs, key


def test_atomic_write_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = write_atomically(b"abc", tmp_path / "r.csv")
    assert target.read_bytes() == b"abc"
    with pytest.raises(FileNotFoundError):
        write_atomically(b"x", tmp_path / "missing" / "r.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]
