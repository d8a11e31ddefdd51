"""The department confirms the article of a provision the catalog knows without its number.

The fact sheets saw the clauses and brackets of Decree 174/2013 on public Internet points but not
the article they stand in (catalog keys ``174/2013/NĐ-CP:?.1`` to ``?.3``, legal-additions §3.2).
Inventing the number is out of the question; the department, which holds the text of the decree,
reads it there and records it with where it was read. From then on every record and decision
cites the number; the key keeps its ``?`` because the recorded cases refer to it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date

from inspector.domain.law import (
    ArticleConfirmation,
    Catalog,
    LawError,
    Provision,
    ProvisionKey,
    format_citation,
    format_partial_citation,
    parse_provision_key,
)

#: the shortest "where it was read" the department may give (a decree and its page, a gazette)
MIN_SOURCE_LENGTH = 8


def _same_place(a: ProvisionKey, b: ProvisionKey) -> bool:
    """Whether two citations name the same text: one article and clause, and the same point
    or a whole clause against one of its points (29.1 holds 29.1.a)."""
    return ((a.instrument, a.article, a.clause) == (b.instrument, b.article, b.clause)
            and (a.point == b.point or a.point is None or b.point is None))


def confirm_article(catalog: Catalog, key: str, article: str, source: str, on: date,
                    by: str) -> Provision:
    """The provision ``key`` with ``article`` confirmed from ``source`` on ``on`` by ``by``.

    Raises:
        LawError: the key is unknown (``unknown_provision``) or already has its article
            (``article_known``); the number is not an article number (``bad_article``); the
            source is missing (``source_missing``); the confirmed citation is already another
            provision of the catalog (``article_clash``).
    """
    provision = catalog.provision(key)
    parsed = provision.parsed_key
    if parsed.article_known:
        raise LawError(f"{format_citation(parsed)} đã có số điều trong danh mục; không cần "
                       "xác nhận.", "article_known")
    text = unicodedata.normalize("NFC", article).strip().lower()
    if text.startswith("điều"):
        text = text[len("điều"):].strip()
    tail = f".{parsed.point}" if parsed.point else ""
    try:
        cited = parse_provision_key(f"{parsed.instrument}:{text}.{parsed.clause}{tail}")
    except LawError:
        cited = None
    if cited is None or not cited.article_known:
        raise LawError(f"Số điều không hợp lệ: «{article.strip()}». Ghi số điều như trong văn "
                       "bản, ví dụ 35 hoặc 35a.", "bad_article")
    where = " ".join(unicodedata.normalize("NFC", source).split())
    if len(where) < MIN_SOURCE_LENGTH:
        raise LawError("Hãy ghi nơi đã đối chiếu số điều (văn bản, công báo, số trang).",
                       "source_missing")
    for other in catalog.provisions:
        if other.key == provision.key or not _same_place(other.cited_key, cited):
            continue
        if other.parsed_key.article_known:
            raise LawError(f"Danh mục đã có {format_citation(other.cited_key)} là một điều "
                           "khoản khác; hãy kiểm tra lại số điều.", "article_clash")
        raise LawError(f"{format_partial_citation(other.key)} đã được xác nhận là "
                       f"{format_citation(other.cited_key)}; hai điều khoản không thể cùng một "
                       "số điều, khoản, điểm.", "article_clash")
    confirmation = ArticleConfirmation(cited.article, where, on, by.strip() or "?")
    return replace(provision, article_confirmation=confirmation)
