"""Plotly figures for the pages: each has a title, labelled axes and hover text, and a sector
has the same colour on every page.

Builders take the plain values the data-access layer returns and give back a figure; they
read nothing and compute nothing beyond laying the values out. Text that came from a file
(event titles, question wording, country and sector names) is escaped before it reaches a
figure, because Plotly reads a few HTML tags in titles, labels and hover text.
"""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.formatting import (
    format_count,
    format_mean,
    format_pct,
    format_scale,
    format_with_interval,
)
from surveydash.questions import INDICATOR_LABELS
from surveydash.sectors import SECTORS

# The Okabe-Ito palette: eight colours that people with the common forms of colour blindness
# can still tell apart. Each sector keeps its colour on every page and in every chart, so
# that a reader who learnt "orange is academia" on one chart can rely on it on the next.
SECTOR_COLOURS: dict[str, str] = dict(
    zip(
        SECTORS,
        (
            "#0072B2",  # National Government: blue
            "#56B4E9",  # Local or Regional Government: sky blue
            "#E69F00",  # Academic Institutions: orange
            "#009E73",  # Civil Society Organizations: green
            "#CC79A7",  # Private Sector or Philanthropic Organizations: purple
            "#D55E00",  # International Organizations: vermillion
            "#C9B200",  # Scientific Community: the palette's yellow, darkened to show on white
            "#7F7F7F",  # Other: grey
        ),
        strict=True,
    )
)
# Groups that are not sectors but appear where sectors do.
NOT_STATED_COLOUR = "#C7C7C7"
MERGED_GROUP_COLOUR = "#A6A6A6"

STAGE_LABELS = {
    "registrants": "Registrants",
    "attendees": "Attendees",
    "respondents": "Respondents",
}
STAGE_COLOURS = {"registrants": "#9ECAE1", "attendees": "#3182BD", "respondents": "#08519C"}

# Ratings from the lowest point of the scale (red) to the highest (dark green): a diverging
# scale reads at a glance as "bad to good" without a legend.
RATING_COLOURS = ("#D7301F", "#FC8D59", "#FEE08B", "#91CF60", "#1A9850")
YES_COLOUR, NO_COLOUR = "#3182BD", "#BDBDBD"

# Question wording can run to two lines of a report; chart titles wrap it at this width so
# that a title never runs past a half-width chart.
TITLE_WRAP_CHARACTERS = 60


def plain(text) -> str:
    """Text from a file, made safe for Plotly (which reads <b>, <br> and <a> in labels)."""
    return html.escape("" if text is None else str(text), quote=False)


def wrapped_title(text: str, width: int = TITLE_WRAP_CHARACTERS) -> str:
    return "<br>".join(textwrap.wrap(plain(text), width)) or " "


def sector_colour(name: str) -> str:
    """The colour of a sector (or of 'Not stated' and merged small groups) on every page."""
    if name in SECTOR_COLOURS:
        return SECTOR_COLOURS[name]
    if name.startswith("Other (fewer than"):
        return MERGED_GROUP_COLOUR
    return NOT_STATED_COLOUR


def _layout(figure: go.Figure, title: str, *, height: int | None = None, **axes) -> go.Figure:
    figure.update_layout(
        title={"text": title},
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        hoverlabel={"align": "left"},
        # At the foot of the figure (not of the plot area), so that however many rows the
        # legend takes, it never covers the x-axis title.
        legend={
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0,
            "x": 0,
            "traceorder": "normal",
        },
    )
    if height:
        figure.update_layout(height=height)
    for axis, label in axes.items():
        getattr(figure, f"update_{axis}")(title_text=label)
    return figure


# -- overview ----------------------------------------------------------------------------------


