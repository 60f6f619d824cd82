"""Event report: everything an outcome report states about one event, for the event chosen in
the selector (kept in the URL as ?event=..., so the page can be linked)."""

import dataclasses
import functools

import pandas as pd
import streamlit as st

from dashboard import charts, data_access, state
from dashboard.formatting import (
    format_count,
    format_date,
    format_pct,
    markdown_escape,
)
from dashboard.tables import download_csv, show_table
from surveydash import analytics
from surveydash.events import EventError
from surveydash.questions import INDICATOR_LABELS
from surveydash.report import documents

SELECTOR_KEY = "event_selector"
# The open tab, and its URL parameter: ?section=Ratings
SECTION_KEY = "section"
# Question wording shortened to this many characters where a chart has several questions.
SHORT_QUESTION_CHARACTERS = 40
# Reading hundreds of answers on screen helps nobody and slows the page; past this many per
# question the page shows the first ones and the download button gives them all.
MAX_ANSWERS_SHOWN = 200
GROUPINGS = {
    "sector": "Sector",
    "region": "Region (M49)",
    "country_group": "LDC / LLDC / SIDS",
    "gender": "Gender",
}
STAGE_TABLE_COLUMNS = {
    "group": "Group",
    "registrants": "Registrants",
    "registrants_pct": "% of registrants",
    "attendees": "Attendees",
    "attendees_pct": "% of attendees",
    "respondents": "Respondents",
    "respondents_pct": "% of respondents",
}
COUNT_COLUMN = st.column_config.NumberColumn(format="%,d")
PCT_COLUMN = st.column_config.NumberColumn(format="%.1f%%")


def _remember_chosen_event() -> None:
    chosen = st.session_state.get(SELECTOR_KEY)
    if chosen:
        state.select_event(chosen)


def _known(choice: str, choices: list[str]) -> str:
    return choice if choice in choices else choices[0]


def _short_question(breakdown: analytics.GroupBreakdown) -> str:
    if breakdown.indicator in INDICATOR_LABELS:
        return INDICATOR_LABELS[breakdown.indicator]
    text = breakdown.text
    if len(text) <= SHORT_QUESTION_CHARACTERS:
        return text
    return text[: SHORT_QUESTION_CHARACTERS - 1].rstrip() + "…"


def _stage_table(frame: pd.DataFrame, group_label: str) -> pd.DataFrame:
    return frame.rename(columns=STAGE_TABLE_COLUMNS | {"group": group_label})


def _stage_column_config() -> dict:
    return {
        label: PCT_COLUMN if key.endswith("_pct") else COUNT_COLUMN
        for key, label in STAGE_TABLE_COLUMNS.items()
        if key != "group"
    }


# -- which event -------------------------------------------------------------------------------

st.title("Event report")

titles = data_access.event_titles()
if not titles:
    st.info(
        "No events yet: upload a file on the Upload data page, or run the demo with "
        "`surveydash demo`."
    )
    st.page_link("views/upload.py", label="Upload data", icon=":material/upload:")
    st.stop()

event_id = state.selected_event()
if event_id is None:
    # Nothing chosen yet: the latest event, which is what most visits are about.
    event_id = next(iter(titles))
    state.select_event(event_id)
if event_id not in titles:
    st.warning(
        f"There is no event with the id “{markdown_escape(event_id)}”: the link may be old. "
        "Choose an event below."
    )
    st.session_state[SELECTOR_KEY] = None
elif st.session_state.get(SELECTOR_KEY) != event_id:
    # The URL changed the event (a link, the overview): the selector follows it.
    st.session_state[SELECTOR_KEY] = event_id

st.selectbox(
    "Event",
    list(titles),
    index=None,
    format_func=lambda option: f"{titles[option]} ({option})",
    key=SELECTOR_KEY,
    on_change=_remember_chosen_event,
    placeholder="Choose an event",
)
if event_id not in titles:
    st.stop()

# The outcome report's model: every figure, sentence and quote below comes from it, as in the
# DOCX, the PDF and `summary --json`.
report = data_access.event_report(event_id)
event = dataclasses.asdict(report.event)
dates = format_date(event["start_date"])
if event["end_date"] is not None and event["end_date"] != event["start_date"]:
    dates += f" to {format_date(event['end_date'])}"
