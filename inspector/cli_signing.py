"""Digital signatures on the command line (issue 14).

``decision issue CASE --sign [--token-label L | --p12 FILE]`` signs while issuing;
``decision agency-sign NUMBER --year Y [--token-label L | --p12 FILE]`` adds the agency's
signature; ``document verify FILE [--json]`` checks every signature of a PDF: the JSON has
``signatures``, a list of objects with ``signer``, ``signed_at``, ``intact``, ``trusted`` and
``reason``; the exit status is 0 when every signature is intact, 1 when one is not (or the file
has none). The PIN or passphrase is read from the terminal (not echoed), or from the line of
standard input after the ``--as`` password.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from inspector.cli import EXIT_FAILED, EXIT_OK, CliError, Context, _read_secret, emit_json


def add_credential_options(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--token-label", metavar="L", help="the USB token's label (PKCS#11)")
    group.add_argument("--p12", metavar="FILE", help="a PKCS#12 file (.p12/.pfx)")


def credentials(ctx: Context) -> Any:
    """The token or PKCS#12 file named by the options, with the PIN or passphrase read after
    the acting user's password (``ctx.actor()`` first)."""
    from inspector.services.signing import P12Credentials, TokenCredentials

    ctx.actor()  # the --as password is the first line of standard input
    if ctx.args.token_label:
        return TokenCredentials(ctx.args.token_label, _read_secret(
            f"Mã PIN của thiết bị ký số {ctx.args.token_label}: "))
    if ctx.args.p12:
        path = Path(ctx.args.p12)
        if not path.is_file():
            raise CliError(f"--p12: no such file: {path}")
        return P12Credentials(path, _read_secret(f"Mật khẩu của tệp {path.name}: "))
    raise CliError("--sign needs --token-label L or --p12 FILE")


def _print_signature(ctx: Context, info: Any) -> int:
    """The signature just added: its certificate's identity (JSON with --json)."""
    if ctx.args.json:
        emit_json({"role": info.role.value, "subject": info.subject, "serial": info.serial,
                   "issuer": info.issuer, "fingerprint_sha256": info.fingerprint_sha256,
                   "signed_at": info.signed_at.isoformat()})
    else:
        print(f"agency signature added by {info.subject} at {info.signed_at.isoformat()}")
    return EXIT_OK


def cmd_decision_agency_sign(ctx: Context) -> int:
    from inspector.cli_decisions import _number, _year
    from inspector.services import decision_signing, decisions
    from inspector.services.uow import UnitOfWork

    if not (ctx.args.token_label or ctx.args.p12):
        raise CliError("agency-sign needs --token-label L or --p12 FILE")
    db = ctx.db()
    cred = credentials(ctx)
    with UnitOfWork(db, ctx.actor(), read_only=True) as uow:
        decision_id = decisions.find_decision(uow.session, _year(ctx), _number(ctx)).id
    info = decision_signing.add_agency_signature(db, ctx.actor(), decision_id, cred)
    return _print_signature(ctx, info)


def cmd_decision_copy(ctx: Context) -> int:
    from inspector.cli_decisions import _number, _write, _year
    from inspector.services import decision_signing, decisions
    from inspector.services.uow import UnitOfWork

    if not (ctx.args.token_label or ctx.args.p12):
        raise CliError("copy needs the agency's certificate: --token-label L or --p12 FILE")
    db = ctx.db()
    cred = credentials(ctx)
    with UnitOfWork(db, ctx.actor(), read_only=True) as uow:
        decision_id = decisions.find_decision(uow.session, _year(ctx), _number(ctx)).id
    pdf = decision_signing.electronic_copy(db, ctx.actor(), decision_id, cred)
    print(f"electronic copy (SAO Y) written to {_write(ctx.args.output, pdf)}")
    return EXIT_OK


def cmd_document_verify(ctx: Context) -> int:
    from inspector.services.signing_verify import verify_pdf

    path = Path(ctx.args.file)
    result = verify_pdf(path.read_bytes())
    if ctx.args.json:
        emit_json(result.to_json())
    elif not result.signatures:
        print(f"{path}: no digital signature")
    else:
        for s in result.signatures:
            when = s.signed_at.isoformat() if s.signed_at else "?"
            state = "intact" if s.intact else "NOT INTACT"
            trust = "trusted" if s.trusted else "NOT TRUSTED"
            print(f"{s.signer}\t{when}\t{state}\t{trust}\t{s.reason}")
    return EXIT_OK if result.intact else EXIT_FAILED


def register_decision(decision: Any) -> None:
    p = decision.add_parser("agency-sign", help="add the agency's digital signature to a "
                            "signed decision (the clerk, with the agency's certificate)")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    add_credential_options(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--as", dest="as_user", metavar="LOGIN", default=argparse.SUPPRESS,
                   help="act as this user (password from the terminal or standard input)")
    p.set_defaults(func=cmd_decision_agency_sign)
    p = decision.add_parser("copy", help="an electronic copy (SAO Y) of a signed decision for a "
                            "party, signed with the agency's certificate")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    add_credential_options(p)
    p.add_argument("--as", dest="as_user", metavar="LOGIN", default=argparse.SUPPRESS,
                   help="act as this user (password from the terminal or standard input)")
    p.set_defaults(func=cmd_decision_copy)


def cmd_document_agency_sign(ctx: Context) -> int:
    from inspector.cli_law import parse_count
    from inspector.services import document_signing
    from inspector.services.issued_documents import find_document

    if not (ctx.args.token_label or ctx.args.p12):
        raise CliError("agency-sign needs --token-label L or --p12 FILE")
    number = parse_count(ctx.args.number, "NUMBER")
    year = parse_count(ctx.args.year, "--year")
    assert number is not None and year is not None
    db = ctx.db()
    cred = credentials(ctx)
    document_id = find_document(db, ctx.actor(), ctx.args.kind, number, year).id
    info = document_signing.add_agency_signature(db, ctx.actor(), document_id, cred)
    return _print_signature(ctx, info)


def register_document(document: Any) -> None:
    p = document.add_parser("agency-sign", help="add the agency's digital signature to a "
                            "signed letter (reminder, transfer)")
    p.add_argument("kind", metavar="KIND", choices=("reminder", "transfer"))
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    add_credential_options(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--as", dest="as_user", metavar="LOGIN", default=argparse.SUPPRESS,
                   help="act as this user (password from the terminal or standard input)")
    p.set_defaults(func=cmd_document_agency_sign)
    p = document.add_parser("verify", help="check the digital signatures of a PDF")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_document_verify)
