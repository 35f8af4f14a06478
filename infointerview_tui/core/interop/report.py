"""The counsellor's report as JSON, Markdown or one self-contained HTML page.

All three are drawn from the same data (core/report.py), so they carry the same numbers.
The HTML has inline SVG charts and inline CSS only: no scripts, nothing fetched, and it
prints on paper as it shows on screen.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from ..stages import STAGES
from .svgcharts import Bar, bar_chart, week_chart

FORMATS = ("html", "md", "json")
STAGE_LABEL = {str(s.number): f"{s.number} {s.label}" for s in STAGES}


def render(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return markdown(data)
    if fmt == "html":
        return html_page(data)
    raise ValueError(f"unknown report format {fmt!r} (html, md or json)")


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"


def _period(data: dict[str, Any]) -> str:
    p = data["period"]
    since = p["since"][:10] if p["since"] else "the first contact"
    return f"{p['label']}: {since} to {p['until'][:10]} ({num(p['weeks'])} weeks)"


def _key_figures(data: dict[str, Any]) -> list[tuple[str, str]]:
    o, i, r, d = data["outreach"], data["interviews"], data["referrals"], data["overdue"]
    return [
        ("messages sent", str(o["sent"])),
        ("replied", f"{o['replied']} ({pct(o['reply_rate'])})"),
        ("median business days to reply", num(o["median_business_days_to_reply"])),
        ("interviews done", str(i["done"])),
        ("interviews a week", f"{num(i['per_week'], 2)} (goal {i['goal_per_week']})"),
        ("referrals", str(r["count"])),
        ("referrals per interview", num(r["per_interview"], 2)),
        ("thank-yous overdue", str(d["thank_yous"])),
        ("stay-in-touch touches overdue", str(d["stay_in_touch"])),
    ]


def _outreach_rows(data: dict[str, Any]) -> list[list[str]]:
    rows = []
    for kind, groups in (
        ("channel", data["outreach"]["by_channel"]),
        ("found by", data["outreach"]["by_source"]),
    ):
        for g in groups:
            resp = g["responsiveness"]
            rows.append(
                [
                    f"{kind}: {g['label']}",
                    str(g["sent"]),
                    str(g["replied"]),
                    pct(g["reply_rate"]),
                    num(g["median_business_days_to_reply"]),
                    str(resp["booster"]),
                    str(resp["obligate"]),
                    str(resp["curmudgeon"]),
                    str(resp["too_early"]),
                ]
            )
    return rows


OUTREACH_HEAD = [
    "",
    "sent",
    "replied",
    "rate",
    "median days to reply",
    "boosters",
    "obligates",
    "curmudgeons",
    "too early",
]


def _stuck(data: dict[str, Any]) -> list[list[str]]:
    return [
        ([s["name"]] if "name" in s else []) + [STAGE_LABEL[str(s["stage"])], num(s["days"], 0)]
        for s in data["stuck"]
    ]


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def markdown(data: dict[str, Any]) -> str:
    out = ["# Information interviews: progress report", "", _period(data), ""]
    out += ["## Key figures", ""] + _md_table(["", ""], [list(r) for r in _key_figures(data)])
    out += ["", "## Funnel: people who reached each stage", ""]
    out += _md_table(
        ["stage", "people", "of the stage before"],
        [
            [STAGE_LABEL[s], str(n), pct(data["conversion"].get(s))]
            for s, n in data["funnel"].items()
        ],
    )
    out += ["", "## Outreach", ""] + _md_table(OUTREACH_HEAD, _outreach_rows(data))
    w = data["weekly"]
    out += ["", f"## Weekly activity (goals: {w['goal_outreach']} sent, "]
    out[-1] += f"{w['goal_interviews']} interviews a week)"
    out += [""] + _md_table(
        ["week of", "sent", "interviews"],
        [[x["week"], str(x["sent"]), str(x["interviews"])] for x in w["weeks"]],
    )
    a, r = data["air"], data["referrals"]
    out += ["", "## AIR yield per interview", ""]
    out += _md_table(
        ["", "count", "per interview"],
        [
            ["advice", str(a["advice"]), num(a["advice_per_interview"], 2)],
            ["insight", str(a["insight"]), num(a["insight_per_interview"], 2)],
            ["referrals", str(r["count"]), num(r["per_interview"], 2)],
        ],
    )
    out += [
        "",
        f"Referral chains (all time): {r['chains']}; the deepest is {r['deepest']} "
        f"step(s), the widest {r['widest']} people from one person, the largest "
        f"{r['largest']} people.",
    ]
    out += ["", "## Time in stage (median days)", ""]
    out += _md_table(
        ["stage", "median days"],
        [[STAGE_LABEL[s], num(d)] for s, d in data["time_in_stage"].items()],
    )
    if data["stuck"]:
        head = (["name"] if "name" in data["stuck"][0] else []) + ["stage", "days in it"]
        out += ["", "Longest in their stage:", ""] + _md_table(head, _stuck(data))
    if "names" in data:
        names = data["names"]
        out += ["", "## Overdue, by name", ""]
        out += [f"- thank-you: {', '.join(names['overdue_thank_yous']) or 'none'}"]
        out += [f"- stay in touch: {', '.join(names['overdue_stay_in_touch']) or 'none'}"]
    out += ["", "## For comparison: published figures", ""]
    out += _md_table(
        ["figure", "what", "source", "kind"],
        [[x["figure"], x["claim"], x["source"], x["kind"]] for x in data["references"]],
    )
    return "\n".join(out) + "\n"


CSS = """
body { font-family: sans-serif; color: #222; max-width: 52em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0; } td, th { padding: 0.25em 0.6em; }
th { text-align: left; border-bottom: 1px solid #999; } td { border-bottom: 1px solid #eee; }
td.n, th.n { text-align: right; } .muted { color: #666; } svg { max-width: 100%; height: auto; }
.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 0.6em; }
.figure { border: 1px solid #ccc; padding: 0.5em; } .figure b { display: block; font-size: 1.4em; }
@media print { body { margin: 0; max-width: none; } section { break-inside: avoid; } }
"""


def _html_table(head: list[str], rows: list[list[str]], *, numbers: bool = True) -> str:
    def cls(i: int) -> str:
        return ' class="n"' if i and numbers else ""

    out = ["<table><tr>" + "".join(f"<th{cls(i)}>{escape(h)}</th>" for i, h in enumerate(head))]
    out.append("</tr>")
    for row in rows:
        out.append(
            "<tr>" + "".join(f"<td{cls(i)}>{escape(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        )
    return "".join(out) + "</table>"


def html_page(data: dict[str, Any]) -> str:
    funnel_bars = [
        Bar(STAGE_LABEL[s], n, f"({pct(data['conversion'][s])} of the stage before)")
        if s in data["conversion"]
        else Bar(STAGE_LABEL[s], n)
        for s, n in data["funnel"].items()
    ]
    rate_bars = [
        Bar(
            f"{kind}: {g['label']}",
            round((g["reply_rate"] or 0) * 100),
            f"({g['replied']}/{g['sent']})",
        )
        for kind, key in (("channel", "by_channel"), ("found by", "by_source"))
        for g in data["outreach"][key]
    ]
    w = data["weekly"]
    weeks = [(x["week"][5:], x["sent"], x["interviews"]) for x in w["weeks"]]
    stage_bars = [Bar(STAGE_LABEL[s], round(d or 0, 1)) for s, d in data["time_in_stage"].items()]
    a, r = data["air"], data["referrals"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Information interviews: progress report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Information interviews: progress report</h1>",
        f'<p class="muted">{escape(_period(data))}</p>',
        '<section><h2>Key figures</h2><div class="figures">',
        *(
            f'<div class="figure"><b>{escape(v)}</b>{escape(k)}</div>'
            for k, v in _key_figures(data)
        ),
        "</div></section>",
        "<section><h2>Funnel: people who reached each stage</h2>",
        bar_chart("Funnel: people who reached each stage", funnel_bars),
        "</section><section><h2>Outreach</h2>",
        bar_chart(
            "Reply rate by channel and by how they were found", rate_bars, unit="%", scale_max=100
        ),
        _html_table(OUTREACH_HEAD, _outreach_rows(data)),
        '<p class="muted">Booster: replied within 3 business days; obligate: replied later; '
        "curmudgeon: no reply 14 business days on; too early: none of these yet.</p>",
        "</section><section><h2>Weekly activity</h2>",
        f'<p class="muted">Blue: messages sent (goal {w["goal_outreach"]} a week); green: '
        f"interviews held (goal {w['goal_interviews']} a week); dashed lines: the goals.</p>",
        week_chart(
            "Messages sent and interviews held per week",
            weeks,
            w["goal_outreach"],
            w["goal_interviews"],
        ),
        "</section><section><h2>AIR yield per interview</h2>",
        _html_table(
            ["", "count", "per interview"],
            [
                ["advice", str(a["advice"]), num(a["advice_per_interview"], 2)],
                ["insight", str(a["insight"]), num(a["insight_per_interview"], 2)],
                ["referrals", str(r["count"]), num(r["per_interview"], 2)],
            ],
        ),
        f"<p>Referral chains (all time): {r['chains']}; the deepest is {r['deepest']} "
        f"step(s), the widest {r['widest']} people from one person, the largest "
        f"{r['largest']} people.</p>",
        "</section><section><h2>Time in stage (median days)</h2>",
        bar_chart("Median days in each stage", stage_bars, unit=" d"),
    ]
    if data["stuck"]:
        head = (["name"] if "name" in data["stuck"][0] else []) + ["stage", "days in it"]
        parts += ["<p>Longest in their stage:</p>", _html_table(head, _stuck(data))]
    parts.append("</section>")
    if "names" in data:
        names = data["names"]
        parts += [
            "<section><h2>Overdue, by name</h2><ul>",
            f"<li>thank-you: {escape(', '.join(names['overdue_thank_yous']) or 'none')}</li>",
            "<li>stay in touch: "
            f"{escape(', '.join(names['overdue_stay_in_touch']) or 'none')}</li>",
            "</ul></section>",
        ]
    parts += [
        "<section><h2>For comparison: published figures</h2>",
        _html_table(
            ["figure", "what", "source", "kind"],
            [[x["figure"], x["claim"], x["source"], x["kind"]] for x in data["references"]],
            numbers=False,
        ),
        "</section></body></html>",
    ]
    return "\n".join(parts) + "\n"
