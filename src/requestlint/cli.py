"""The command line: ``requestlint check | rules | explain | schema | docs``.

Exit codes: 0 when no finding reaches ``--fail-on``, 1 when one does, 2 for bad input or usage.
"""

from __future__ import annotations

import argparse
import codecs
import gc
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from requestlint import __version__
from requestlint.config import Settings, load_settings, read_settings_file
from requestlint.errors import InputError, RequestlintError
from requestlint.formatters import FORMATS
from requestlint.models import DraftKind, Report, Severity
from requestlint.source import Source, read_draft, read_draft_file

if TYPE_CHECKING:
    from requestlint.fixing import FixResult

# spaCy and the rules are imported inside the commands that need them: `requestlint sendmail` must start,
# and hand the mail on, even when they are broken.

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="settings file (requestlint.toml or pyproject.toml)")
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULE",
        help="run only these (code, name, group or pitfall); repeatable, comma-separated",
    )
    parser.add_argument(
        "--ignore", action="append", default=[], metavar="RULE", help="skip these (code, name, group or pitfall)"
    )
    parser.add_argument(
        "--rules-dir", action="append", default=[], type=Path, metavar="DIR", help="an extra folder of rules"
    )
    parser.add_argument("--preview", action="store_true", default=None, help="also run preview rules")


