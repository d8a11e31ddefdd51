"""Whom a letter is signed for: "TL." when the head of a unit signs for the agency's head
(Decree 30/2020, Appendix I item 7a; Art 13), nothing when the agency's own head signs."""

from __future__ import annotations

import pytest

from inspector.domain.signing import agency_head, on_behalf_of


@pytest.mark.parametrize(("agency", "head"), [
    ("Sở Thông tin và Truyền thông", "Giám đốc"),
    ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Giám đốc"),
    ("Thanh tra Sở Thông tin và Truyền thông", "Chánh Thanh tra"),
    ("Ủy ban nhân dân tỉnh Cao Bằng", "Chủ tịch"),
    ("UBND tỉnh Cao Bằng", "Chủ tịch"),
    ("Công ty Cổ phần in Việt Lập", None),
])
def test_the_head_of_an_agency_by_its_kind(agency: str, head: str | None) -> None:
    assert agency_head(agency) == head


def test_the_chief_inspector_signs_a_department_letter_for_the_director() -> None:
    assert on_behalf_of("Sở Thông tin và Truyền thông", "Chánh Thanh tra") == "Giám đốc"


def test_the_director_and_his_deputy_sign_in_their_own_office() -> None:
    # a deputy director's head is the Director: "KT. GIÁM ĐỐC", never "TL."
    assert on_behalf_of("Sở Khoa học và Công nghệ", "Giám đốc") == ""
    assert on_behalf_of("Sở Khoa học và Công nghệ", "GIÁM ĐỐC") == ""


def test_the_chief_inspector_under_the_inspectorates_own_header() -> None:
    assert on_behalf_of("Thanh tra Sở Thông tin và Truyền thông", "Chánh Thanh tra") == ""


def test_an_agency_of_unknown_kind_adds_nothing() -> None:
    assert on_behalf_of("Trung tâm Công nghệ thông tin", "Chánh Thanh tra") == ""


def test_an_inspector_on_duty_signs_for_nobody() -> None:
    """Not the head of a unit: the inspector transfers a file in his own competence."""
    assert on_behalf_of("Sở Thông tin và Truyền thông", "Thanh tra viên") == ""
    assert on_behalf_of("Sở Thông tin và Truyền thông", "Trưởng phòng") == "Giám đốc"
