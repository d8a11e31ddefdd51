"""Field packages on the command line: ``inspector bundle export|prepare|import``.

``import --json`` prints ``added``, ``updated``, ``unchanged`` (counts per record kind),
``conflicts`` (the records changed on both sides, with their fields) and ``deleted`` (the
removals a laptop handed in, format 2). An import with
unresolved conflicts writes nothing and exits 1; ``--resolve ID=theirs|ours`` (or
``ID.FIELD=…``) chooses a side, and the choice is audited.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inspector.cli import EXIT_FAILED, EXIT_OK, Context, emit_json, extension
from inspector.cli_work import _uuid


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing"


def cmd_export(ctx: Context) -> int:
    from inspector.services.bundles_export import export_laptop

    made = export_laptop(ctx.db(), ctx.actor(), Path(ctx.args.output))
    if ctx.args.json:
        emit_json({"file": str(made.path), "bundle_id": str(made.bundle_id),
                   "counts": made.counts, "files": made.files})
    else:
        print(f"bundle {made.bundle_id} written to {made.path}: {_counts(made.counts)}; "
              f"{made.files} files")
    return EXIT_OK


def cmd_prepare(ctx: Context) -> int:
    from inspector.services.bundles_export import prepare_package

    ids = [_uuid(v, "--inspection") for v in ctx.args.inspection or []]
    made = prepare_package(ctx.db(), ctx.actor(), ctx.args.device, Path(ctx.args.output), ids,
                           ctx.args.block_size)
    blocks = "; ".join(f"{b['kind']} {b['year']}: {b['first']}–{b['last']}"
                       for b in made.number_blocks)
    if ctx.args.json:
        emit_json({"file": str(made.path), "bundle_id": str(made.bundle_id),
                   "counts": made.counts, "number_blocks": made.number_blocks})
    else:
        print(f"package {made.bundle_id} for {ctx.args.device} written to {made.path}: "
              f"{_counts(made.counts)}; record numbers {blocks}")
    return EXIT_OK


def cmd_import(ctx: Context) -> int:
    from inspector.services.bundles_import import (
        UnresolvedConflicts,
        import_bundle,
        parse_resolutions,
    )

    resolutions = parse_resolutions(ctx.args.resolve or [])
    try:
        summary = import_bundle(ctx.db(), ctx.actor(), Path(ctx.args.file),
                                dry_run=ctx.args.dry_run, resolutions=resolutions)
    except UnresolvedConflicts as exc:
        if ctx.args.json:
            emit_json(exc.summary.to_json())
        else:
            for c in exc.summary.unresolved:
                print(f"conflict {c.kind}/{c.id} ({c.label}): {', '.join(c.fields)}")
        print(f"inspector: {exc.en}", file=sys.stderr)
        return EXIT_FAILED
    if summary.already_imported is not None:
        print(f"bundle {summary.bundle_id} was already imported on "
              f"{summary.already_imported:%d/%m/%Y %H:%M} (UTC); nothing changed",
              file=sys.stderr)
    if ctx.args.json:
        emit_json(summary.to_json())
    elif summary.already_imported is None:
        verb = "would add" if summary.dry_run else "added"
        print(f"{'dry run: ' if summary.dry_run else ''}bundle {summary.bundle_id} from "
              f"{summary.source_device}: {verb} {_counts(summary.added)}; updated "
              f"{_counts(summary.updated)}; unchanged {_counts(summary.unchanged)}; "
              f"removed {_counts(summary.deleted)}; {len(summary.conflicts)} conflicts")
        for c in summary.conflicts:
            state = ", ".join(f"{k}={v}" for k, v in c.resolution.items()) or "unresolved"
            print(f"conflict {c.kind}/{c.id} ({c.label}): {', '.join(c.fields)} [{state}]")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    bundle = sub.add_parser("bundle", help="field packages between laptops and the register")
    actions = bundle.add_subparsers(dest="bundle_command", metavar="ACTION")
    p = actions.add_parser("export", help="laptop → register: new and changed field work")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export)
    p = actions.add_parser("prepare", help="register → laptop: a package for one device")
    p.add_argument("--device", required=True, metavar="NAME")
    p.add_argument("--inspection", action="append", metavar="ID",
                   help="an inspection for the device (repeat; default: the open ones)")
    p.add_argument("--block-size", type=int, default=50, metavar="N",
                   help="violation-record numbers to reserve for the device (default 50)")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_prepare)
    p = actions.add_parser("import", help="import a bundle of either kind")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    p.add_argument("--json", action="store_true")
    p.add_argument("--resolve", action="append", metavar="RECORD_ID[.FIELD]=theirs|ours",
                   help="resolve a conflict (repeat)")
    p.set_defaults(func=cmd_import)


extension(register)
