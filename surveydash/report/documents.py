"""The outcome report as documents: DOCX (to edit in Word) and PDF (to share), from the model.

Both documents lay out one outline (`outline`): the same headings, sentences, tables, charts
and quotes, with every number already written as the report writes it. The charts are drawn
by typst (templates/charts.typ): placed as vectors in the PDF, compiled to PNG for the DOCX. No
browser is needed, and no font of the machine is used (typst's own fonts, so that the PDF is
the same everywhere). Data reaches typst only as JSON read inside the template, so answer text
is printed as written and can never run as typst markup.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import tempfile
from pathlib import Path

from surveydash.report.model import (
    ChoiceQuestion,
    EventReport,
    NumberQuestion,
    RatingQuestion,
    TextQuestion,
    YesNoQuestion,
)
from surveydash.report.sentences import format_share

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
FORMATS = {".docx": "DOCX", ".pdf": "PDF"}
MEDIA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}
# The DOCX's chart images: 200 pixels per inch prints sharply and keeps a chart near 40 KB.
CHART_PPI = 200
# Charts in the DOCX span the text width of an A4 page with 2.2 cm margins.
CHART_WIDTH_CM = 15.5

# Ratings from the lowest point of the scale (red) to the highest (dark green), as on the
# dashboard's charts (dashboard/charts.py RATING_COLOURS).
RATING_COLOURS = ("#D7301F", "#FC8D59", "#FEE08B", "#91CF60", "#1A9850")
YES_COLOUR, NO_COLOUR, CHOICE_COLOUR = "#3182BD", "#BDBDBD", "#3182BD"
MISSING = "–"


class ReportFormatError(ValueError):
    """The file name asks for a format the report is not written in."""


def format_of(path: str | Path) -> str:
    """'.docx' or '.pdf' from a file name; ReportFormatError otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ReportFormatError(
            f"{Path(path).name}: the report is written as .docx or .pdf; the file name's "
            "extension chooses which"
        )
    return suffix


# -- the outline both documents lay out --------------------------------------------------------


def _count(value) -> str:
    return MISSING if value is None else f"{int(value):,}"


def _mean(value, scale_max) -> str:
    return MISSING if value is None else f"{float(value):.2f} / {scale_max}"


def _bars_text(count: int, pct) -> str:
    return f"{count:,} ({format_share(pct)})"


def rating_chart(question: RatingQuestion) -> dict:
    points = list(question.distribution)  # highest first
    size = max(len(points), 1)
    return {
        "subtitle": rating_summary(question),
        "bars": [
            {
                "label": f"{p.value} – {p.label}" if p.label else str(p.value),
                "value": p.count,
                "text": _bars_text(p.count, p.pct),
                # The highest point is dark green, the lowest red, whatever the scale's size.
                "colour": RATING_COLOURS[
                    round((size - 1 - i) * (len(RATING_COLOURS) - 1) / max(size - 1, 1))
                ],
            }
            for i, p in enumerate(points)
        ],
    }


def rating_summary(question: RatingQuestion) -> str:
    """'n = 32 · mean 4.31 (3.96-4.66) · top-2-box 87.5% (71.9-95%)': each figure with its 95%
    interval, as the page shows them."""
    mean_ci = f" ({question.mean_ci[0]:.2f}-{question.mean_ci[1]:.2f})" if question.mean_ci else ""
    top2_ci = (
        f" ({format_share(question.top2_ci[0])}-{format_share(question.top2_ci[1])})"
        if question.top2_ci
        else ""
    )
    return (
        f"n = {question.n:,} · mean {_mean(question.mean, question.scale_max)}{mean_ci} · "
        f"top-2-box {format_share(question.top2_pct)}{top2_ci}"
    )