details = [dates] + [
    str(event[field]) for field in ("format", "location", "series") if event[field] is not None
]
st.header(markdown_escape(event["title"]))
st.caption(markdown_escape(" · ".join(details)))

# -- headline ----------------------------------------------------------------------------------

headline = dataclasses.asdict(report.headline)
with st.container(key="headline_metrics"):
    people = st.columns(4)
    people[0].metric("Registrations", format_count(headline["registrations"]))
    people[1].metric("Countries (registrations)", format_count(headline["registration_countries"]))
    people[2].metric("Attendees", format_count(headline["attendees"]))
    people[3].metric("Countries (attendees)", format_count(headline["attendee_countries"]))
    rates = st.columns(4)
    rates[0].metric(
        "Attendance rate",
        format_pct(headline["attendance_rate"]),
        help="Attendees as a share of registrations",
    )
    rates[1].metric("Responses", format_count(headline["responses"]))
    rates[2].metric(
        "Response rate",
        format_pct(headline["response_rate"]),
        help="Survey responses as a share of attendees",
    )
# A survey answered mostly by one part of the audience speaks for that part: say so first.
with st.container(key="nonresponse_warnings"):
    for check in report.nonresponse:
        if warning := check.warning():
            weighted = ""
            if check.dimension == "sector" and (overall := report.ratings[:1]):
                question = overall[0]
                if question.weighted_mean is not None:
                    weighted = (
                        f" Weighted to the attendees' sector mix, “{question.text}” would have "
                        f"a mean of {question.weighted_mean:.2f} (raw: {question.mean:.2f}) and "
                        f"a top-2-box of {question.weighted_top2_pct:.1f}% (raw: "
                        f"{question.top2_pct:.1f}%); the Ratings tab's CSV has every question."
                    )
            st.warning(
                f"{warning} The survey may not speak for all attendees "
                f"({check.dimension}: p = {check.p_value:.3f}).{weighted}",
                icon=":material/balance:",
            )
if report.introduction:
    st.caption(
        "The opening sentences of the outcome report (copy them with the button on the right):"
    )
    st.code(report.introduction, language=None, wrap_lines=True)
if data_access.may("selected-feedback"):
    # What the report calls the event ("The Forum received ..."): read from the title unless
    # an organizer says otherwise.
    with (
        st.popover(f"The report calls it “the {report.event.kind}”", icon=":material/edit:"),
        st.form("event_kind_form", border=False),
    ):
        kind = st.text_input(
            "What the outcome report calls the event",
            value=report.event.kind,
            help="Forum, Webinar, Workshop, Course ...: “The Forum received ...”. Leave it "
            "empty for the default read from the event's title.",
            key="event_kind",
        )
        if st.form_submit_button("Save", key="save_event_kind"):
            try:
                data_access.set_event_kind(event_id, kind)
            except EventError as error:
                st.error(str(error))
            else:
                st.rerun()
with st.container(key="report_downloads", horizontal=True):
    for suffix, label in documents.FORMATS.items():
        st.download_button(
            f"Outcome report ({label})",
            # Made when clicked (and kept until the data changes), not on every run of the page.
            functools.partial(data_access.report_document, event_id, suffix),
            file_name=f"{event_id}-outcome-report{suffix}",
            mime=documents.MEDIA_TYPES[suffix],
            key=f"download_report_{suffix.removeprefix('.')}",
            on_click="ignore",
            icon=":material/description:",
        )

if headline["registrations"] == 0 and headline["responses"] == 0:
    st.info(
        "This event has no data yet: upload its registration list, attendance report or "
        "survey export on the Upload data page."
    )
    st.page_link("views/upload.py", label="Upload data", icon=":material/upload:")
    st.stop()


# -- participation and countries -----------------------------------------------------------------


