"""The progress report as a PDF (fpdf2): A4, the practice in the header, "Page 1 of 2" in
the footer, tables for visits, measures and the home programme, and a small chart of pain
over time drawn with fpdf2's lines (no image library, no system packages).

Text is set in DejaVu Sans (vendored in ./fonts, see its LICENSE) so every name prints:
"Zoë Łukasiewicz", dashes and arrows, and French with its accents, « » and œ. The creation
date is the `now` the report was built with, so the same report gives the same bytes.

Every word is in the language active when `render` runs (views.py renders the report in
the client's language, else the practice's), dates in that language's format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from django.utils import formats, translation
from django.utils.translation import gettext, pgettext
from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, XPos, YPos

from .services import ExerciseLine, MeasureLine, Report, VisitLine

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
GREY = (90, 90, 90)
LIGHT = (235, 235, 235)
HEADINGS = FontFace(emphasis="BOLD", fill_color=LIGHT)
# Lines of the pain chart: a grey and a dash pattern each, so it reads in black and white.
STROKES: tuple[tuple[int, float], ...] = ((0, 0), (90, 1.5), (140, 0.6), (60, 3), (170, 0))


def day(value: dt.date) -> str:
    """24 Nov 2026 (24 novembre 2026 in French): the language's date format."""
    return formats.date_format(value, "DATE_FORMAT")


def clock(value: dt.datetime) -> str:
    return formats.time_format(value, "H:i")


