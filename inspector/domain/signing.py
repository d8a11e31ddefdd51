"""For whom a document is signed, and how its signature block says so.

Decree 30/2020, Appendix I, item 7a: the signer's authority is printed before the title in
capitals — "KT." when a deputy signs for the head, "TL." when the head of a unit of the agency
signs on the order of the agency's head (Art 13). A letter goes out in the name of the agency
whose header it carries: when that agency's head signs, the title stands alone; when the head
of a unit under it (the chief inspector of a department, before 01/7/2025) signs, the block reads
"TL. GIÁM ĐỐC" over "CHÁNH THANH TRA"; a deputy of that unit head adds "KT. CHÁNH THANH TRA"
between the two. A sanction decision is not such a letter: its signer decides in their own
competence and signs in their own title (with "KT." for a deputy).
"""

from __future__ import annotations

from inspector.domain.text import search_key

#: The head of an agency, by how the agency's name begins (accents and case aside).
_HEADS = (
    ("thanh tra", "Chánh Thanh tra"),
    ("so ", "Giám đốc"),
    ("uy ban nhan dan", "Chủ tịch"),
    ("ubnd", "Chủ tịch"),
)

#: Heads of a unit of an agency: only they sign "TL." for the agency's head (Art 13).
_UNIT_HEADS = ("chanh thanh tra", "chanh van phong", "truong phong")


def agency_head(agency_name: str) -> str | None:
    """"Giám đốc" for a department (Sở …), "Chánh Thanh tra" for an inspectorate, "Chủ tịch" for
    a people's committee; None for a name of another kind."""
    key = search_key(agency_name)
    for prefix, head in _HEADS:
        if key.startswith(prefix):
            return head
    return None


def on_behalf_of(agency_name: str, signer_head: str) -> str:
    """The head for whom a letter under ``agency_name`` is signed "TL.", or "" when the signer's
    office is the agency's own (its head, or a deputy signing "KT." for that head).

    ``signer_head`` is the head of the signer's own office ("Giám đốc", "Chánh Thanh tra").
    """
    issuer = agency_head(agency_name)
    if issuer is None or search_key(issuer) == search_key(signer_head):
        return ""
    if not search_key(signer_head).startswith(_UNIT_HEADS):
        return ""  # an inspector on duty signs in their own competence, for nobody
    return issuer