def _participation_section(event_id: str, headline: dict) -> None:
    st.plotly_chart(charts.participation_funnel(headline), key="chart_funnel", width="stretch")

    st.subheader("Countries")
    map_stage = st.segmented_control(
        "Map shows",
        ["registrants", "attendees"],
        format_func=lambda stage: charts.STAGE_LABELS[stage],
        default=state.remembered_choice("map_stage", "registrants"),
        required=True,
        key="map_stage",
    )
    state.remember_choice("map_stage", map_stage)
    countries = data_access.participants(event_id, "country")
    stage_countries = countries[countries["stage"] == map_stage]
    if stage_countries.empty:
        st.info(
            f"No {map_stage} imported for this event yet: upload the "
            f"{'registration list' if map_stage == 'registrants' else 'attendance report'} "
            "on the Upload data page."
        )
    else:
        map_column, table_column = st.columns([3, 2])
        map_column.plotly_chart(
            charts.participants_map(stage_countries, map_stage),
            key="chart_map",
            width="stretch",
            # The borders come with the dashboard (dashboard/static/), not from Plotly's CDN,
            # so the map draws on machines without internet access.
            config={"topojsonURL": "/app/static/"},
        )
        country_table = stage_countries[["country", "iso3", "count", "pct"]].rename(
            columns={
                "country": "Country",
                "iso3": "ISO3",
                "count": charts.STAGE_LABELS[map_stage],
                "pct": "Share",
            }
        )
        with table_column:
            show_table(
                country_table,
                "country_table",
                height=420,
                column_order=["Country", charts.STAGE_LABELS[map_stage], "Share"],
                column_config={
                    "Country": st.column_config.TextColumn(width="medium"),
                    charts.STAGE_LABELS[map_stage]: COUNT_COLUMN,
                    "Share": PCT_COLUMN,
                },
            )
            download_csv(
                country_table,
                "Countries (CSV)",
                f"{event_id}-{map_stage}-by-country.csv",
                "download_countries",
            )

    with st.container():
        st.subheader("M49 regions")
        regions = _stage_table(data_access.participants_by_stage(event_id, "region"), "Region")
        show_table(regions, "region_table", column_config=_stage_column_config())
        download_csv(regions, "Regions (CSV)", f"{event_id}-by-region.csv", "download_regions")
    with st.container():
        st.subheader("LDC, LLDC and SIDS")
        st.caption(
            "Least Developed Countries (as classified on the event's date), Landlocked "
            "Developing Countries and Small Island Developing States. A country can be in "
            "more than one group; the shares are of everyone in the stage."
        )
        country_groups = _stage_table(
            data_access.participants_by_stage(event_id, "country_group"), "Country group"
        )
        show_table(
            country_groups,
            "country_group_table",
            column_config=_stage_column_config(),
        )
        download_csv(
            country_groups,
            "Country groups (CSV)",
            f"{event_id}-by-country-group.csv",
            "download_country_groups",
        )


# -- sectors -----------------------------------------------------------------------------------


def _sectors_section(event_id: str, headline: dict) -> None:
    by_sector = data_access.participants(event_id, "sector")
    st.plotly_chart(charts.sector_composition(by_sector), key="chart_sectors", width="stretch")
    sectors = _stage_table(data_access.participants_by_stage(event_id, "sector"), "Sector")
    show_table(sectors, "sector_table", column_config=_stage_column_config())
    download_csv(sectors, "Sectors (CSV)", f"{event_id}-by-sector.csv", "download_sectors")
    sentence = report.respondents_sentence
    if sentence:
        st.caption("For the outcome report (copy it with the button on the right):")
        st.code(sentence, language=None, wrap_lines=True)
    else:
        st.caption("No survey respondent gave a sector, so there is no sentence to copy.")
    # Sex-disaggregated figures, as UN reporting asks, wherever sector is shown: counts of
    # people, not answers, so shown in full like the sectors (answers by gender keep the
    # anonymity threshold on the Ratings tab).
    by_gender = data_access.participants_by_stage(event_id, "gender")
    st.subheader("By gender")
    if by_gender.empty:
        st.caption("No gender was collected for this event.")
    else:
        gender = _stage_table(by_gender, "Gender")
        show_table(gender, "gender_table", column_config=_stage_column_config())
        download_csv(gender, "Gender (CSV)", f"{event_id}-by-gender.csv", "download_gender")


# -- ratings -----------------------------------------------------------------------------------