def yes_no_chart(question: YesNoQuestion) -> dict:
    return {
        "subtitle": f"n = {question.n:,}",
        "bars": [
            {
                "label": "Yes",
                "value": question.yes,
                "text": _bars_text(question.yes, question.yes_pct),
                "colour": YES_COLOUR,
            },
            {
                "label": "No",
                "value": question.no,
                "text": _bars_text(question.no, question.no_pct),
                "colour": NO_COLOUR,
            },
        ],
    }


def number_chart(question: NumberQuestion) -> dict:
    """A number question's answers in bins, with n, mean and median (no top-2-box: no scale)."""
    return {
        "subtitle": f"n = {question.n:,} · mean {_number(question.mean)} · median "
        f"{_number(question.median)}",
        "bars": [
            {
                "label": f"{_number(bin.bin_low)}–{_number(bin.bin_high)}",
                "value": bin.count,
                "text": _bars_text(bin.count, bin.pct),
                "colour": CHOICE_COLOUR,
            }
            for bin in question.bins
        ],
    }


def _number(value) -> str:
    if value is None:
        return MISSING
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def choice_chart(question: ChoiceQuestion) -> dict:
    respondents = "multiple answers allowed" if question.kind == "multiple_choice" else ""
    return {
        "subtitle": respondents or "one answer each",
        "bars": [
            {
                "label": option.option,
                "value": option.count,
                "text": _bars_text(option.count, option.pct),
                "colour": CHOICE_COLOUR,
            }
            for option in question.options
        ],
    }


def _date(iso: str | None) -> str:
    """'2022-09-06' -> '6 September 2022'."""
    if not iso:
        return MISSING
    day = dt.date.fromisoformat(iso[:10])
    return f"{day.day} {day:%B %Y}"


def _details(report: EventReport) -> list[list[str]]:
    event = report.event
    dates = _date(event.start_date)
    if event.end_date and event.end_date != event.start_date:
        dates = f"{dates} to {_date(event.end_date)}"
    rows = [["Dates", dates]]
    for label, value in (
        ("Format", event.format),
        ("Location", event.location),
        ("Organizers", event.organizers),
        ("Series", event.series),
    ):
        if value:
            rows.append([label, str(value)])
    return rows


def _stage_table(title: str, rows, with_respondents: bool = True) -> dict:
    columns = [title, "Registrants", "Attendees"] + (["Respondents"] if with_respondents else [])
    return {
        "title": None,
        "columns": columns,
        "rows": [
            [row.group, _count(row.registrants), _count(row.attendees)]
            + ([_count(row.respondents)] if with_respondents else [])
            for row in rows
        ],
    }


def _participation(report: EventReport) -> dict:
    figures = report.headline
    participation = report.participation
    lines = []
    if figures.registrations:
        lines.append(["Registrations", _count(figures.registrations)])
    if figures.attendees:
        lines.append(["Attendees", _count(figures.attendees)])
    if figures.attendance_rate is not None and figures.attendees:
        lines.append(["Attendance rate (of registrations)", format_share(figures.attendance_rate)])
    if figures.response_rate is not None and figures.responses:
        lines.append(["Response rate (of attendees)", format_share(figures.response_rate)])
    tables = []
    if participation.by_region:
        tables.append(_stage_table("Region (M49)", participation.by_region))
    if participation.by_country_group and (figures.registrations or figures.attendees):
        tables.append(_stage_table("LDC / LLDC / SIDS", participation.by_country_group))
    if participation.by_gender:
        tables.append(_stage_table("Gender", participation.by_gender))
    if participation.sessions:
        tables.append(
            {
                "title": None,
                "columns": ["Session", "Attendees"],
                "rows": [[s.session, _count(s.attendees)] for s in participation.sessions],
            }
        )
    return {"figures": lines, "tables": tables}


def _quotes_note(question: TextQuestion, max_characters: int) -> str:
    answers, quoted = len(question.answers), len(question.quoted)
    if question.selection == "default":
        return (
            f"Every answer of up to {max_characters} characters: {quoted} of {answers} "
            "answers, as written."
        )
    if question.selection == "all":
        return f"All {answers} answers, as written."
    return f"{quoted} of {answers} answers, chosen by the organizers, as written."


