"""report.html: one self-contained page an instructor can project or print.

A class overview (score distribution, how often each pitfall occurs, the most common findings with examples)
and one card per student with the draft, its findings highlighted in place, and the suggestions. No scripts,
no external files: inline CSS and SVG only.
"""

from __future__ import annotations

import statistics
from html import escape

from requestlint.grading.grade import ClassResult, StudentResult
from requestlint.models import Finding
from requestlint.pitfalls import PITFALLS, label

CSS = """
:root { --ink: #1d2433; --muted: #5b6474; --line: #d8dce3; --error: #b42318; --warning: #b54708;
        --info: #175cd3; --ok: #067647; --bar: #3e63dd; }
* { box-sizing: border-box; }
body { font: 18px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 1.8em; margin: 0 0 4px; } h2 { font-size: 1.35em; margin: 32px 0 12px; }
.muted { color: var(--muted); }
.stats { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.stat { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 130px; }
.stat b { display: block; font-size: 1.6em; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 24px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
figcaption { font-weight: 600; margin-bottom: 8px; }
svg { width: 100%; height: auto; display: block; }
svg text { font-size: 13px; fill: var(--ink); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin: 20px 0;
        break-inside: avoid; page-break-inside: avoid; }
.card header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 12px; }
.card h3 { margin: 0; font-size: 1.3em; }
.grade { font-weight: 700; font-size: 1.3em; padding: 0 10px; border-radius: 6px; background: #eef2ff; }
.chip { display: inline-block; font-size: .8em; padding: 1px 8px; border-radius: 12px; margin: 2px;
        background: #fef3f2; color: var(--error); border: 1px solid #fecdca; }
.chip.none { background: #ecfdf3; color: var(--ok); border-color: #abefc6; }
.draft { white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-monospace, Menlo, Consolas, monospace;
         font-size: .85em; background: #f8f9fb; border: 1px solid var(--line); border-radius: 6px;
         padding: 12px; margin: 12px 0; max-width: 100%; overflow-x: hidden; }
mark { background: #fff3c4; border-bottom: 2px solid var(--warning); padding: 0 1px; }
mark.error { background: #fee4e2; border-bottom-color: var(--error); }
mark.info { background: #e0eaff; border-bottom-color: var(--info); }
sup.ref { font-size: .7em; color: var(--muted); }
ol.findings { padding-left: 1.4em; } ol.findings li { margin: 6px 0; }
.sev { font-size: .75em; text-transform: uppercase; letter-spacing: .04em; font-weight: 700; }
.sev.error { color: var(--error); } .sev.warning { color: var(--warning); } .sev.info { color: var(--info); }
.suggest { color: var(--muted); } .replace { font-style: italic; color: var(--ink); }
.failed { border-color: var(--error); }
@media print {
  body { font-size: 12pt; max-width: none; padding: 0; }
  .card { border-color: #999; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _histogram(scores: list[float]) -> str:
    bins = [0] * 10
    for score in scores:
        bins[min(int(score // 10), 9)] += 1
    top = max(bins) or 1
    width, height, base = 400, 190, 160
    bars = []
    for i, count in enumerate(bins):
        h = 130 * count / top
        x = 20 + i * 37
        bars.append(
            f'<rect x="{x}" y="{base - h:.1f}" width="30" height="{h:.1f}" fill="var(--bar)" rx="3">'
            f"<title>{i * 10}-{i * 10 + 9 if i < 9 else 100}: {count}</title></rect>"
            f'<text x="{x + 15}" y="{base - h - 4:.1f}" text-anchor="middle">{count or ""}</text>'
            f'<text x="{x + 15}" y="{base + 16}" text-anchor="middle">{i * 10}</text>'
        )
    return (
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="Score distribution" class="chart-scores">'
        f'<line x1="15" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#999"/>{"".join(bars)}'
        f'<text x="{width / 2}" y="{height - 2}" text-anchor="middle" class="muted">score</text></svg>'
    )


def _pitfall_bars(counts: dict[str, int], applicable: dict[str, int]) -> str:
    """One bar per pitfall: the share of the drafts it applies to (a thank-you pitfall counts thank-you notes)."""
    rows = []
    for i, pitfall in enumerate(PITFALLS):
        count, total = counts[pitfall], applicable[pitfall]
        share = count / total if total else 0.0
        y = 10 + i * 30
        rows.append(
            f'<text x="0" y="{y + 15}">{escape(label(pitfall))}</text>'
            f'<rect x="150" y="{y}" width="{220 * share:.1f}" height="20" fill="var(--bar)" rx="3">'
            f"<title>{count} of the {total} drafts it applies to</title></rect>"
            f'<text x="{156 + 220 * share:.1f}" y="{y + 15}">{count} ({share:.0%})</text>'
        )
    return (
        f'<svg viewBox="0 0 430 {20 + 30 * len(PITFALLS)}" role="img" aria-label="Pitfalls" class="chart-pitfalls">'
        f"{''.join(rows)}</svg>"
    )


def _highlighted(text: str, findings: list[Finding]) -> str:
    """The draft with each finding's span marked and numbered (overlaps keep the first mark)."""
    marks = sorted(
        ((i + 1, f) for i, f in enumerate(findings) if f.span is not None and f.span.end > f.span.start),
        key=lambda pair: pair[1].span.start if pair[1].span else 0,
    )
    out, pos = [], 0
    for number, finding in marks:
        assert finding.span is not None
        start, end = finding.span.start, finding.span.end
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(
            f'<mark class="{finding.severity.value}" title="{escape(finding.message)}">{escape(text[start:end])}</mark>'
            f'<sup class="ref">{number}</sup>'
        )
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _corrected(finding: Finding, draft_text: str | None) -> str:
    """The finding's edit as corrected wording: what goes and what comes (``requestlint fix`` applies it)."""
    if not finding.suggestion.edits or draft_text is None:
        return ""
    edit = finding.suggestion.edits[0]
    old, new = draft_text[edit.start : edit.end], edit.text.strip()
    label = "Fix" if edit.safe else "Rewrite"
    gone = f"<del>{escape(old.strip())}</del>" if old.strip() else ""
    added = f"<ins>{escape(new)}</ins>" if new else ""
    arrow = " → " if gone and added else ""
    return f'<span class="replace">{label}: {gone}{arrow}{added}</span>'