def attendance_and_ratings_over_time(events: pd.DataFrame) -> go.Figure:
    """Attendees of each event (bars, by date) and its mean overall rating (dots, right axis)."""
    events = events.sort_values("start_date")
    titles = [plain(title) for title in events["title"]]
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(
        go.Bar(
            x=events["start_date"],
            y=events["attendees"],
            name="Attendees",
            marker_color=STAGE_COLOURS["attendees"],
            customdata=list(
                zip(titles, [format_count(v) for v in events["attendees"]], strict=True)
            ),
            hovertemplate="%{customdata[0]}<br>%{x|%d %b %Y}<br>Attendees: %{customdata[1]}"
            "<extra></extra>",
        ),
        secondary_y=False,
    )
    # Ratings on different scales (1-5, 1-10) share one axis only as 0-100 scores.
    rated = events[events["overall_rating_score"].notna()]
    figure.add_trace(
        go.Scatter(
            x=rated["start_date"],
            # Lists, not arrays: Plotly would send an array as base64, unreadable in the spec.
            y=rated["overall_rating_score"].tolist(),
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (rated["overall_rating_score_high"] - rated["overall_rating_score"])
                .fillna(0)
                .tolist(),
                "arrayminus": (rated["overall_rating_score"] - rated["overall_rating_score_low"])
                .fillna(0)
                .tolist(),
                "color": "#E69F00",
                "thickness": 1.5,
            },
            name="Overall rating score (0-100), 95% interval",
            mode="lines+markers",
            marker={"size": 10, "color": "#E69F00"},
            line={"color": "#E69F00", "dash": "dot"},
            customdata=list(
                zip(
                    [plain(title) for title in rated["title"]],
                    [format_mean(v) for v in rated["overall_rating_mean"]],
                    [format_count(v) for v in rated["overall_rating_n"]],
                    [f"{v:.0f}" for v in rated["overall_rating_score_low"].fillna(0)],
                    [f"{v:.0f}" for v in rated["overall_rating_score_high"].fillna(100)],
                    strict=True,
                )
            ),
            hovertemplate="%{customdata[0]}<br>%{x|%d %b %Y}<br>Overall rating score: "
            "%{y:.1f} of 100 (95% interval %{customdata[3]}-%{customdata[4]}; mean "
            "%{customdata[1]} on its own scale, n = %{customdata[2]})<extra></extra>",
        ),
        secondary_y=True,
    )
    _layout(figure, "Attendees and overall rating of each event, over time", height=420)
    figure.update_xaxes(title_text="Event date")
    figure.update_yaxes(title_text="Attendees", secondary_y=False, rangemode="tozero")
    figure.update_yaxes(
        title_text="Overall rating score (0-100)",
        secondary_y=True,
        range=[0, 105],
        tickmode="array",
        tickvals=[0, 20, 40, 60, 80, 100],
        showgrid=False,
    )
    return figure


# -- event report ------------------------------------------------------------------------------


