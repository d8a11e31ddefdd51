"""The law reference data in db/reference/*.json: loads, is consistent and keeps its status.

These tests guard the data an administrator may edit: a typo in a key, a bracket upside
down, a provision dated outside its decree or a decomposed accent must fail here, not in a
printed decision.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from inspector.domain.catalog_doc import default_output_path, render_catalog_markdown
from inspector.domain.fines import bracket_for
from inspector.domain.law import (
    PARTIES,
    SECTORS,
    Catalog,
    CatalogError,
    Circumstance,
    Instrument,
    LawError,
    Provision,
    SignerCap,
    format_citation,
    iter_strings,
    load_catalog,
    parse_provision_key,
)
from inspector.domain.refdata import reference_dir

FILES = ("instruments.json", "provisions.json", "signer_caps.json", "circumstances.json")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _raw(name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((reference_dir() / name).read_text(encoding="utf-8"))
    return data


def test_catalog_loads_with_expected_sizes(catalog: Catalog) -> None:
    """All four files load; the catalogue holds every §2.3 provision with a bracket."""
    assert len(catalog.instruments) >= 11
    assert len(catalog.provisions) >= 100
    assert len(catalog.signer_caps) >= 20
    assert len(catalog.mitigating) == 8
    assert len(catalog.aggravating) == 12


@pytest.mark.parametrize("name", FILES)
def test_every_string_is_nfc(name: str) -> None:
    """Every string in the JSON is NFC (decomposed accents print in the wrong place)."""
    for text in iter_strings(_raw(name)):
        assert unicodedata.normalize("NFC", text) == text, text


@pytest.mark.parametrize("name", FILES)
def test_every_record_has_confirmed_flag_and_source(name: str) -> None:
    """Every record carries a boolean ``confirmed`` and a non-empty ``source``."""
    for record in _raw(name):
        assert isinstance(record["confirmed"], bool)
        assert isinstance(record["source"], str) and record["source"].strip()


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("instruments.json", Instrument),
        ("provisions.json", Provision),
        ("signer_caps.json", SignerCap),
        ("circumstances.json", Circumstance),
    ],
)
def test_records_round_trip_through_dataclasses(name: str, cls: Any) -> None:
    """from_dict(record).to_dict() gives the record back: the JSON has every field, no extra."""
    for record in _raw(name):
        assert cls.from_dict(record).to_dict() == record


def test_records_are_hashable(catalog: Catalog) -> None:
    """Frozen records can be used in sets and as dict keys (the GUI caches by record)."""
    assert len({*catalog.instruments, *catalog.provisions}) == (
        len(catalog.instruments) + len(catalog.provisions)
    )
    assert len(set(catalog.signer_caps)) == len(catalog.signer_caps)


def test_provision_keys_are_unique_and_canonical(catalog: Catalog) -> None:
    """Keys are unique, canonical, and agree with instrument/article/clause/point."""
    keys = [p.key for p in catalog.provisions]
    assert len(keys) == len(set(keys))
    for prov in catalog.provisions:
        parsed = parse_provision_key(prov.key)
        assert str(parsed) == prov.key
        assert (parsed.instrument, parsed.article, parsed.clause, parsed.point) == (
            prov.instrument, prov.article, prov.clause, prov.point,
        )


def test_brackets_are_ordered_and_match_the_sanction_kind(catalog: Catalog) -> None:
    """min ≤ max for fines; warning-only provisions print no amounts."""
    for prov in catalog.provisions:
        if prov.sanction_kind == "warning":
            assert prov.printed_min is None and prov.printed_max is None, prov.key
        else:
            assert prov.printed_min is not None and prov.printed_max is not None, prov.key
            assert 0 < prov.printed_min <= prov.printed_max, prov.key
            assert prov.printed_min % 50_000 == 0 and prov.printed_max % 50_000 == 0, prov.key


def test_every_instrument_a_record_names_exists(catalog: Catalog) -> None:
    """Provisions, caps and amendments name only instruments of instruments.json."""
    numbers = {i.number for i in catalog.instruments}
    for prov in catalog.provisions:
        assert prov.instrument in numbers
        assert set(prov.amended_by) <= numbers
    for cap in catalog.signer_caps:
        assert cap.instrument in numbers
    for inst in catalog.instruments:
        assert set(inst.amended_by) <= numbers and set(inst.amends) <= numbers


def test_amendments_are_recorded_both_ways(catalog: Catalog) -> None:
    """If A lists B in amended_by, B lists A in amends (and vice versa)."""
    for inst in catalog.instruments:
        for other in inst.amended_by:
            assert inst.number in catalog.instrument(other).amends, (inst.number, other)
        for other in inst.amends:
            assert inst.number in catalog.instrument(other).amended_by, (inst.number, other)


def test_provision_dates_lie_inside_their_instrument(catalog: Catalog) -> None:
    """A provision applies only while its decree governs its sector."""
    for prov in catalog.provisions:
        inst = catalog.instrument(prov.instrument)
        assert inst.role == "sanction_decree", prov.key
        assert inst.coverage(prov.sector) is not None, prov.key
        start, end = catalog.provision_window(prov)
        inst_start, inst_end = inst.window(prov.sector)
        assert start is not None and inst_start is not None and start >= inst_start, prov.key
        if inst_end is not None:
            assert end is not None and end <= inst_end, prov.key


def test_party_follows_the_decree_rule(catalog: Catalog) -> None:
    """Decree 15/2020 Art 4(3), 174/2026 Art 4(3): organisation amounts except players' articles."""
    for prov in catalog.provisions:
        inst = catalog.instrument(prov.instrument)
        expected = inst.printed_party
        if prov.article in inst.printed_party_exceptions:
            expected = next(p for p in PARTIES if p != inst.printed_party)
        assert prov.party == expected, prov.key