def _card(student: StudentResult, draft_text: str | None) -> str:
    name = escape(student.student)
    if student.report is None:
        return (
            f'<section class="card failed student"><header><h3>{name}</h3>'
            f'<span class="muted">{escape(student.origin)}</span></header>'
            f"<p><b>Not graded:</b> {escape(student.error or 'unknown problem')}</p></section>"
        )
    report = student.report
    chips = "".join(f'<span class="chip">{escape(label(p))}</span>' for p in student.present)
    chips = chips or '<span class="chip none">No pitfalls</span>'
    items = []
    for number, finding in enumerate(report.findings, start=1):
        replacement = ""
        corrected = _corrected(finding, draft_text)
        if corrected:
            replacement = f" {corrected}"
        elif finding.suggestion.replacement:
            replacement = f' <span class="replace">Try: “{escape(finding.suggestion.replacement)}”</span>'
        where = "" if finding.span else " (missing)"
        items.append(
            f'<li value="{number}"><span class="sev {finding.severity.value}">{finding.severity.value}</span> '
            f"{escape(finding.message)}{where}<br>"
            f'<span class="suggest">{escape(finding.suggestion.principle)}.</span>{replacement}</li>'
        )
    findings = f'<ol class="findings">{"".join(items)}</ol>' if items else "<p>No findings. Well done.</p>"
    draft = f'<div class="draft">{_highlighted(draft_text, report.findings)}</div>' if draft_text else ""
    return (
        f'<section class="card student" id="{escape(student.origin)}"><header><h3>{name}</h3>'
        f'<span class="grade">{escape(student.grade or "")}</span>'
        f"<span>score <b>{student.score:g}</b>/100</span>"
        f'<span class="muted">{escape(report.kind.value)} · {escape(student.origin)}</span></header>'
        f"<div>{chips}</div>{draft}{findings}</section>"
    )