def _languagetool(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--languagetool",
        metavar="URL",
        help="check grammar and spelling with the LanguageTool server at URL (its base URL, without /v2)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="requestlint", description="Lint informational-interview request emails.")
    parser.add_argument("--version", action="version", version=f"requestlint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="check drafts (files, .eml messages, or - for stdin)")
    check.add_argument("inputs", nargs="+", help="draft files; - reads standard input")
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        default=None,
        help="lowest severity that makes the exit status 1 (default: warning)",
    )
    check.add_argument(
        "--kind",
        choices=[k.value for k in DraftKind],
        default=None,
        help="treat the drafts as this kind instead of recognising it",
    )
    check.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    check.add_argument("--fix", action="store_true", help="apply the safe fixes to the files first, then report")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix: also the content fixes")
    _languagetool(check)
    _common(check)

    fix = commands.add_parser(
        "fix", help="apply the findings' fixes: print the corrected draft (or --diff, or --write the files)"
    )
    fix.add_argument("inputs", nargs="+", help="draft files; - reads standard input")
    fix.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="also apply content fixes (a new ask, a background sentence, an owned next step)",
    )
    output = fix.add_mutually_exclusive_group()
    output.add_argument("--diff", action="store_true", help="print a unified diff instead of the corrected draft")
    output.add_argument("--write", action="store_true", help="edit the files in place")
    fix.add_argument("--kind", choices=[k.value for k in DraftKind], default=None, help="treat the drafts as this kind")
    _common(fix)

    rules = commands.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=["text", "json"], default="text")
    _common(rules)

    explain = commands.add_parser(
        "explain", help="print a rule's or a pitfall's documentation, or how the score is computed"
    )
    explain.add_argument("code", nargs="?", help="rule code, name or alias, or a pitfall id (generic-thanks)")
    explain.add_argument("--scoring", action="store_true", help="explain the score formula")
    explain.add_argument("--rules-dir", action="append", default=[], type=Path, metavar="DIR")

    schema = commands.add_parser("schema", help="print the JSON Schema of reports and of rule files")
    schema.add_argument("which", nargs="?", choices=["all", "report", "rule", "cases"], default="all")

    grade = commands.add_parser("grade", help="grade a class: report.html, grades.csv and results.json")
    grade.add_argument("inputs", nargs="+", type=Path, help="a folder of drafts, .csv, .mbox, .jsonl or draft files")
    grade.add_argument("--out", type=Path, required=True, help="folder for the outputs")
    grade.add_argument("--rubric", type=Path, help="rubric YAML: weights per pitfall, grade bands, rules")
    grade.add_argument("--student-column", help="CSV column naming the student (default: guessed)")
    grade.add_argument("--subject-column", help="CSV column holding the subject line (default: guessed)")
    grade.add_argument("--body-column", help="CSV column holding the draft (default: guessed)")
    grade.add_argument("--jobs", type=int, help="worker processes (default: every core)")
    grade.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="check the drafts on this Dask cluster (e.g. tcp://10.0.0.5:8786) instead of this machine's cores",
    )
    grade.add_argument("--config", type=Path, help="settings file (requestlint.toml or pyproject.toml)")
    _languagetool(grade)

    sendmail = commands.add_parser(
        "sendmail", help="gate sending: check the message on stdin, then hand it to the real sendmail"
    )
    sendmail.add_argument("--fail-on", choices=[s.value for s in Severity], default="warning")
    sendmail.add_argument("--fail-closed", action="store_true", help="refuse to send when requestlint fails")
    sendmail.add_argument("--timeout", type=float, default=30.0, help="seconds before the check is given up")
    sendmail.add_argument("--rules-dir", action="append", default=[], metavar="DIR")
    sendmail.add_argument("sendmail", nargs=argparse.REMAINDER, help="-- the real sendmail and its arguments")

    hook = commands.add_parser("hook", help="hooks for other tools")
    hook_kinds = hook.add_subparsers(dest="hook", required=True)
    git_hook = hook_kinds.add_parser("git-send-email", help="for git's sendemail-validate hook: check one email file")
    git_hook.add_argument("file", type=Path)
    git_hook.add_argument("--fail-on", choices=[s.value for s in Severity], default="warning")

    serve = commands.add_parser(
        "serve", help="HTTP service: a drafting page, a JSON API and a LanguageTool-compatible API"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--max-bytes", type=int, default=200_000, help="largest request body accepted")
    serve.add_argument("--timeout", type=float, default=20.0, help="seconds a check may take before a 503")
    serve.add_argument(
        "--max-upload-bytes", type=int, default=5_000_000, help="largest class file the page's class view accepts"
    )
    _common(serve)

    docs = commands.add_parser("docs", help="write one Markdown page per rule, and the index")
    docs.add_argument("--out", type=Path, help="folder for the pages")
    docs.add_argument("--index", type=Path, help="write only the index table to this file")
    docs.add_argument("--rules-dir", action="append", default=[], type=Path, metavar="DIR")
    return parser


def _split(values: list[str]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _settings(args: argparse.Namespace) -> Settings:
    config: Path | None = getattr(args, "config", None)
    base = read_settings_file(config) if config else load_settings()
    extra = [*base.extra_rule_dirs, *[d.resolve() for d in getattr(args, "rules_dir", [])]]
    languagetool_url: str | None = getattr(args, "languagetool", None)
    return base.merged(
        languagetool_url=languagetool_url,
        languagetool="remote" if languagetool_url else None,
        select=_split(getattr(args, "select", [])),
        ignore=_split(getattr(args, "ignore", [])),
        extra_rule_dirs=extra,
        preview=getattr(args, "preview", None),
        fail_on=getattr(args, "fail_on", None),
        kind=getattr(args, "kind", None),
    )


def _read_inputs(inputs: Sequence[str]) -> list[Source]:
    sources = []
    for name in inputs:
        if name == "-":
            sources.append(read_draft(sys.stdin.buffer.read(), name="-"))
            continue
        path = Path(name)
        if path.is_dir():
            raise InputError(
                "is a folder; give draft files (a whole class is graded with 'requestlint grade')", path=path
            )
        if not path.exists():
            raise InputError("no such file", path=path)
        sources.append(read_draft_file(path))
    return sources


def _cmd_check(args: argparse.Namespace) -> int:
    from requestlint.api import check_many

    settings = _settings(args)
    if args.fix:
        if "-" in args.inputs:
            raise InputError("--fix edits files in place; for standard input use 'requestlint fix -'")
        _fix_files(args, settings, write=True)
    elif args.unsafe_fixes:
        raise InputError("--unsafe-fixes goes with --fix")
    sources = _read_inputs(args.inputs)
    reports: list[Report] = list(check_many(sources, settings=settings))
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    output = FORMATS[args.format](reports, color=color) if args.format == "text" else FORMATS[args.format](reports)  # type: ignore[call-arg]
    sys.stdout.write(output)
    failing = any(r.at_or_above(settings.fail_on) for r in reports)
    return EXIT_FINDINGS if failing else EXIT_OK


def _cmd_fix(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if not (args.write or args.diff) and len(args.inputs) > 1:
        raise InputError("give one draft to print corrected, or use --diff or --write for several")
    if args.write and "-" in args.inputs:
        raise InputError("--write edits files; standard input has none (leave out --write to print the result)")
    results = _fix_files(args, settings, write=args.write)
    failing = any(result.after.at_or_above(settings.fail_on) for _, result in results)
    return EXIT_FINDINGS if failing else EXIT_OK


def _fix_files(args: argparse.Namespace, settings: Settings, *, write: bool) -> list[tuple[str, FixResult]]:
    """Fix each input: print it corrected (or its diff), or write it back; a summary per input on stderr."""
    import difflib

    from requestlint.fixing import fix

    results = []
    for name, source in zip(args.inputs, _read_inputs(args.inputs), strict=True):
        result = fix(source, unsafe=args.unsafe_fixes, settings=settings)
        results.append((name, result))
        if write:
            if result.applied:
                _write_back(Path(name), source, result.text)
        elif getattr(args, "diff", False):
            label = "stdin" if name == "-" else name.lstrip("/")
            diff = difflib.unified_diff(
                source.text.splitlines(keepends=True),
                result.text.splitlines(keepends=True),
                fromfile=f"a/{label}",
                tofile=f"b/{label}",
            )
            sys.stdout.writelines(diff)
        else:
            sys.stdout.write(result.text)
        sys.stderr.write(_fix_summary(name, result, args.unsafe_fixes))
    return results


def _fix_summary(name: str, result: FixResult, unsafe: bool) -> str:
    left = len(result.after.at_or_above(Severity.WARNING))
    line = f"{name}: {len(result.applied)} fix(es) applied, {left} warning(s) or error(s) left"
    if result.left_out:
        line += f", {len(result.left_out)} fix(es) left out (overlapping, adding a finding or doubling a word)"
    if result.unsafe_available and not unsafe:
        line += f"; --unsafe-fixes would try {result.unsafe_available} content fix(es)"
    return line + "\n"


def _write_back(path: Path, source: Source, text: str) -> None:
    """The fixed text in place of the file: the same encoding (UTF-8, a BOM kept) and line endings."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("is not UTF-8; requestlint writes fixes only into UTF-8 files", path=path) from None
    if source.text.encode("utf-8") not in (raw, raw.removeprefix(codecs.BOM_UTF8)):
        raise InputError("changed while it was being fixed, or is not plain text; not written", path=path)
    from requestlint.grading.outputs import write_output  # whole file or nothing, never through a link

    prefix = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) and not text.startswith("\ufeff") else b""
    write_output(path, prefix + text.encode("utf-8"))


def _cmd_rules(args: argparse.Namespace) -> int:
    from requestlint.catalog import rule_rows
    from requestlint.loader import load_rules

    settings = _settings(args)
    rows = rule_rows(load_rules(tuple(settings.extra_rule_dirs)), settings)
    if args.format == "json":
        sys.stdout.write(json.dumps([row.model_dump(mode="json") for row in rows], indent=2) + "\n")
        return EXIT_OK
    for row in sorted(rows, key=lambda r: r.code):
        flag = " " if row.enabled else "-"
        sys.stdout.write(f"{flag} {row.code}  {row.name:<36} {row.pitfall:<19} {row.severity.value:<8} {row.summary}\n")
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace) -> int:
    from requestlint.docgen import explain, render_scoring

    if args.scoring:
        sys.stdout.write(render_scoring())
        return EXIT_OK
    if not args.code:
        raise InputError("give a rule code or a pitfall (e.g. 'requestlint explain ASK03') or --scoring")
    sys.stdout.write(explain(args.code, tuple(d.resolve() for d in args.rules_dir)))
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from requestlint.schema import CasesFile, RuleFile

    schemas = {
        "report": Report.model_json_schema(),
        "rule": RuleFile.model_json_schema()["$defs"]
        | {"RuleSpec": RuleFile.model_json_schema()["properties"]["rule"]},
        "cases": CasesFile.model_json_schema(),
    }
    chosen = schemas if args.which == "all" else schemas[args.which]
    sys.stdout.write(json.dumps(chosen, indent=2) + "\n")
    return EXIT_OK


def _cmd_docs(args: argparse.Namespace) -> int:
    from requestlint.bundled import bundled_rules_dir
    from requestlint.docgen import cases_for, render_index, render_rule
    from requestlint.loader import load_rules

    directories = (bundled_rules_dir(), *[d.resolve() for d in args.rules_dir])
    ruleset = load_rules(tuple(d.resolve() for d in args.rules_dir))
    if args.index:
        args.index.write_text(render_index(list(ruleset.rules)), encoding="utf-8")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for rule in ruleset.rules:
            cases = next((c for d in directories if (c := cases_for(d, rule)) is not None), None)
            (args.out / f"{rule.code}.md").write_text(render_rule(rule, cases), encoding="utf-8")
        (args.out / "index.md").write_text(render_index(list(ruleset.rules)), encoding="utf-8")
    if not args.index and not args.out:
        raise InputError("give --out DIR and/or --index FILE")
    return EXIT_OK


def _cmd_grade(args: argparse.Namespace) -> int:
    from requestlint.grading import CsvColumns, grade_class, load_rubric
    from requestlint.grading.grade import terminal_progress
    from requestlint.grading.workshop import OUTPUTS

    rubric = load_rubric(args.rubric) if args.rubric else None
    columns = CsvColumns(args.student_column, args.subject_column, args.body_column)
    client = None
    if args.scheduler:
        from requestlint.grading.cluster import connect

        client = connect(args.scheduler)
    try:
        result = grade_class(
            args.inputs,
            args.out,
            rubric=rubric,
            settings=_settings(args),
            columns=columns,
            jobs=args.jobs,
            progress=terminal_progress,
            client=client,
        )
    finally:
        if client is not None:
            client.close()
    counts = [f"graded {len(result.graded)} of {len(result.students)} drafts"]
    if result.skipped:
        counts.append(f"{len(result.skipped)} skipped")
    if result.failed:
        counts.append(f"{len(result.failed)} not graded")
    sys.stdout.write(f"{'; '.join(counts)}; wrote {', '.join(str(args.out / name) for name in OUTPUTS)}\n")
    for student in result.skipped:
        sys.stdout.write(f"skipped: {student.origin}: {student.error}\n")
    for student in result.failed:
        sys.stdout.write(f"not graded: {student.origin}: {student.error}\n")
    return EXIT_OK


def _cmd_sendmail(args: argparse.Namespace) -> int:
    from requestlint import sendgate

    argv = args.sendmail[1:] if args.sendmail[:1] == ["--"] else args.sendmail
    if not argv:
        raise InputError("give the real sendmail after '--', e.g. requestlint sendmail -- /usr/bin/msmtp -t")
    raw = sys.stdin.buffer.read()
    return sendgate.run(
        argv,
        raw=raw,
        fail_on=args.fail_on,
        fail_closed=args.fail_closed,
        extra_rule_dirs=[str(d) for d in args.rules_dir],
        timeout=args.timeout,
    )


def _cmd_hook(args: argparse.Namespace) -> int:
    from requestlint import sendgate

    path: Path = args.file
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from exc
    decision = sendgate.decide(raw, fail_on=args.fail_on)
    if decision.summary:
        sys.stderr.write(decision.summary + "\n")
    return EXIT_OK if decision.deliver else EXIT_FINDINGS


def _cmd_serve(args: argparse.Namespace) -> int:
    from requestlint.server import serve

    gc.set_threshold(*_USUAL_THRESHOLDS)  # a server runs for days: it collects at the usual pace
    serve(
        host=args.host,
        port=args.port,
        settings=_settings(args),
        max_bytes=args.max_bytes,
        timeout=args.timeout,
        max_upload_bytes=args.max_upload_bytes,
    )
    return EXIT_OK


COMMANDS = {
    "sendmail": _cmd_sendmail,
    "hook": _cmd_hook,
    "serve": _cmd_serve,
    "check": _cmd_check,
    "fix": _cmd_fix,
    "grade": _cmd_grade,
    "rules": _cmd_rules,
    "explain": _cmd_explain,
    "schema": _cmd_schema,
    "docs": _cmd_docs,
}


GC_THRESHOLDS = (200_000, 30, 30)
"""The cyclic collector's thresholds in the command's own process (mypy's, set for the same reason)."""
_USUAL_THRESHOLDS = gc.get_threshold()  # the interpreter's own, before entry() changes them


def entry() -> None:
    """The ``requestlint`` command (console script, ``python -m requestlint``): ``main`` in a process of its own.

    Loading spaCy and its model leaves about 100,000 objects that every full run of the cyclic garbage collector
    walks again: two such runs in a cold ``check`` and those at exit cost about 0.15 s, as much as requestlint's
    own start and check. A process that ends after one command can collect rarely and skip the collection
    at exit, which only ever finds objects that are about to go anyway (``serve``, which does not end, goes back
    to the usual pace). ``main`` itself leaves the collector alone: it also runs inside other programs (tests,
    tools).
    """
    gc.set_threshold(*GC_THRESHOLDS)
    code = main()
    gc.freeze()  # exit handlers and flushing still run; the last collection skips what is frozen
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except RequestlintError as exc:
        sys.stderr.write(f"requestlint: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
