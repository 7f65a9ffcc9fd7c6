"""The quality report of a run: one self-contained HTML file, <output>/<spider>-<started>.report.html.

It holds the run's summary; per site, the field coverage of this run beside the site's median over its past
runs, with the drops marked (as the monitors see them: newsspider.monitoring.compare); plots drawn by
matplotlib and inlined as SVG (articles per published day and coverage over the last runs for each site, the
word-count distribution and the failures by kind for the run); and a few sample articles per site.

Nothing in it is fetched: no script, style sheet, image or font comes from anywhere, and its
Content-Security-Policy tells the browser so. Every text of a page or a run is escaped.
"""

from __future__ import annotations

import html
import io
import itertools
import logging
import os
import re
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from newsspider.monitoring.compare import Drop, Thresholds, baseline, run_drops
from newsspider.monitoring.health import (
    HEALTH_FIELDS,
    SAMPLE_BODY_CHARS,
    SAMPLES_PER_SITE,
    WORD_BINS,
    RunRecord,
    SiteHealth,
)

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

logger = logging.getLogger(__name__)

PUBLISHED_DAYS_SHOWN = 30  # days of the published-day plot at most, up to a site's latest one
TICKS_SHOWN = 8  # labels on a plot's x axis, at most
# Sites shown in full (their tables, plots and samples), those with drops first, then the largest; a run
# over hundreds of sites (a re-extraction of CC-NEWS) lists the others in the sites table only, so that the
# report stays a page to read, and quick to draw.
DETAILED_SITES = 12
WORDS = "median words"
SHORT = "short bodies"
FIGURES = (*HEALTH_FIELDS, WORDS, SHORT)  # the rows of a site's table, in the order of compare.site_drops
# the plots' look; a fixed hash salt makes the SVG ids, and so the whole report, the same for the same run
PLOT_STYLE: dict[RcKeyType, Any] = {
    "svg.hashsalt": "newsspider-report",
    "text.parse_math": False,  # a $ in a label is a dollar
    "svg.fonttype": "none",  # text stays text (smaller, faster); the browser's sans-serif draws it
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
CONTENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; color: #222; margin: 2em auto; max-width: 64em; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { margin-top: 1.5em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #ddd; padding: .2em .6em; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.drop td { background: #fdecea; } td.drop { color: #b71c1c; font-weight: bold; }
ul.drops li { color: #b71c1c; } .missing { color: #999; font-style: italic; } .note { color: #666; }
figure { margin: .5em 0 1.5em; } figcaption { color: #666; font-size: .9em; }
figure svg { max-width: 100%; height: auto; } figure svg * { stroke-linejoin: round; stroke-linecap: butt; }
article.sample { border-left: 3px solid #ddd; padding: .1em 0 .1em 1em; margin: 1em 0; }
article.sample h4 { margin: 0; } article.sample p { margin: .25em 0; } .url { color: #666; font-size: .85em; }
"""
_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)  # the XML declaration and the DOCTYPE
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
# matplotlib's style sheet of each SVG, a `*` rule that would apply to the whole page: the page's style has it
_SVG_STYLE = re.compile(r"<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>\s*")
_ID_USES = re.compile(r'(\bid="|xlink:href="#|\bhref="#|url\(#)')


def report_path(output_dir: Path, run: RunRecord) -> Path:
    """Where a run's report goes: <output>/<spider>-<started, UTC>.report.html."""
    return output_dir / f"{run.spider}-{_parse_time(run.started_at):%Y%m%dT%H%M%SZ}.report.html"


def write_report(output_dir: Path, run: RunRecord, past: list[RunRecord], thresholds: Thresholds) -> Path:
    """Render a run's report and write it whole (a temporary file renamed over the report); its path."""
    path = report_path(output_dir, run)
    text = render_report(run, past, thresholds)
    output_dir.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with temporary.open("x", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def render_report(run: RunRecord, past: list[RunRecord], thresholds: Thresholds) -> str:
    """The report of a run against the runs before it (newest first; other runs' sites are ignored)."""
    started = time.perf_counter()
    earlier = [other for other in past if other.run_id != run.run_id]
    drops = run_drops(run, earlier, thresholds)
    detailed = detailed_sites(run.sites, drops)
    title = f"newsspider report: {run.spider}, {run.started_at}"
    with matplotlib.rc_context(PLOT_STYLE):
        body = [
            f"<h1>{_esc(title)}</h1>",
            summary_section(run, drops, detailed),
            run_plots_section(detailed),
            *(
                site_section(index, health, earlier, drops, thresholds)
                for index, health in enumerate(run.sites)
                if health in detailed
            ),
            others_note(len(run.sites) - len(detailed)),
        ]
    document = "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8" />',
            f'<meta http-equiv="Content-Security-Policy" content="{_esc(CONTENT_POLICY)}" />',
            '<meta name="viewport" content="width=device-width, initial-scale=1" />',
            f"<title>{_esc(title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )
    logger.debug("Rendered the report of run %s in %.2f s", run.run_id, time.perf_counter() - started)
    return document


# The sections


def summary_section(run: RunRecord, drops: list[Drop], detailed: list[SiteHealth]) -> str:
    """The run itself, its counts, its sites in one table, and its drops."""
    facts = [
        ("run", run.run_id),
        ("spider", run.spider),
        ("started", run.started_at),
        ("finished", run.finished_at),
        ("duration", _duration(run.started_at, run.finished_at)),
        ("finish reason", run.finish_reason),
        *((name.replace("_", " "), str(value)) for name, value in run.summary.items()),
    ]
    rows = "".join(f"<tr><th>{_esc(name)}</th><td>{_esc(value)}</td></tr>" for name, value in facts)
    return "\n".join(
        [
            "<section>",
            "<h2>Summary</h2>",
            f'<table class="summary">{rows}</table>',
            sites_table(run, drops, detailed),
            drops_list(drops),
            "</section>",
        ]
    )


def sites_table(run: RunRecord, drops: list[Drop], detailed: list[SiteHealth]) -> str:
    """One row per site: its articles, body lengths, non-articles, failures and drops, linked to its section
    when it has one."""
    if not run.sites:
        return '<p class="note">The run wrote nothing and tried no site.</p>'
    head = _row(["site", "articles", WORDS, SHORT, "non-articles", "failures", "drops"], "th", numeric_from=1)
    rows = []
    for index, health in enumerate(run.sites):
        dropped = sum(drop.site == health.site for drop in drops)
        shown = _esc(health.site)
        link = f'<a href="#site-{index}">{shown}</a>' if health in detailed else shown
        cells = [
            f"<td>{link}</td>",
            *(
                f'<td class="num">{_esc(value)}</td>'
                for value in (
                    str(health.articles),
                    f"{health.median_words:.0f}",
                    f"{health.short_bodies:.2f}",
                    _kinds(health.non_articles),
                    _kinds(health.failures),
                )
            ),
            f'<td class="num{" drop" if dropped else ""}">{dropped}</td>',
        ]
        rows.append(f"<tr{_class('drop' if dropped else '')}>{''.join(cells)}</tr>")
    return f'<table class="sites"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def drops_list(drops: list[Drop]) -> str:
    if not drops:
        return '<p class="note">No site fell from its median over its past runs.</p>'
    items = "".join(f"<li>{_esc(drop.message())}</li>" for drop in drops)
    return f'<h3>Drops</h3><ul class="drops">{items}</ul>'


def detailed_sites(sites: list[SiteHealth], drops: list[Drop]) -> list[SiteHealth]:
    """The sites shown in full: those with drops, then the ones with most articles, DETAILED_SITES at most."""
    dropped = {drop.site for drop in drops}
    ranked = sorted(sites, key=lambda health: (health.site not in dropped, -health.articles, health.site))
    chosen = {health.site for health in ranked[:DETAILED_SITES]}
    return [health for health in sites if health.site in chosen]


def others_note(count: int) -> str:
    if not count:
        return ""
    return f'<p class="note">{count} more sites, with fewer articles and no drop, are in the sites table only.</p>'


def run_plots_section(sites: list[SiteHealth]) -> str:
    """The plots of the run as a whole: word counts and failures, one series per site shown in full."""
    return "\n".join(
        [
            "<section>",
            "<h2>Across sites</h2>",
            word_count_plot(sites),
            failures_plot(sites),
            "</section>",
        ]
    )


def site_section(
    index: int, health: SiteHealth, past: list[RunRecord], drops: list[Drop], thresholds: Thresholds
) -> str:
    """A site: its coverage table, its plots and its samples."""
    site_drops = {drop.figure for drop in drops if drop.site == health.site}
    return "\n".join(
        [
            f'<section id="site-{index}">',
            f"<h2>{_esc(health.site)}</h2>",
            f"<p>{health.articles} articles.</p>",
            coverage_table(health, past, site_drops, thresholds),
            coverage_plot(health, past, f"site{index}-coverage-"),
            published_days_plot(health, f"site{index}-days-"),
            samples_block(health),
            "</section>",
        ]
    )


def coverage_table(health: SiteHealth, past: list[RunRecord], dropped: set[str], thresholds: Thresholds) -> str:
    """Each figure of the site in this run beside its median over the past runs; the drops marked."""
    before, runs = baseline(health.site, past, thresholds.window)
    now = {**health.coverage, WORDS: health.median_words, SHORT: health.short_bodies}
    head = _row(["figure", "this run", f"median of {runs} past runs", "change"], "th", numeric_from=1)
    rows = [_coverage_row(name, now.get(name, 0.0), before.get(name), name in dropped) for name in FIGURES]
    table = f'<table class="coverage"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
    return table + _comparison_note(health, runs, thresholds)


def _coverage_row(name: str, now: float, before: float | None, dropped: bool) -> str:
    shown = "{:.0f}" if name == WORDS else "{:.2f}"
    mark = " drop" if dropped else ""
    change = "" if before is None else _signed(now - before, shown) + (" (drop)" if dropped else "")
    cells = [
        f"<td>{_esc(name)}</td>",
        f'<td class="num now{mark}">{_esc(shown.format(now))}</td>',
        f'<td class="num before">{_esc("" if before is None else shown.format(before))}</td>',
        f'<td class="num change{mark}">{_esc(change)}</td>',
    ]
    return f'<tr class="{_esc(name.replace(" ", "_"))}{mark}">{"".join(cells)}</tr>'


def _comparison_note(health: SiteHealth, runs: int, thresholds: Thresholds) -> str:
    if not runs:
        return '<p class="note">No past run wrote this site: nothing to compare with.</p>'
    if runs < thresholds.min_runs:
        return f'<p class="note">Not checked for drops: {runs} past runs, at least {thresholds.min_runs} needed.</p>'
    if health.articles < thresholds.min_articles:
        return (
            f'<p class="note">Not checked for drops: {health.articles} articles, '
            f"at least {thresholds.min_articles} needed.</p>"
        )
    return ""


def samples_block(health: SiteHealth) -> str:
    """The site's sample articles: title (linked), byline, caption and the start of the body."""
    if not health.samples:
        return ""
    samples = health.samples[:SAMPLES_PER_SITE]
    return "<h3>Sample articles</h3>\n" + "\n".join(sample_article(sample) for sample in samples)


def sample_article(sample: dict[str, Any]) -> str:
    url = str(sample.get("url") or "")
    title = _esc(str(sample.get("title") or "")) or '<span class="missing">no title</span>'
    if url.lower().startswith(("http://", "https://")):  # a javascript: or data: URL stays text
        title = f'<a href="{_esc(url)}" rel="noopener noreferrer">{title}</a>'
    body = str(sample.get("body") or "")[:SAMPLE_BODY_CHARS]
    return "".join(
        [
            '<article class="sample">',
            f"<h4>{title}</h4>",
            _labelled("byline", sample.get("byline")),
            _labelled("caption", sample.get("caption")),
            _labelled("body", body),
            f'<p class="url">{_esc(url)}</p>' if url else "",
            "</article>",
        ]
    )


def _labelled(name: str, value: Any) -> str:
    text = _esc(str(value)) if value else f'<span class="missing">no {name}</span>'
    return f'<p class="{name}"><b>{name.capitalize()}:</b> {text}</p>'


# The plots


def coverage_plot(health: SiteHealth, past: list[RunRecord], prefix: str) -> str:
    """The site's coverage of each field over its past runs and this one: one line per field."""
    runs = [(other, found) for other in reversed(past) if (found := other.site(health.site)) and found.articles]
    labels = [_short_time(other.started_at) for other, _ in runs] + ["this run"]
    figure, axes = _figure(6.4, 2.4)
    positions = list(range(len(labels)))
    for name in HEALTH_FIELDS:
        values = [found.coverage.get(name, 0.0) for _, found in runs] + [health.coverage.get(name, 0.0)]
        axes.plot(positions, values, marker="o", markersize=3, linewidth=1.2, label=name)
    axes.set_ylim(-0.03, 1.03)
    axes.set_ylabel("share of articles")
    _label_ticks(axes, labels)
    axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    caption = f"Field coverage of {health.site} over its last {len(runs)} runs and this one."
    return _plot(figure, prefix, caption)


def published_days_plot(health: SiteHealth, prefix: str) -> str:
    """The site's articles per published day, over the PUBLISHED_DAYS_SHOWN days up to its latest."""
    days = _days(health.published_days)
    if not days:
        return '<p class="note">No article of this site has a publication date.</p>'
    last = max(days)
    first = max(min(days), last - timedelta(days=PUBLISHED_DAYS_SHOWN - 1))
    window = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    figure, axes = _figure(6.4, 1.9)
    axes.bar(range(len(window)), [days.get(day, 0) for day in window], color="#4c72b0", width=0.8)
    axes.set_ylabel("articles")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    _label_ticks(axes, [f"{day:%m-%d}" for day in window])
    earlier = sum(count for day, count in days.items() if day < window[0])
    caption = f"Articles of {health.site} per published day, {window[0]} to {last}."
    if earlier:
        caption += f" {earlier} articles published earlier are not shown."
    return _plot(figure, prefix, caption)


def word_count_plot(sites: list[SiteHealth]) -> str:
    """Each site's share of articles per word-count bin: one line per site."""
    shown = [health for health in sites if sum(health.word_histogram)]
    if not shown:
        return '<p class="note">No article: no word counts.</p>'
    labels = [f"{low}–{high - 1}" for low, high in itertools.pairwise(WORD_BINS)] + [f"{WORD_BINS[-1]}+"]
    figure, axes = _figure(6.4, 2.4)
    for health in shown:
        total = sum(health.word_histogram)
        shares = [count / total for count in health.word_histogram]
        axes.plot(range(len(shares)), shares, marker="o", markersize=3, linewidth=1.2, label=health.site)
    axes.set_ylabel("share of articles")
    axes.set_xlabel("words")
    axes.set_xticks(range(len(labels)), labels, rotation=30, horizontalalignment="right")
    axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return _plot(figure, "words-", "Word-count distribution: each site's share of its articles per bin.")


def failures_plot(sites: list[SiteHealth]) -> str:
    """The failed pages of each site by kind: one stacked bar per site."""
    failing = [health for health in sites if sum(health.failures.values())]
    if not failing:
        return '<p class="note">No page failed.</p>'
    kinds = sorted({kind for health in failing for kind in health.failures})
    figure, axes = _figure(6.4, 0.9 + 0.3 * len(failing))
    positions = list(range(len(failing)))
    left = [0] * len(failing)
    for kind in kinds:
        counts = [health.failures.get(kind, 0) for health in failing]
        axes.barh(positions, counts, left=left, height=0.6, label=kind)
        left = [start + count for start, count in zip(left, counts, strict=True)]
    axes.set_yticks(positions, [health.site for health in failing])
    axes.invert_yaxis()
    axes.set_xlabel("failed pages")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return _plot(figure, "failures-", "Failed pages by kind, per site.")


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(width, height), layout="constrained")
    return figure, figure.add_subplot()


def _label_ticks(axes: Axes, labels: list[str]) -> None:
    """Label at most TICKS_SHOWN of the positions 0..n-1, always the last."""
    step = max(1, -(-len(labels) // TICKS_SHOWN))
    chosen = sorted({*range(len(labels) - 1, -1, -step)})
    axes.set_xticks(chosen, [labels[index] for index in chosen])
    axes.set_xlim(-0.6, len(labels) - 0.4)


def _plot(figure: Figure, prefix: str, caption: str) -> str:
    return f"<figure>{svg_of(figure, prefix)}<figcaption>{_esc(caption)}</figcaption></figure>"


def svg_of(figure: Figure, prefix: str) -> str:
    """A figure as an <svg> element to inline: no XML prolog nor metadata, its ids made unique by a prefix."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    text = buffer.getvalue()
    for pattern in (_PROLOG, _METADATA, _SVG_STYLE):
        text = pattern.sub("", text, count=1)
    return _ID_USES.sub(lambda match: match.group(1) + prefix, text).strip()


# Small helpers


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _class(name: str) -> str:
    """A class attribute, or nothing for no class."""
    return f' class="{_esc(name)}"' if name else ""


def _row(cells: Iterable[str], tag: str, numeric_from: int) -> str:
    parts = [
        f"<{tag}{_class('num' if index >= numeric_from else '')}>{_esc(cell)}</{tag}>"
        for index, cell in enumerate(cells)
    ]
    return f"<tr>{''.join(parts)}</tr>"


def _kinds(counts: dict[str, int]) -> str:
    """A count by kind, the total first: "5 (timeout 3, http_5xx 2)"."""
    total = sum(counts.values())
    if not total:
        return "0"
    return f"{total} ({', '.join(f'{kind} {count}' for kind, count in sorted(counts.items()))})"


def _signed(value: float, shown: str) -> str:
    text = shown.format(abs(value))
    if float(text) == 0:
        return shown.format(0)
    return ("+" if value > 0 else "−") + text


def _days(published: dict[str, int]) -> dict[date, int]:
    """The published days that are dates (a damaged record's others are skipped)."""
    found: dict[date, int] = {}
    for text, count in published.items():
        try:
            day = date.fromisoformat(text)
        except (TypeError, ValueError):
            continue
        found[day] = found.get(day, 0) + int(count)
    return found


def _parse_time(text: str) -> datetime:
    """An ISO time of a record, in UTC (a time without an offset is taken as UTC)."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _short_time(text: str) -> str:
    try:
        return f"{_parse_time(text):%m-%d %H:%M}"
    except ValueError:
        return text[:16]


def _duration(started: str, finished: str) -> str:
    try:
        seconds = int((_parse_time(finished) - _parse_time(started)).total_seconds())
    except ValueError:
        return "unknown"
    hours, rest = divmod(max(seconds, 0), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