def _ratings_section(event_id: str, headline: dict) -> None:
    ratings = [dataclasses.asdict(question) for question in report.ratings]
    numbers = [dataclasses.asdict(question) for question in report.numbers]
    yes_no = [dataclasses.asdict(question) for question in report.yes_no]
    choices = report.choices
    if not ratings and not numbers and not yes_no and not choices:
        st.info(
            "No survey imported for this event yet: upload its survey export on the "
            "Upload data page."
        )
    if ratings:
        st.subheader("Rating questions")
        st.caption(
            "In the order of the survey. Top-2-box: the share of respondents who chose one of "
            "the two highest points of the scale."
        )
        for start in range(0, len(ratings), 2):
            pair = st.columns(2)
            for column, question in zip(pair, ratings[start : start + 2], strict=False):
                column.plotly_chart(
                    charts.rating_distribution(question),
                    key=f"chart_rating_{question['question_id']}",
                    width="stretch",
                )
        rating_table = pd.DataFrame(
            {
                "Question": [q["text"] for q in ratings],
                "Indicator": [q["indicator"] or "" for q in ratings],
                "n": [q["n"] for q in ratings],
                "Mean": [q["mean"] for q in ratings],
                "Mean 95% low": [(q["mean_ci"] or (None, None))[0] for q in ratings],
                "Mean 95% high": [(q["mean_ci"] or (None, None))[1] for q in ratings],
                "Scale": [f"{q['scale_min']}-{q['scale_max']}" for q in ratings],
                "Score (0-100)": [q["score"] for q in ratings],
                "Top-2-box %": [q["top2_pct"] for q in ratings],
                "Top-2-box 95% low": [(q["top2_ci"] or (None, None))[0] for q in ratings],
                "Top-2-box 95% high": [(q["top2_ci"] or (None, None))[1] for q in ratings],
                "Counted apart (N/A)": [q["set_apart"] for q in ratings],
                "Mean weighted to attendees' sectors": [q["weighted_mean"] for q in ratings],
                "Top-2-box % weighted to attendees' sectors": [
                    q["weighted_top2_pct"] for q in ratings
                ],
            }
        )
        download_csv(rating_table, "Ratings (CSV)", f"{event_id}-ratings.csv", "download_ratings")
    if numbers:
        st.subheader("Number questions")
        st.caption(
            "Counts, amounts and measured scores: numbers that are no rating, so no top-2-box. "
            "Answers such as N/A are counted apart, outside n and the mean."
        )
        for question in numbers:
            st.plotly_chart(
                charts.number_bins(question),
                key=f"chart_number_{question['question_id']}",
                width="stretch",
            )
        st.dataframe(
            pd.DataFrame(
                {
                    "Question": [q["text"] for q in numbers],
                    "n": [q["n"] for q in numbers],
                    "Mean": [q["mean"] for q in numbers],
                    "Median": [q["median"] for q in numbers],
                    "Smallest": [q["min"] for q in numbers],
                    "Largest": [q["max"] for q in numbers],
                    "Counted apart": [q["set_apart"] for q in numbers],
                }
            ),
            hide_index=True,
        )
    if yes_no:
        st.subheader("Yes / no questions")
        for row in yes_no:
            st.plotly_chart(
                charts.yes_no_bars(row), key=f"chart_yes_no_{row['question_id']}", width="stretch"
            )
    if choices:
        st.subheader("Choice questions")
        for question in choices:
            options = pd.DataFrame([dataclasses.asdict(option) for option in question.options])
            st.plotly_chart(
                charts.choice_bars(options, question.text),
                key=f"chart_choice_{question.question_id}",
                width="stretch",
            )

    if ratings:
        st.subheader("Ratings by respondent group")
        groupings = [
            group_by
            for group_by in GROUPINGS
            if group_by != "gender" or report.participation.by_gender
        ]
        group_by = st.segmented_control(
            "Group respondents by",
            groupings,
            format_func=GROUPINGS.get,
            default=_known(state.remembered_choice("rating_group_by", "sector"), groupings),
            required=True,
            key="rating_group_by",
        )
        state.remember_choice("rating_group_by", group_by)
        breakdowns = data_access.rating_by_group(event_id, group_by)
        threshold = breakdowns[0].threshold if breakdowns else None
        scales = {q.question_id: (q.scale_min, q.scale_max) for q in report.ratings}
        shown_rows = [
            {
                "question": _short_question(breakdown),
                "text": breakdown.text,
                "scale_min": scales[breakdown.question_id][0],
                "scale_max": scales[breakdown.question_id][1],
                "group": group.group,
                "n": group.n,
                "mean": group.mean,
                "top2_pct": group.top2_pct,
            }
            for breakdown in breakdowns
            for group in breakdown.shown
        ]
        if threshold is not None:
            st.caption(
                f"To protect respondents, a group of fewer than {threshold} respondents is never "
                "shown, nor can it be worked out by combining the groups of the four breakdowns: "
                f"small groups are merged into “Other (fewer than {threshold})”, or withheld when "
                "even together they are too few, and a group is withheld when a smaller one could "
                "be worked out from it."
            )
        if shown_rows:
            shown = pd.DataFrame(shown_rows)
            st.plotly_chart(
                charts.rating_by_group_bars(shown, group_by),
                key="chart_rating_by_group",
                width="stretch",
            )
            group_table = shown.rename(
                columns={
                    "question": "Question",
                    "text": "Wording",
                    "group": GROUPINGS[group_by],
                    "mean": "Mean",
                    "top2_pct": "Top-2-box %",
                }
            )
            show_table(
                group_table,
                "rating_by_group_table",
                column_order=["Question", GROUPINGS[group_by], "n", "Mean", "Top-2-box %"],
                column_config={
                    "Top-2-box %": PCT_COLUMN,
                    "Mean": st.column_config.NumberColumn(format="%.2f"),
                },
            )
            download_csv(
                group_table,
                "Ratings by group (CSV)",
                f"{event_id}-ratings-by-{group_by}.csv",
                "download_rating_by_group",
            )
        else:
            st.info(
                "Every group is too small to show without putting respondents at risk of being "
                "recognized."
            )
        withheld = sorted(
            {(w.group, w.reason) for breakdown in breakdowns for w in breakdown.withheld}
        )
        if withheld:
            with st.container(key="withheld_groups"):
                st.markdown("**Withheld groups**")
                for group, reason in withheld:
                    st.text(f"{group}: {reason}")