class ReportPDF(FPDF):
    """A4 pages with the practice in the header and the page number in the footer."""

    def __init__(self, report: Report) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(auto=True, margin=18)

    def header(self) -> None:
        practice = self.report.practice
        self.set_font(FAMILY, "B", 12)
        self.cell(0, 6, practice.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*GREY)
        address = ", ".join(line.strip() for line in practice.address.splitlines() if line.strip())
        contact = " · ".join(part for part in (address, practice.phone, practice.email) if part)
        self.multi_cell(0, 4, contact, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_draw_color(0, 0, 0)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(5)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*GREY)
        produced = gettext("Progress report of %(name)s, %(day)s") % {
            "name": self.report.client_name,
            "day": day(self.report.produced_at),
        }
        self.cell(0, 5, produced, align="L")
        self.set_x(self.l_margin)
        # {nb} is fpdf2's place for the number of pages.
        page = gettext("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 5, page, align="R")
        self.set_text_color(0, 0, 0)

    # -- building blocks --------------------------------------------------------------------

    def heading(self, text: str, room: float = 30) -> None:
        """A section heading, on a new page when the section would start at the foot."""
        if self.will_page_break(room):
            self.add_page()
        self.ln(3)
        self.set_font(FAMILY, "B", 12)
        self.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, "", 9)

    def paragraph(self, text: str, size: float = 9, height: float = 4.6) -> None:
        self.set_font(FAMILY, "", size)
        self.multi_cell(0, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rows(
        self, headings: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        """A table with a bold heading row repeated on each page and banded rows."""
        self.set_font(FAMILY, "", 8)
        with self.table(
            col_widths=tuple(widths),
            headings_style=HEADINGS,
            line_height=4.2,
            text_align="LEFT",
            cell_fill_color=(248, 248, 248),
            cell_fill_mode=TableCellFillMode.ROWS,
            padding=1.2,
        ) as table:
            for cells in (headings, *rows):
                row = table.row()
                for text in cells:
                    row.cell(text)
        self.set_font(FAMILY, "", 9)


def render(report: Report) -> bytes:
    """The report as PDF bytes."""
    pdf = ReportPDF(report)
    pdf.set_title(
        gettext("Progress report: %(name)s, %(plan)s")
        % {"name": report.client_name, "plan": report.plan_title}
    )
    pdf.set_author(report.practice.name)
    pdf.set_subject(gettext("Progress report of a plan of care"))
    pdf.set_creator("easeplan")
    pdf.set_lang(translation.get_language() or "en")
    pdf.set_creation_date(report.produced_at)
    pdf.add_page()
    _title(pdf, report)
    _visits(pdf, report.visits, report)
    _measures(pdf, report.measures)
    _chart(pdf, report.pain_measures)
    _programme(pdf, report.exercises, report.adherence)
    _summary(pdf, report)
    _rules(pdf, report.measures)
    return bytes(pdf.output())


def _title(pdf: ReportPDF, report: Report) -> None:
    pdf.set_font(FAMILY, "B", 16)
    pdf.cell(0, 9, gettext("Progress report"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    born = day(report.date_of_birth) if report.date_of_birth else gettext("not recorded")
    if report.closed_on:
        dates = gettext("%(start)s to %(end)s") % {
            "start": day(report.starts_on),
            "end": day(report.closed_on),
        }
    else:
        dates = gettext("%(start)s to review on %(review)s") % {
            "start": day(report.starts_on),
            "review": day(report.review_on),
        }
    facts = [
        (gettext("Client"), report.client_name),
        (gettext("Date of birth"), born),
        (gettext("Plan"), f"{report.plan_title} ({report.plan_status.lower()})"),
        (gettext("Therapist"), report.therapist or gettext("not assigned")),
        (gettext("Dates"), dates),
        (gettext("Produced"), day(report.produced_at)),
    ]
    for label, value in facts:
        pdf.set_font(FAMILY, "B", 9)
        pdf.cell(32, 5, label)
        pdf.set_font(FAMILY, "", 9)
        pdf.multi_cell(0, 5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if report.goals:
        pdf.heading(gettext("Goals (the client's own activities)"), room=20)
        for goal in report.goals:
            pdf.paragraph(f"•  {goal}")


def _visits(pdf: ReportPDF, visits: list[VisitLine], report: Report) -> None:
    pdf.heading(gettext("Visits"))
    pdf.paragraph(f"{report.visit_step.capitalize()}.")
    if not visits:
        pdf.paragraph(gettext("No visits booked in this plan."))
        return
    pdf.ln(1)
    rows = [(f"{day(v.at)}, {clock(v.at)}", v.state_words.capitalize()) for v in visits]
    pdf.rows((gettext("Date"), gettext("Visit")), rows, (3, 2))


def _measures(pdf: ReportPDF, measures: list[MeasureLine]) -> None:
    pdf.heading(gettext("Outcome measures"))
    if not measures:
        pdf.paragraph(gettext("No check-ins with outcome measures in this plan yet."))
        return
    pdf.paragraph(
        gettext(
            "The first score in this plan (the baseline) compared with the latest, as the "
            "client reported them; the verdict follows the published meaningful-change rule."
        ),
        size=8,
    )
    pdf.ln(1)
    rows = [
        (
            m.name,
            f"{m.baseline} ({day(m.baseline_on)})",
            f"{m.latest} ({day(m.latest_on)})",
            m.change or "—",
            m.verdict,
            m.rule_source,
        )
        for m in measures
    ]
    headings = (
        gettext("Measure"),
        gettext("Baseline"),
        gettext("Latest"),
        pgettext("difference between two scores", "Change"),
        gettext("Verdict"),
        gettext("Rule from"),
    )
    pdf.rows(headings, rows, (30, 18, 18, 13, 35, 28))


def _chart(pdf: ReportPDF, measures: list[MeasureLine]) -> None:
    """Pain (0–10) over time: one line per rating, greys and dashes told apart in a key."""
    if not measures:
        return
    height, key = 48.0, 6.0 * ((len(measures) + 1) // 2)
    pdf.heading(gettext("Pain over time (0 = no pain, 10 = worst)"), room=height + key + 20)
    left, top = pdf.l_margin + 8, pdf.get_y() + 2
    width = pdf.w - pdf.r_margin - left
    days = [d for m in measures for d, _ in m.points]
    first, span = min(days), max((max(days) - min(days)).days, 1)

    def x(at: dt.date) -> float:
        return left + width * (at - first).days / span

    def y(value: float) -> float:
        return top + height * (1 - value / 10)

    _axes(pdf, left, top, width, height, first, max(days))
    for n, measure in enumerate(measures):
        grey, dash = STROKES[n % len(STROKES)]
        pdf.set_draw_color(grey)
        pdf.set_fill_color(grey)
        pdf.set_line_width(0.5)
        pdf.set_dash_pattern(dash=dash, gap=dash)
        points = [(x(d), y(v)) for d, v in measure.points]
        pdf.polyline(points)
        pdf.set_dash_pattern()
        for px, py in points:
            pdf.circle(px, py, 0.7, style="F")
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0)
    pdf.set_y(top + height + 7)
    _key(pdf, measures)


def _axes(
    pdf: ReportPDF, left: float, top: float, width: float, height: float, a: dt.date, b: dt.date
) -> None:
    pdf.set_font(FAMILY, "", 7)
    pdf.set_line_width(0.1)
    for value in (0, 5, 10):
        level = top + height * (1 - value / 10)
        pdf.set_draw_color(200)
        pdf.line(left, level, left + width, level)
        pdf.set_xy(left - 8, level - 2)
        pdf.cell(6, 4, str(value), align="R")
    pdf.set_draw_color(0)
    pdf.line(left, top, left, top + height)
    pdf.set_xy(left, top + height + 1)
    pdf.cell(width / 2, 4, day(a), align="L")
    pdf.cell(width / 2, 4, day(b), align="R")


def _key(pdf: ReportPDF, measures: list[MeasureLine]) -> None:
    pdf.set_font(FAMILY, "", 8)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    for n, measure in enumerate(measures):
        grey, dash = STROKES[n % len(STROKES)]
        column = pdf.l_margin + (n % 2) * half
        row_y = pdf.get_y()
        pdf.set_draw_color(grey)
        pdf.set_line_width(0.5)
        pdf.set_dash_pattern(dash=dash, gap=dash)
        pdf.line(column, row_y + 2.5, column + 10, row_y + 2.5)
        pdf.set_dash_pattern()
        pdf.set_xy(column + 12, row_y)
        key = gettext("%(measure)s: %(baseline)s → %(latest)s") % {
            "measure": measure.name,
            "baseline": measure.baseline,
            "latest": measure.latest,
        }
        pdf.cell(half - 12, 5, key)
        if n % 2 == 1 or n == len(measures) - 1:
            pdf.set_xy(pdf.l_margin, row_y + 6)
        else:
            pdf.set_xy(pdf.l_margin, row_y)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0)


def _programme(pdf: ReportPDF, exercises: list[ExerciseLine], overall: int | None) -> None:
    pdf.heading(gettext("Home programme"))
    if not exercises:
        pdf.paragraph(gettext("No home exercises were prescribed in this plan."))
        return
    rows = [
        (
            _exercise_name(e),
            e.dosage,
            day(e.since),
            "—" if e.adherence is None else percent(e.adherence),
        )
        for e in exercises
    ]
    headings = (gettext("Exercise"), gettext("Dosage"), gettext("Since"), gettext("Adherence"))
    pdf.rows(headings, rows, (34, 40, 14, 12))
    if overall is not None:
        pdf.ln(1)
        pdf.paragraph(
            gettext(
                "All exercises: %(n)s%% of the sessions due were ticked off as done (each "
                "exercise counts at most 100%%)."
            )
            % {"n": overall},
            size=8,
        )


def _exercise_name(exercise: ExerciseLine) -> str:
    if exercise.stopped_on is None:
        return exercise.name
    stopped = gettext("(stopped %(on)s)") % {"on": day(exercise.stopped_on)}
    return f"{exercise.name} {stopped}"


def percent(value: int) -> str:
    """75% (75 % in French, with a no-break space)."""
    return gettext("%(n)s%%") % {"n": value}


def _summary(pdf: ReportPDF, report: Report) -> None:
    pdf.heading(gettext("Therapist's summary"), room=25)
    pdf.paragraph(report.summary or gettext("No summary written yet."), size=9.5, height=5)
    if report.summary and report.therapist:  # signed only when there is something to sign
        pdf.ln(1)
        pdf.paragraph(f"{report.therapist}, {report.practice.name}", size=8)


def _rules(pdf: ReportPDF, measures: list[MeasureLine]) -> None:
    pdf.heading(gettext("How changes are judged"), room=20)
    names: dict[str, list[str]] = {}
    for measure in measures:
        names.setdefault(measure.rule, []).append(measure.name)
    for rule, named in names.items():
        line = gettext("%(measures)s: %(rule)s") % {"measures": ", ".join(named), "rule": rule}
        pdf.paragraph(line, size=7.5, height=3.8)
    pdf.ln(1)
    pdf.paragraph(
        gettext(
            "Massage therapists do not diagnose. This report holds the client's own scores "
            "and the therapist's summary; it does not contain clinical notes."
        ),
        size=7.5,
        height=3.8,
    )