def test_brackets_stay_under_the_field_maximum(catalog: Catalog) -> None:
    """No individual bracket exceeds the field maximum the decree states (e.g. 100 M)."""
    for prov in catalog.provisions:
        cov = catalog.instrument(prov.instrument).coverage(prov.sector)
        assert cov is not None
        if cov.max_fine_individual is not None and prov.printed_max is not None:
            assert bracket_for(prov, "individual", multiple=2).maximum <= cov.max_fine_individual, prov.key


def test_additional_sanction_ranges_fit_the_decree(catalog: Catalog) -> None:
    """Suspension/withdrawal months fit the decree (119/2020 Art 3: 1–12; 174/2026 Art 3: 1–24)."""
    for prov in catalog.provisions:
        limits = catalog.instrument(prov.instrument).additional_sanction_months
        for add in prov.additional_sanctions:
            if add.kind == "confiscation":
                assert add.min_months is None and add.max_months is None
                continue
            assert add.min_months is not None and add.max_months is not None
            assert 1 <= add.min_months <= add.max_months
            if add.kind in limits:
                low, high = limits[add.kind]
                assert low <= add.min_months and add.max_months <= high, prov.key


def test_tier_ladders_are_contiguous_and_self_consistent(catalog: Catalog) -> None:
    """Quantity rungs are contiguous, each rung's key prints that rung, the provision is on one."""
    for prov in catalog.provisions:
        rungs = prov.tiers
        if not rungs:
            continue
        assert any(t.key == prov.key for t in rungs), prov.key
        for lower, upper in pairwise(rungs):
            assert lower.max_copies is not None and upper.min_copies == lower.max_copies + 1
        for rung in rungs:
            target = catalog.provision(rung.key)
            assert (target.printed_min, target.printed_max) == (rung.printed_min, rung.printed_max)
            assert target.tiers == rungs or len(target.tiers) == 1, rung.key


def test_unconfirmed_records_say_what_is_unconfirmed(catalog: Catalog) -> None:
    """confirmed is False exactly when unconfirmed_fields is non-empty, for every record."""
    records: list[Instrument | Provision | SignerCap] = [
        *catalog.instruments, *catalog.provisions, *catalog.signer_caps,
    ]
    for record in records:
        assert record.confirmed == (not record.unconfirmed_fields), record


def test_unconfirmed_provisions_are_kept_not_dropped(catalog: Catalog) -> None:
    """Inferred rows stay in the catalogue, flagged (e.g. 15/2020 Art 105(2), 174/2013 Art 46)."""
    for key in ("15/2020/NĐ-CP:105.2.b", "174/2013/NĐ-CP:46.1.c", "119/2020/NĐ-CP:29.2.b"):
        assert not catalog.provision(key).confirmed


def test_every_sector_code_is_known(catalog: Catalog) -> None:
    """Only the agreed sector codes are used."""
    assert {p.sector for p in catalog.provisions} <= set(SECTORS)
    assert {s for c in catalog.signer_caps for s in c.sectors} <= set(SECTORS)


