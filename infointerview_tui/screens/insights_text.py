"""The insights screen's text panels: outreach table, AIR yield, published references."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from ..core.references import REFERENCES

if TYPE_CHECKING:
    from ..core.insights import Insights
    from ..core.reply_rates import OutreachGroup


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def days(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


HEAD = f"{'':<18}{'sent':>5}{'replied':>8}{'rate':>6}{'days':>6}   boost/oblig/curm/early"
# A panel narrower than HEAD (80x24): shorter headings and columns, the split's key below.
SHORT_HEAD = f"{'':<16}{'sent':>5}{'repl':>5}{'rate':>5}{'days':>5}  b/o/c/e"


def _row(label: str, g: OutreachGroup, style: str = "", short: bool = False) -> Content:
    split = f"{g.boosters}/{g.obligates}/{g.curmudgeons}/{g.too_early}"
    rate, median = pct(g.reply_rate), days(g.median_reply_days)
    if short:
        return Content.assemble(
            (f"{label[:15]:<16}", style),
            f"{g.sent:>5}{g.replied:>5}{rate:>5}{median:>5}  ",
            (split, "$text-muted"),
        )
    return Content.assemble(
        (f"{label[:17]:<18}", style),
        f"{g.sent:>5}{g.replied:>8}{rate:>6}{median:>6}   ",
        (split, "$text-muted"),
    )


BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(value: float, peak: float, width: int) -> str:
    """A horizontal bar of `width` cells at most, in eighths of a cell."""
    if peak <= 0 or value <= 0:
        return ""
    eighths = max(1, round(8 * width * value / peak))
    return "█" * (eighths // 8) + (BLOCKS[eighths % 8] if eighths % 8 else "")


FUNNEL_BAR = 34  # cells of the longest bar, room allowing
FUNNEL_REST = 32  # the cells of a funnel line that are not its bar


def funnel_bar(panel: int) -> int:
    """The longest bar's width in a panel `panel` cells wide (8 at least)."""
    return max(8, min(FUNNEL_BAR, panel - FUNNEL_REST))


def funnel_text(ins: Insights, width: int = FUNNEL_BAR) -> Content:
    """People who reached each stage, as bars, with the conversion from the stage before."""
    peak = max((s.reached for s in ins.funnel), default=0)
    lines = []
    for step in ins.funnel:
        conversion = (
            "" if step.conversion is None else f"{step.conversion * 100:3.0f}% of {step.stage - 1}"
        )
        lines.append(
            Content.assemble(
                (f"{step.stage} {step.name:<13}", ""),
                (f"{bar(step.reached, peak, width):<{width}}", "$primary"),
                (f"{step.reached:>6}  ", "bold"),
                (conversion, "$text-muted"),
            )
        )
    lines.append(Content.styled("people who reached each stage (or a later one)", "$text-muted"))
    return Content("\n").join(lines)


def outreach_text(ins: Insights, width: int = len(HEAD)) -> Content:
    """Sent, replied, rate, median business days to reply and responsiveness, by group;
    shorter headings in a panel narrower than the full table."""
    short = width < len(HEAD)
    lines = [
        Content.styled(SHORT_HEAD if short else HEAD, "$text-muted"),
        _row("all messages", ins.outreach, "bold", short),
    ]
    lines += [_row(f"found: {g.label}", g, short=short) for g in ins.by_source]
    lines += [_row(f"via {g.label}", g, short=short) for g in ins.by_channel[:5]]
    if len(ins.by_channel) > 5:
        lines.append(Content.styled(f"  … {len(ins.by_channel) - 5} more channels", "$text-muted"))
    lines.append(Content.styled("days: median business days to a reply", "$text-muted"))
    if short:
        lines.append(
            Content.styled("b/o/c/e: boosters, obligates, curmudgeons, too early", "$text-muted")
        )
    return Content("\n").join(lines)


def air_text(ins: Insights) -> Content:
    """Advice, insight and referrals per interview; overdue touches."""
    air = ins.air
    lines = [
        Content.assemble(
            (f"{air.interviews}", "bold"),
            f" interviews done ({ratio(ins.interviews_per_week)} a week, goal "
            f"{ins.goal_interviews}) · ",
            (f"{ins.outreach.sent}", "bold"),
            " messages sent",
        ),
        Content.assemble(
            "per interview: advice ",
            (ratio(air.per_interview(air.advice)), "bold"),
            " · insight ",
            (ratio(air.per_interview(air.insight)), "bold"),
            " · referrals ",
            (ratio(air.per_interview(air.referrals)), "bold"),
            f" ({air.referrals})",
        ),
        Content.assemble("referral chains: on the map (", ("m", "bold $text-accent"), ")"),
        Content.assemble(
            "overdue: ",
            (f"{ins.overdue.get('thank-you', 0)}", "bold $text-warning"),
            " thank-yous · ",
            (f"{ins.overdue.get('stay-in-touch', 0)}", "bold $text-warning"),
            " stay-in-touch touches",
        ),
    ]
    return Content("\n").join(lines)


def references_text() -> Content:
    """The published figures beside yours, each with its source and kind."""
    lines = [Content.styled("For comparison: published figures", "$text-primary bold")]
    for r in REFERENCES:
        lines.append(
            Content.assemble(
                (f"{r.figure} ", "bold"),
                r.claim,
                (f" ({r.source}; {r.kind})", "$text-muted"),
            )
        )
    return Content("\n").join(lines)