def _rule_summaries(result: ClassResult) -> dict[str, str]:
    """What each rule does, in the rule's own words (a finding's message quotes one student's draft)."""
    from requestlint.loader import load_rules

    ruleset = load_rules(tuple(result.rubric.extra_rule_dirs))
    return {rule.code: rule.summary for rule in ruleset.rules}


def render_html(result: ClassResult, drafts: dict[str, str]) -> str:
    """``drafts`` maps a student's origin to the text its offsets refer to."""
    graded = result.graded
    scores = [s.score for s in graded if s.score is not None]
    total = len(graded)
    counts, applicable = result.pitfall_counts(), result.pitfall_applicable()
    skipped = result.skipped
    stats = [
        ("Drafts", str(len(result.students))),
        ("Graded", str(total)),
        ("Not graded", str(len(result.failed))),
        ("Skipped", str(len(skipped))),
        ("Median score", f"{statistics.median(scores):g}" if scores else "-"),
        ("Mean score", f"{statistics.mean(scores):.1f}" if scores else "-"),
    ]
    grades: dict[str, int] = {}
    for student in graded:
        grades[student.grade or ""] = grades.get(student.grade or "", 0) + 1
    band_rows = "".join(
        f"<tr><td>{escape(b.grade)}</td><td>{b.min:g}+</td><td>{grades.get(b.grade, 0)}</td></tr>"
        for b in sorted(result.rubric.bands, key=lambda b: -b.min)
    )
    summaries = _rule_summaries(result)
    common_rows = []
    for code, message, n, examples in result.common_findings():
        message = summaries.get(code, message)
        shown = "; ".join(f"{escape(who)}: “{escape(match)}”" for who, match in examples)
        common_rows.append(f"<tr><td>{escape(code)}</td><td>{escape(message)}</td><td>{n}</td><td>{shown}</td></tr>")
    cards = "".join(_card(s, drafts.get(s.origin)) for s in result.students if s.status != "skipped")
    skipped_rows = "".join(f"<tr><td>{escape(s.origin)}</td><td>{escape(s.error or '')}</td></tr>" for s in skipped)
    skipped_html = (
        '<h2>Skipped files</h2><p class="muted">Files in a submissions folder that were not read as drafts.</p>'
        f'<table class="skipped"><tr><th>File</th><th>Why</th></tr>{skipped_rows}</table>'
        if skipped
        else ""
    )
    stat_html = "".join(f'<div class="stat"><span class="muted">{k}</span><b>{v}</b></div>' for k, v in stats)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(result.rubric.title)} · class report</title><style>{CSS}</style></head>
<body>
<header><h1>{escape(result.rubric.title)}</h1>
<p class="muted">Class report by requestlint: {len(result.students)} drafts.</p></header>
<section id="overview"><h2>Class overview</h2><div class="stats">{stat_html}</div>
<div class="charts">
<figure><figcaption>Score distribution</figcaption>{_histogram(scores)}</figure>
<figure><figcaption>How often each pitfall occurs</figcaption>{_pitfall_bars(counts, applicable)}</figure>
</div>
<h2>Grades</h2><table class="bands"><tr><th>Grade</th><th>Score</th><th>Students</th></tr>{band_rows}</table>
<h2>Most common findings</h2>
<table class="common"><tr><th>Rule</th><th>What it says</th><th>Students</th><th>Examples</th></tr>
{"".join(common_rows) or '<tr><td colspan="4">None</td></tr>'}</table>
{skipped_html}
</section>
<section id="students"><h2>Feedback for each student</h2>{cards}</section>
</body></html>
"""