def test_remedial_codes_used_by_caps_exist_in_provisions(catalog: Catalog) -> None:
    """A cap that lists remedial codes names codes the provisions actually use."""
    used = {m.code for p in catalog.provisions for m in p.remedial_measures}
    for cap in catalog.signer_caps:
        if not isinstance(cap.remedial_measures, bool):
            assert set(cap.remedial_measures) <= used


def test_caps_of_one_title_share_template_and_escalation(catalog: Catalog) -> None:
    """Records of one title code print the same title and escalate the same way."""
    for code in catalog.title_codes():
        caps = catalog.caps_for(code)
        assert len({c.title for c in caps}) == 1
        assert len({c.escalate_to for c in caps}) == 1


def test_caps_are_consistent_with_their_party(catalog: Catalog) -> None:
    """Law Art 52(1): organisation cap = 2 × individual cap in every record."""
    for cap in catalog.signer_caps:
        assert cap.max_organization == 2 * cap.max_individual, cap
        if cap.valid_until is not None:
            assert cap.valid_from <= cap.valid_until


def test_caps_of_one_title_do_not_overlap_per_sector(catalog: Catalog) -> None:
    """For one title, agency and sector, at most one record is valid on any day."""
    for code in catalog.title_codes():
        caps = catalog.caps_for(code)
        for i, first in enumerate(caps):
            for second in caps[i + 1:]:
                if first.agency != second.agency or not set(first.sectors) & set(second.sectors):
                    continue
                end = first.valid_until
                assert end is not None and end < second.valid_from, (first, second)


def test_chief_inspector_of_department_ends_on_30_june_2025(catalog: Catalog) -> None:
    """Law 84/2025 + Law 88/2025: no Chánh Thanh tra Sở from 01/7/2025."""
    ends = [c.valid_until for c in catalog.caps_for("chief_inspector_department")]
    assert ends and all(end is not None for end in ends)
    assert max(end for end in ends if end is not None) == date(2025, 6, 30)


def test_circumstance_codes_are_law_points(catalog: Catalog) -> None:
    """Art 9 items 1–8 and Art 10(1) points a–m, in the law's order."""
    assert [c.code for c in catalog.mitigating] == [f"9.{i}" for i in range(1, 9)]
    assert [c.point for c in catalog.aggravating] == list("abcdđeghiklm")
    assert catalog.circumstance("10.1.b").citation() == (
        "điểm b khoản 1 Điều 10 Luật Xử lý vi phạm hành chính"
    )


def test_docs_catalog_is_generated_from_the_data(catalog: Catalog) -> None:
    """docs/catalog.md equals what catalog_doc renders now (run the module after editing data)."""
    path = default_output_path()
    assert path.read_text(encoding="utf-8") == render_catalog_markdown(catalog)


def test_docs_catalog_lists_every_provision_with_status(catalog: Catalog) -> None:
    """Every key appears in the document, with its source."""
    text = render_catalog_markdown(catalog)
    for prov in catalog.provisions:
        assert f"`{prov.key}`" in text
        assert prov.source in text


def test_load_catalog_rejects_a_duplicate_key(tmp_path: Path) -> None:
    """A duplicated provision key is a data error, not silently merged."""
    for name in FILES:
        data = _raw(name)
        if name == "provisions.json":
            data.append(data[0])
        (tmp_path / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogError):
        load_catalog(tmp_path)


def test_load_catalog_rejects_an_unknown_instrument(tmp_path: Path) -> None:
    """A provision naming a decree that is not in instruments.json is refused."""
    for name in FILES:
        data = _raw(name)
        if name == "provisions.json":
            data[0] = {**data[0], "instrument": "999/2030/NĐ-CP"}
        (tmp_path / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogError, match="999/2030"):
        load_catalog(tmp_path)


# --------------------------------------------------------------------------- keys and citations