def _question(report: EventReport, question) -> dict:
    heading = f"Q{question.position}. {question.text}"
    entry = {"heading": heading, "kind": question.kind, "chart": None}
    if isinstance(question, RatingQuestion):
        entry["chart"] = rating_chart(question)
    elif isinstance(question, YesNoQuestion):
        entry["chart"] = yes_no_chart(question)
    elif isinstance(question, ChoiceQuestion):
        entry["kind"] = "choice"
        entry["chart"] = choice_chart(question)
    elif isinstance(question, NumberQuestion):
        # Drawn as a choice question's bars are: one bar a bin.
        entry["kind"] = "choice"
        entry["chart"] = number_chart(question)
    elif isinstance(question, TextQuestion):
        entry["quotes"] = [answer.quotable for answer in question.quoted]
        entry["quotes_note"] = _quotes_note(question, report.quote_max_characters)
    return entry


def _by_group(report: EventReport, breakdowns, label: str) -> dict | None:
    if not breakdowns:
        return None
    rows = [
        [
            f"Q{_position(report, b.question_id)}",
            group.group,
            _count(group.n),
            MISSING if group.mean is None else f"{group.mean:.2f}",
            format_share(group.top2_pct),
        ]
        for b in breakdowns
        for group in b.shown
    ]
    withheld = sorted({(w.group, w.reason) for b in breakdowns for w in b.withheld})
    return {
        "note": (
            f"A group of fewer than {report.threshold} respondents is never shown, nor can it "
            "be worked out from the groups shown here and in the other breakdowns: small groups "
            f"are merged into “Other (fewer than {report.threshold})”, or withheld when even "
            "together they are too few, and a group is withheld when a smaller one could be "
            "worked out from it."
        ),
        "table": {
            "title": None,
            "columns": ["Question", label, "n", "Mean", "Top-2-box"],
            "rows": rows,
        },
        "withheld": [f"Withheld: {group} ({reason})." for group, reason in withheld],
    }


def _position(report: EventReport, question_id: str) -> int | str:
    for question in report.questions:
        if question.question_id == question_id:
            return question.position
    return question_id


def outline(report: EventReport) -> dict:
    """Everything both documents show, in order, every figure written as text."""
    survey_sentences = [
        s for s in (report.responses_sentence, report.respondents_sentence) if s
    ] or ["No survey responses were imported for this event."]
    return {
        "title": report.event.title,
        "details": _details(report),
        "introduction": [report.headline_sentence or "No registrations or attendance imported."],
        "participation": _participation(report),
        "survey": {
            "sentences": survey_sentences,
            "questions": [_question(report, q) for q in report.questions],
        },
        "by_group": [
            {"heading": f"Ratings by {label.lower()}"} | section
            for label, breakdowns in (
                ("Sector", report.ratings_by_sector),
                ("Gender", report.ratings_by_gender),
            )
            if (section := _by_group(report, breakdowns, label))
        ],
        "footnote": (
            "Made with surveydash from the event's registration, attendance and survey files. "
            "Shares are of each group's total, rounded to one decimal. Figures in brackets "
            "beside a mean or a top-2-box are 95% intervals (Student's t for means, Wilson for "
            "shares): with few respondents they are wide. Answers are quoted as respondents "
            "wrote them, without names."
        ),
    }


# -- typst -------------------------------------------------------------------------------------


def _compile(main: str, data: dict[str, object], output_format: str) -> bytes | list[bytes]:
    """Compile a template of templates/ with its JSON files in a folder of its own, which is
    all typst may read (root=); only typst's embedded fonts are used."""
    import typst

    with tempfile.TemporaryDirectory(prefix="surveydash-report-") as folder:
        root = Path(folder)
        for template in TEMPLATES_DIR.glob("*.typ"):
            shutil.copy(template, root / template.name)
        for name, value in data.items():
            (root / name).write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        options = {"ppi": CHART_PPI} if output_format == "png" else {}
        return typst.compile(
            str(root / main),
            root=str(root),
            ignore_system_fonts=True,
            font_paths=[],
            format=output_format,
            **options,
        )