# -- open answers ------------------------------------------------------------------------------


# How the organizer chooses the quotes of a question ({} is the length limit of the default).
QUOTE_MODES = {
    "default": "Every answer of up to {} characters",
    "all": "All answers",
    "chosen": "The answers ticked below",
}
QUOTES_SAVED_KEY = "quotes_saved"


def _save_quotes(event_id: str, question, shown: list, mode: str) -> None:
    """Save the question's choice of quotes (one write), then run the page again to show it."""
    if mode == "default":
        data_access.clear_quote_choice(event_id, question.question_id)
    elif mode == "all":
        data_access.save_quote_choice(event_id, question.question_id, quote_all=True)
    else:
        shown_ids = {answer.response_id for answer in shown}
        ticked = {
            answer.response_id
            for answer in shown
            if st.session_state.get(f"quote_{question.question_id}_{answer.response_id}")
        }
        # Answers a search hides keep the choice they had.
        hidden = {
            answer.response_id
            for answer in question.answers
            if answer.selected and answer.response_id not in shown_ids
        }
        data_access.save_quote_choice(event_id, question.question_id, response_ids=ticked | hidden)
    st.session_state[QUOTES_SAVED_KEY] = question.text
    st.rerun()


def _quoted_caption(question) -> None:
    st.caption(
        f"The report quotes {format_count(len(question.quoted))} of "
        f"{format_count(len(question.answers))} answers, without names."
    )


def _answer_text(answer) -> None:
    """One answer as the respondent wrote it, with their sector where it may be shown."""
    st.text(answer.answer)
    if answer.sector:
        st.caption(markdown_escape(answer.sector))