@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("119/2020/NĐ-CP:29.1.a", "119/2020/NĐ-CP:29.1.a"),
        ("119/2020/ND-CP:29.1.a", "119/2020/NĐ-CP:29.1.a"),
        ("119/2020/nd-cp:29.1.a", "119/2020/NĐ-CP:29.1.a"),
        ("119/2020/N\u00d0-CP:29.1.a", "119/2020/NĐ-CP:29.1.a"),
        ("119/2020/Nđ-CP : 29.1.A", "119/2020/NĐ-CP:29.1.a"),
        ("174/2026/ND-CP:36.3.dd", "174/2026/NĐ-CP:36.3.đ"),
        ("174/2026/ND-CP:36.3.DD", "174/2026/NĐ-CP:36.3.đ"),
        ("174/2026/ND-CP:36.3.d", "174/2026/NĐ-CP:36.3.d"),
        ("174/2026/NĐ-CP:36.3.Đ", "174/2026/NĐ-CP:36.3.đ"),
        ("119/2020/ND-CP:28c.1.a", "119/2020/NĐ-CP:28c.1.a"),
        ("119/2020/ND-CP:28B.4", "119/2020/NĐ-CP:28b.4"),
        ("159/2013/ND-CP:27.1", "159/2013/NĐ-CP:27.1"),
        ("174/2013/ND-CP:?.3", "174/2013/NĐ-CP:?.3"),
        ("15/2012/qh13:10.1.b", "15/2012/QH13:10.1.b"),
        ("  119/2020/NĐ-CP:29.1.a  ", "119/2020/NĐ-CP:29.1.a"),
        (unicodedata.normalize("NFD", "174/2026/NĐ-CP:36.3.đ"), "174/2026/NĐ-CP:36.3.đ"),
    ],
)
def test_parse_provision_key_accepts_ascii_spellings(typed: str, canonical: str) -> None:
    """ND for NĐ, dd for đ, any case, U+00D0, NFD input: all normalise to the canonical key."""
    assert str(parse_provision_key(typed)) == canonical


@pytest.mark.parametrize(
    "typed",
    ["", "119/2020:29.1.a", "119/2020/NĐ-CP", "119/2020/NĐ-CP:29", "119/2020/NĐ-CP:29.1.f",
     "119/2020/NĐ-CP:29.1.ab", "119/2020/NĐ-CP:0.1", "119/2020/TT-BTTTT:1.1", "abc"],
)
def test_parse_provision_key_refuses_malformed_keys(typed: str) -> None:
    """Malformed keys and letters outside the Vietnamese point alphabet (f, j, w, z) are refused."""
    with pytest.raises(LawError) as info:
        parse_provision_key(typed)
    assert info.value.code == "bad_key"


def test_catalog_lookup_accepts_ascii_key(catalog: Catalog) -> None:
    """Wherever a key is typed, the ASCII spelling finds the provision."""
    assert catalog.provision("174/2026/ND-CP:36.3.dd").key == "174/2026/NĐ-CP:36.3.đ"
    assert catalog.provision("174/2026/ND-CP:36.3.d").key == "174/2026/NĐ-CP:36.3.d"
    assert catalog.instrument("119/2020/ND-CP").number == "119/2020/NĐ-CP"


def test_unknown_key_is_reported(catalog: Catalog) -> None:
    """A well-formed key that is not catalogued raises unknown_provision."""
    with pytest.raises(LawError) as info:
        catalog.provision("119/2020/NĐ-CP:29.9.a")
    assert info.value.code == "unknown_provision"


@pytest.mark.parametrize(
    ("key", "citation"),
    [
        ("119/2020/NĐ-CP:29.1.a", "điểm a khoản 1 Điều 29 Nghị định số 119/2020/NĐ-CP"),
        ("174/2026/ND-CP:36.3.dd", "điểm đ khoản 3 Điều 36 Nghị định số 174/2026/NĐ-CP"),
        ("159/2013/NĐ-CP:27.1", "khoản 1 Điều 27 Nghị định số 159/2013/NĐ-CP"),
        ("119/2020/NĐ-CP:28c.3", "khoản 3 Điều 28c Nghị định số 119/2020/NĐ-CP"),
    ],
)
def test_format_citation(key: str, citation: str) -> None:
    """Citations read as a decision prints them: điểm, khoản, Điều, Nghị định số."""
    assert format_citation(key) == citation


def test_citation_names_the_amending_decree(catalog: Catalog) -> None:
    """Art 28c was added by Decree 14/2022 (effective 27/01/2022): a violation of that date
    or later cites it."""
    assert catalog.citation("119/2020/NĐ-CP:28c.3", date(2022, 1, 27)).endswith(
        "(được sửa đổi, bổ sung bởi Nghị định số 14/2022/NĐ-CP)"
    )


def test_unknown_article_cannot_be_cited(catalog: Catalog) -> None:
    """174/2013 Internet-point rows keep their bracket but refuse to be cited (article not seen)."""
    prov = catalog.provision("174/2013/NĐ-CP:?.3")
    assert not prov.parsed_key.article_known
    with pytest.raises(LawError) as info:
        prov.citation()
    assert info.value.code == "article_unknown"