def participation_funnel(headline: dict) -> go.Figure:
    """Registrants -> attendees -> respondents, with each stage's share of the registrations."""
    stages = ["Registrants", "Attendees", "Respondents"]
    values = [headline["registrations"], headline["attendees"], headline["responses"]]
    first = values[0] or 0
    shares = [format_pct(100.0 * value / first) if first else "–" for value in values]
    figure = go.Figure(
        go.Funnel(
            y=stages,
            x=values,
            text=[
                f"{format_count(v)} ({s} of registrants)"
                for v, s in zip(values, shares, strict=True)
            ],
            textinfo="text",
            marker={"color": [STAGE_COLOURS[s] for s in STAGE_LABELS]},
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    return _layout(figure, "From registration to survey", height=320, yaxes="Stage", xaxes="People")


def participants_map(countries: pd.DataFrame, stage: str) -> go.Figure:
    """A world map shaded by how many people of the stage came from each country."""
    located = countries[countries["iso3"].notna()]
    label = STAGE_LABELS[stage]
    figure = go.Figure(
        go.Choropleth(
            locations=located["iso3"],
            z=located["count"],
            locationmode="ISO-3",
            # Starts at a visible blue: a country with one participant must stand out from the
            # grey of countries with none.
            colorscale=[[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]],
            marker_line_color="white",
            marker_line_width=0.5,
            colorbar={"title": {"text": label}},
            customdata=list(
                zip(
                    [plain(name) for name in located["country"]],
                    [format_count(v) for v in located["count"]],
                    [format_pct(v) for v in located["pct"]],
                    strict=True,
                )
            ),
            hovertemplate="%{customdata[0]}<br>" + label + ": %{customdata[1]} "
            "(%{customdata[2]})<extra></extra>",
        )
    )
    figure.update_geos(
        showframe=False,
        showcoastlines=False,
        showland=True,
        landcolor="#e5e5e5",
        showcountries=True,
        countrycolor="white",
        projection_type="natural earth",
        # Centred on Greenwich as world maps in reports are; without it the map can open on
        # the Pacific.
        projection_rotation_lon=0,
        center_lon=0,
        lonaxis_range=[-180, 180],
    )
    return _layout(figure, f"{label} by country", height=460)


def sector_composition(by_sector: pd.DataFrame) -> go.Figure:
    """Each stage as one bar split by sector (shares of the stage), sectors in fixed colours."""
    figure = go.Figure()
    order = [s for s in (*SECTORS, "Not stated") if s in set(by_sector["sector"])]
    for sector in order:
        rows = by_sector[by_sector["sector"] == sector]
        stages = [STAGE_LABELS[s] for s in rows["stage"]]
        figure.add_trace(
            go.Bar(
                y=stages,
                x=rows["pct"],
                name=plain(sector),
                orientation="h",
                marker_color=sector_colour(sector),
                customdata=list(
                    zip(
                        [format_count(v) for v in rows["count"]],
                        [format_pct(v) for v in rows["pct"]],
                        strict=True,
                    )
                ),
                hovertemplate=plain(sector)
                + "<br>%{y}: %{customdata[0]} (%{customdata[1]})<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(categoryorder="array", categoryarray=list(STAGE_LABELS.values())[::-1])
    return _layout(
        figure,
        "Registrants, attendees and respondents by sector",
        height=380,
        xaxes="Share of the stage (%)",
        yaxes="Stage",
    )


def rating_distribution(question: dict) -> go.Figure:
    """One rating question: how many gave each point of the scale, highest first."""
    points = pd.DataFrame(question["distribution"]).sort_values("value")
    names = [
        f"{value} – {plain(label)}" if isinstance(label, str) and label else str(value)
        for value, label in zip(points["value"], points["label"], strict=True)
    ]
    scale_size = max(len(points), 1)
    colours = [
        RATING_COLOURS[round(i * (len(RATING_COLOURS) - 1) / max(scale_size - 1, 1))]
        for i in range(scale_size)
    ]
    figure = go.Figure(
        go.Bar(
            y=names,
            x=points["count"],
            orientation="h",
            marker_color=colours,
            text=[
                f"{format_count(c)} ({format_pct(p)})"
                for c, p in zip(points["count"], points["pct"], strict=True)
            ],
            textposition="auto",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    mean = format_mean(question["mean"], question["scale_max"])
    # Each figure with its 95% interval (surveydash.statistics): 32 answers say less than 320.
    mean_ci, top2_ci = question.get("mean_ci"), question.get("top2_ci")
    subtitle = (
        f"n = {format_count(question['n'])} · mean {mean}"
        + (f" ({mean_ci[0]:.2f}-{mean_ci[1]:.2f})" if mean_ci else "")
        + f" · top-2-box {format_pct(question['top2_pct'])}"
        + (f" ({top2_ci[0]:.1f}-{top2_ci[1]:.1f}%)" if top2_ci else "")
        + (" · 95% intervals" if mean_ci or top2_ci else "")
    )
    title = f"{wrapped_title(question['text'])}<br><sup>{subtitle}</sup>"
    figure.update_yaxes(categoryorder="array", categoryarray=names)
    return _layout(figure, title, height=330, xaxes="Respondents", yaxes="Rating")


def yes_no_bars(row: dict) -> go.Figure:
    """One yes/no question: how many said yes and how many said no."""
    answers = ["Yes", "No"]
    counts = [row["yes"], row["no"]]
    shares = [row["yes_pct"], row["no_pct"]]
    figure = go.Figure(
        go.Bar(
            y=answers,
            x=counts,
            orientation="h",
            marker_color=[YES_COLOUR, NO_COLOUR],
            text=[
                f"{format_count(c)} ({format_pct(p)})" for c, p in zip(counts, shares, strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    figure.update_yaxes(categoryorder="array", categoryarray=answers[::-1])
    figure.update_xaxes(range=[0, max(counts + [1]) * 1.25])
    title = f"{wrapped_title(row['text'])}<br><sup>n = {format_count(row['n'])}</sup>"
    return _layout(figure, title, height=230, xaxes="Respondents", yaxes="Answer")


def number_bins(question: dict) -> go.Figure:
    """One number question: how many answers fall in each bin, low to high."""
    bins = question["bins"]
    names = [
        _format_number(b["bin_low"])
        if b["bin_high"] - b["bin_low"] <= 1 and float(b["bin_low"]).is_integer()
        else f"{_format_number(b['bin_low'])}-{_format_number(b['bin_high'])}"
        for b in bins
    ]
    figure = go.Figure(
        go.Bar(
            x=names,
            y=[b["count"] for b in bins],
            marker_color=STAGE_COLOURS["respondents"],
            text=[f"{format_count(b['count'])} ({format_pct(b['pct'])})" for b in bins],
            textposition="auto",
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    figure.update_xaxes(type="category")
    # The mean with its 95% Student's t interval (surveydash.statistics), as ratings have.
    mean_ci = question.get("mean_ci")
    mean = "–" if question["mean"] is None else _format_number(question["mean"])
    interval = (
        f" (95% interval {_format_number(round(mean_ci[0], 2))} to "
        f"{_format_number(round(mean_ci[1], 2))})"
        if mean_ci
        else ""
    )
    median = "–" if question["median"] is None else _format_number(question["median"])
    title = (
        f"{wrapped_title(question['text'])}<br><sup>n = {format_count(question['n'])} · "
        f"mean {mean}{interval} · median {median}</sup>"
    )
    return _layout(figure, title, height=300, xaxes="Answer", yaxes="Respondents")


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def choice_bars(options: pd.DataFrame, text: str) -> go.Figure:
    """One single- or multiple-choice question: how many chose each option."""
    options = options.sort_values("count")
    figure = go.Figure(
        go.Bar(
            y=[plain(o) for o in options["option"]],
            x=options["count"],
            orientation="h",
            marker_color=STAGE_COLOURS["attendees"],
            text=[
                f"{format_count(c)} ({format_pct(p)})"
                for c, p in zip(options["count"], options["pct"], strict=True)
            ],
            textposition="auto",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    return _layout(figure, wrapped_title(text), height=120 + 35 * len(options), xaxes="Respondents")


def rating_by_group_bars(rows: pd.DataFrame, group_by: str) -> go.Figure:
    """Mean rating of each question by respondent group (groups large enough to show only),
    as horizontal bars so that question names stay readable. The rating axis runs from the
    scale's lowest point to its highest (rows carry `scale_min` and `scale_max`); questions on
    different scales share one axis only as 0-100 scores."""
    rows = rows.copy()
    scales = (
        set(zip(rows["scale_min"], rows["scale_max"], strict=True))
        if {"scale_min", "scale_max"} <= set(rows.columns)
        else set()
    )
    if len(scales) > 1:
        rows["shown"] = (
            (rows["mean"] - rows["scale_min"]) / (rows["scale_max"] - rows["scale_min"]) * 100
        ).round(1)
        axis_range, axis_title = [0, 100], "Score (0-100): the questions' scales differ"
        value_hover = "score %{x:.1f} of 100 (mean %{customdata[2]})"
    else:
        rows["shown"] = rows["mean"]
        if scales:
            ((low, high),) = scales
            axis_range, axis_title = [low, high], f"Mean rating ({low:g}-{high:g})"
        else:
            # No scale given (an older caller): from 0, past the largest mean.
            axis_range, axis_title = [0, float(rows["mean"].max()) * 1.3], "Mean rating"
        value_hover = "mean %{x:.2f}"
    figure = go.Figure()
    questions = list(dict.fromkeys(rows["question"]))
    for group, group_rows in rows.groupby("group", sort=True):
        colour = sector_colour(group) if group_by == "sector" else None
        figure.add_trace(
            go.Bar(
                y=[plain(q) for q in group_rows["question"]],
                # Bars start at 0, left of a 1-5 axis: they show from the axis's first point.
                x=group_rows["shown"].tolist(),
                name=plain(group),
                orientation="h",
                marker_color=colour,
                customdata=list(
                    zip(
                        [format_count(n) for n in group_rows["n"]],
                        [format_pct(p) for p in group_rows["top2_pct"]],
                        [format_mean(m) for m in group_rows["mean"]],
                        strict=True,
                    )
                ),
                text=[
                    f"{format_mean(m)} (n = {format_count(n)})"
                    for m, n in zip(group_rows["mean"], group_rows["n"], strict=True)
                ],
                # Inside the bar where the text fits: a mean near the top of the scale leaves no
                # room past the bar's end.
                textposition="auto",
                cliponaxis=False,
                hovertemplate=plain(group) + "<br>%{y}<br>" + value_hover + " · top-2-box "
                "%{customdata[1]} · n = %{customdata[0]}<extra></extra>",
            )
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(categoryorder="array", categoryarray=[plain(q) for q in questions][::-1])
    figure.update_xaxes(range=axis_range)
    return _layout(
        figure,
        f"Mean rating by {group_by.replace('_', ' ')}",
        height=160 + 28 * len(rows),
        xaxes=axis_title,
        yaxes="Question",
    )


# -- comparison --------------------------------------------------------------------------------


def indicator_comparison(
    rows: list[dict], indicators: tuple[str, ...], titles: dict[str, str]
) -> go.Figure:
    """Grouped bars: per rating indicator, each event's 0-100 score with its 95% interval as an
    error bar, and n on each bar. Scores put a 1-10 and a 1-5 scale on one axis; the hover
    gives the mean on the event's own scale and the favourable share."""
    figure = go.Figure()
    labels = [INDICATOR_LABELS[i] for i in indicators]
    for row in rows:
        ns = [row.get(f"{i}_n") or 0 for i in indicators]
        scores = [row.get(f"{i}_score") for i in indicators]
        intervals = [row.get(f"{i}_score_ci") for i in indicators]
        figure.add_trace(
            go.Bar(
                x=labels,
                y=scores,
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [
                        ci[1] - v if ci and v is not None else 0
                        for v, ci in zip(scores, intervals, strict=True)
                    ],
                    "arrayminus": [
                        v - ci[0] if ci and v is not None else 0
                        for v, ci in zip(scores, intervals, strict=True)
                    ],
                },
                name=plain(titles[row["event_id"]]),
                text=[f"n = {format_count(n)}" if n else "not asked" for n in ns],
                # At the bar's foot: above it, the label would sit on the interval's whisker.
                textposition="inside",
                insidetextanchor="start",
                customdata=list(
                    zip(
                        [format_mean(row.get(f"{i}_mean")) for i in indicators],
                        [format_scale(row.get(f"{i}_scale")) for i in indicators],
                        [format_pct(row.get(f"{i}_favourable_pct")) for i in indicators],
                        [format_count(n) for n in ns],
                        [format_with_interval(None, ci) for ci in intervals],
                        strict=True,
                    )
                ),
                hovertemplate=plain(titles[row["event_id"]])
                + "<br>%{x}<br>score %{y:.1f} of 100 %{customdata[4]} · mean %{customdata[0]}"
                " on %{customdata[1]} · favourable %{customdata[2]} · n = %{customdata[3]}"
                "<extra></extra>",
            )
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(range=[0, 115])
    return _layout(
        figure,
        "Score of each indicator (0-100), with its 95% interval",
        height=460,
        xaxes="Indicator",
        yaxes="Score: (mean - scale min) / (scale max - scale min) x 100",
    )


def indicator_trend(rows: list[dict], indicator: str, titles: dict[str, str]) -> go.Figure:
    """One indicator at each event, by date, with its 95% interval as error bars; events that
    did not ask it are left out. A rating is drawn on its scale's own values (the mean, the
    axis from the scale's lowest to its highest point) when every event asked it on one
    scale, and as the 0-100 score when the scales differ; difficulties as the share who said
    yes."""
    if indicator == "difficulties":
        asked = [row for row in rows if row.get("difficulties_n")]
        values = [row["difficulties_yes_pct"] for row in asked]
        intervals = [row.get("difficulties_yes_ci") for row in asked]
        axis_range, axis_title = [0, 100], "Said yes (% of respondents)"
        hover_value = "%{y:.1f}% said yes %{customdata[4]}"
        subtitle = "share who said yes, with its 95% interval"
    else:
        asked = [row for row in rows if row.get(f"{indicator}_score") is not None]
        scales = {tuple(row.get(f"{indicator}_scale") or ()) for row in asked}
        if len(scales) == 1 and len(next(iter(scales))) == 2:
            (low, high) = next(iter(scales))
            values = [row[f"{indicator}_mean"] for row in asked]
            intervals = [row.get(f"{indicator}_mean_ci") for row in asked]
            # A rating axis runs from the scale's lowest point to its highest, never from 0.
            axis_range, axis_title = [low, high], f"Mean rating ({low}-{high})"
            hover_value = "mean %{y:.2f} on " + f"{low}-{high}" + " %{customdata[4]}"
            subtitle = (
                f"mean on the {low}-{high} scale all these events used, with its 95% interval"
            )
        else:
            values = [row[f"{indicator}_score"] for row in asked]
            intervals = [row.get(f"{indicator}_score_ci") for row in asked]
            axis_range, axis_title = [0, 105], "Score (0-100)"
            hover_value = (
                "score %{y:.1f} of 100 %{customdata[4]} · mean %{customdata[1]} on %{customdata[2]}"
            )
            subtitle = "score (0-100: the events used different scales), with its 95% interval"
    intervals = [
        interval or [value, value] for value, interval in zip(values, intervals, strict=True)
    ]
    figure = go.Figure(
        go.Scatter(
            x=[row["start_date"] for row in asked],
            y=values,
            mode="lines+markers",
            marker={"size": 10, "color": STAGE_COLOURS["respondents"]},
            # A mean at the top of the scale keeps its whole marker and whisker.
            cliponaxis=False,
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [high - value for value, (_, high) in zip(values, intervals, strict=True)],
                "arrayminus": [
                    value - low for value, (low, _) in zip(values, intervals, strict=True)
                ],
            },
            customdata=list(
                zip(
                    [plain(titles[row["event_id"]]) for row in asked],
                    [format_mean(row.get(f"{indicator}_mean")) for row in asked],
                    [format_scale(row.get(f"{indicator}_scale")) for row in asked],
                    [format_count(row.get(f"{indicator}_n")) for row in asked],
                    [format_with_interval(None, ci) for ci in intervals],
                    strict=True,
                )
            ),
            hovertemplate="%{customdata[0]}<br>%{x|%d %b %Y}<br>"
            + hover_value
            + " · n = %{customdata[3]}<extra></extra>",
        )
    )
    figure.update_yaxes(range=axis_range)
    return _layout(
        figure,
        f"{INDICATOR_LABELS[indicator]} over time<br><sup>{subtitle}</sup>",
        height=420,
        xaxes="Event date",
        yaxes=axis_title,
    )


def difficulties_comparison(rows: list[dict], titles: dict[str, str]) -> go.Figure:
    """Dot plot: each event's share of respondents who reported difficulties, with n."""
    asked = [row for row in rows if row.get("difficulties_n")]
    names = [plain(titles[row["event_id"]]) for row in asked]
    figure = go.Figure(
        go.Scatter(
            x=[row["difficulties_yes_pct"] for row in asked],
            y=names,
            mode="markers+text",
            marker={"size": 14, "color": YES_COLOUR},
            text=[
                f"{format_pct(row['difficulties_yes_pct'])} "
                f"(n = {format_count(row['difficulties_n'])})"
                for row in asked
            ],
            textposition="middle right",
            hovertemplate="%{y}<br>%{text}<extra></extra>",
        )
    )
    figure.update_xaxes(range=[0, 100])
    return _layout(
        figure,
        "Share of respondents who had technical or logistical difficulties",
        height=160 + 45 * len(asked),
        xaxes="Said yes (% of respondents)",
        yaxes="Event",
    )