def _quote_choice_form(event_id: str, question, shown: list) -> None:
    """The organizer's choice of the question's quotes for the outcome report, saved in one
    write when the form is submitted."""
    with st.form(key=f"quotes_{question.question_id}", border=False):
        mode = st.radio(
            "Quote in the outcome report (“Selected Feedback”)",
            list(QUOTE_MODES),
            index=list(QUOTE_MODES).index(question.selection),
            format_func=lambda option: QUOTE_MODES[option].format(report.quote_max_characters),
            horizontal=True,
            key=f"quote_mode_{question.question_id}",
        )
        _quoted_caption(question)
        for answer in shown:
            with st.container(border=True):
                _answer_text(answer)
                st.checkbox(
                    "Quote this answer",
                    value=answer.selected,
                    key=f"quote_{question.question_id}_{answer.response_id}",
                )
        if st.form_submit_button(
            "Save the choice of quotes", key=f"save_quotes_{question.question_id}"
        ):
            _save_quotes(event_id, question, shown, mode)


def _answers_section(event_id: str, headline: dict) -> None:
    questions = report.text_questions
    may_choose_quotes = data_access.may("selected-feedback")
    if saved := st.session_state.pop(QUOTES_SAVED_KEY, None):
        st.success(
            f"Saved the quotes of “{markdown_escape(saved)}” for the outcome report.",
            icon=":material/check:",
        )
    if not questions:
        st.info("This event's survey has no open-text answers.")
    else:
        search = st.text_input(
            "Search the answers",
            value=state.remembered_choice("answer_search", ""),
            key="answer_search",
            placeholder="A word or phrase, e.g. interpretation",
        )
        state.remember_choice("answer_search", search)
        search = search.strip()
        st.caption(
            "Answers are shown exactly as respondents wrote them. The respondent's sector is "
            "given only where enough respondents of that sector answered the question for no "
            "one to be recognized."
        )
        for question in questions:
            answers = question.answers
            if search:
                answers = [a for a in answers if search.casefold() in a.answer.casefold()]
            count_text = (
                f"{format_count(len(answers))} of {format_count(len(question.answers))} answers "
                f"contain “{search}”"
                if search
                else f"{format_count(len(question.answers))} answers"
            )
            with st.expander(
                markdown_escape(f"{question.text} — {count_text}"),
                expanded=bool(search) or len(questions) <= 3,
                key=f"answers_{question.question_id}",
            ):
                shown = answers[:MAX_ANSWERS_SHOWN]
                if may_choose_quotes:
                    _quote_choice_form(event_id, question, shown)
                else:
                    # A viewer reads the answers and what the report quotes; choosing is an
                    # analyst's (the engine would refuse the write anyway).
                    _quoted_caption(question)
                    for answer in shown:
                        with st.container(border=True):
                            _answer_text(answer)
                if len(answers) > MAX_ANSWERS_SHOWN:
                    st.caption(
                        f"Showing the first {MAX_ANSWERS_SHOWN} answers: download them all below."
                    )
                if question.sectors_withheld and not search:
                    st.caption(
                        f"Sector withheld for {format_count(question.sectors_withheld)} answers "
                        f"(from groups of fewer than {question.threshold} respondents)."
                    )
                answer_table = pd.DataFrame(
                    {
                        "Answer": [a.answer for a in answers],
                        "Sector": [a.sector or "" for a in answers],
                    }
                )
                download_csv(
                    answer_table,
                    "These answers (CSV)",
                    f"{event_id}-{question.question_id}-answers.csv",
                    f"download_answers_{question.question_id}",
                )


# -- the sections, one tab each ------------------------------------------------------------------
# Only the open tab's section runs (lazy tabs): a visit computes and draws the participation
# charts and tables, not every section's. Most of a report's cost is its charts, drawn by the
# visitor's browser; with eight people opening reports at once, drawing all four sections for
# each kept the browsers busy for longer than the server took. The open tab is in the URL
# (?section=Ratings), so a link can open any section.

SECTIONS = {
    "Participation": _participation_section,
    "Sectors": _sectors_section,
    "Ratings": _ratings_section,
    "Open answers": _answers_section,
}
for tab, render_section in zip(
    st.tabs(list(SECTIONS), key=SECTION_KEY, bind="query-params"), SECTIONS.values(), strict=True
):
    if tab.open:
        with tab:
            render_section(event_id, headline)
