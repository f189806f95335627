"""Using requestlint from Python: lint one draft, lint a folder of drafts, and change which rules run.

Run from anywhere: python examples/usage.py
"""

from pathlib import Path

import requestlint
from requestlint import Settings

# Paths are resolved from this file, so the script works from any working directory.
DRAFTS = Path(__file__).resolve().parent / "drafts"

# A draft is plain text; optional "Subject:" style headers come first, then one blank line.
DRAFT = """\
Subject: Question

Hey Ms. Ortega,

I'm a sophomore at Iowa State studying agronomy. Could I pick your brain sometime about precision farming?

Let me know!
Sam
"""

# 1. Lint one draft. The report says what kind of email it is and scores it out of 100.
report = requestlint.check(DRAFT)
print(f"score {report.score:.0f}/100, kind: {report.kind.value}")
for finding in report.findings:
    print(f"  {finding.code} [{finding.severity.value}] {finding.message}")
    # Every finding carries the corrected form: a principle and, when the draft allows, a replacement.
    suggestion = finding.suggestion.replacement or finding.suggestion.principle
    print(f"      -> {suggestion}")

# report.pitfalls maps each of the six pitfalls to a result; "present" means a warning or error found it.
present = [name for name, result in report.pitfalls.items() if result.present]
print("pitfalls present:", ", ".join(present) or "none")

# 2. Lint many drafts at once; check_many accepts paths (or text, or .eml bytes) and streams reports back.
print()
paths = sorted((DRAFTS / "good").glob("*.txt"))
for path, result in zip(paths, requestlint.check_many(paths)):
    found = [name for name, pit in result.pitfalls.items() if pit.present]
    print(f"{path.name:48} {result.kind.value:10} {result.score:5.0f}  {', '.join(found) or 'ok'}")

# 3. Settings choose the rules: ignore (or select) takes codes, names, groups or pitfalls.
#    extra_rule_dirs=[...] adds your own rule folders (see examples/custom-rules).
quiet = Settings(ignore=["courtesy"])
report = requestlint.check(DRAFT, settings=quiet)
print()
print("without courtesy notes:", " ".join(f.code for f in report.findings))