def render_pdf(report: EventReport) -> bytes:
    """The report as a PDF."""
    return _compile("report.typ", {"report.json": outline(report)}, "pdf")


def chart_images(charts: list[dict]) -> list[bytes]:
    """Each chart as a PNG, in one typst compilation (one page, one image, per chart)."""
    if not charts:
        return []
    images = _compile("chart.typ", {"charts.json": charts}, "png")
    return images if isinstance(images, list) else [images]


# -- docx --------------------------------------------------------------------------------------


def _docx_table(document, table_data: dict) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=1, cols=len(table_data["columns"]))
    table.style = "Light Grid Accent 1"
    for cell, title in zip(table.rows[0].cells, table_data["columns"], strict=True):
        cell.text = title
    for row in table_data["rows"]:
        cells = table.add_row().cells
        for position, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = str(value)
            if position:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def render_docx(report: EventReport) -> bytes:
    """The report as a Word document."""
    from docx import Document
    from docx.shared import Cm, Pt

    content = outline(report)
    questions = content["survey"]["questions"]
    images = iter(chart_images([q["chart"] for q in questions if q["chart"] is not None]))

    document = Document()
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2.2)
    document.styles["Normal"].font.size = Pt(11)
    properties = document.core_properties
    properties.title = content["title"]
    properties.author = "surveydash"
    properties.comments = ""

    document.add_heading(content["title"], level=0)
    for label, value in content["details"]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
        paragraph.paragraph_format.space_after = Pt(0)

    document.add_heading("Introduction", level=1)
    document.add_paragraph(" ".join(content["introduction"]))

    participation = content["participation"]
    if participation["tables"]:
        document.add_heading("Participation", level=1)
        for label, value in participation["figures"]:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
            paragraph.paragraph_format.space_after = Pt(0)
        for table_data in participation["tables"]:
            document.add_paragraph()
            _docx_table(document, table_data)

    document.add_heading("Participants Survey Results", level=1)
    document.add_paragraph(" ".join(content["survey"]["sentences"]))
    for question in questions:
        document.add_heading(question["heading"], level=2)
        if question["chart"] is not None:
            picture = document.add_picture(io.BytesIO(next(images)), width=Cm(CHART_WIDTH_CM))
            # Alt text, for screen readers and for anyone who searches the document's text.
            picture._inline.docPr.set(
                "descr", f"{question['heading']} ({question['chart']['subtitle']})"
            )
        if question["kind"] == "text":
            document.add_paragraph().add_run("Selected Feedback").italic = True
            for quote in question["quotes"]:
                document.add_paragraph(quote, style="List Bullet")
            document.add_paragraph().add_run(question["quotes_note"]).font.size = Pt(9)

    for section in content["by_group"]:
        document.add_heading(section["heading"], level=1)
        document.add_paragraph(section["note"]).runs[0].font.size = Pt(9.5)
        _docx_table(document, section["table"])
        for line in section["withheld"]:
            document.add_paragraph(line).runs[0].font.size = Pt(9.5)

    document.add_paragraph().add_run(content["footnote"]).font.size = Pt(9)
    written = io.BytesIO()
    document.save(written)
    return written.getvalue()


# -- either ------------------------------------------------------------------------------------


def render(report: EventReport, suffix: str) -> bytes:
    """The report in the format of a file extension ('.docx' or '.pdf')."""
    return render_docx(report) if format_of(f"report{suffix}") == ".docx" else render_pdf(report)


def write_report(report: EventReport, path: str | Path) -> Path:
    """Write the report to `path` in the format its extension names; the file appears whole
    or not at all."""
    path = Path(path)
    content = render(report, format_of(path))
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(content)
    partial.replace(path)
    return path
