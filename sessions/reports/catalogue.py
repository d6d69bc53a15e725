"""The reports the pages offer: each one's rows, columns, chart and default range; the money
reports are in money_catalogue."""

from django.utils.safestring import SafeString

from . import queries
from .charts import Series, bar_chart_svg
from .money_catalogue import MONEY_REPORTS
from .report import Report


def _weekly_chart(rows: list[queries.WeekRow]) -> SafeString:
    return bar_chart_svg(
        title="Bookings, cancellations, late cancellations and no-shows per week",
        categories=[row.week for row in rows],
        series=[
            Series("Bookings", [row.bookings for row in rows]),
            Series("Cancellations", [row.cancellations for row in rows]),
            Series("Late cancellations", [row.late_cancellations for row in rows]),
            Series("No-shows", [row.no_shows for row in rows]),
        ],
        unit="appointments",
    )


def _utilisation_chart(rows: list[queries.UtilisationRow]) -> SafeString:
    shown = [row for row in rows if row.utilisation is not None]
    return bar_chart_svg(
        title="Booked hours over working hours, per therapist",
        categories=[row.therapist for row in shown],
        series=[Series("Utilisation", [float(row.utilisation) for row in shown])],
        unit="percent",
    )


def _intake_chart(rows: list[queries.MissingIntakeRow]) -> SafeString:
    by_therapist: dict[str, int] = {}
    for row in rows:
        by_therapist[row.therapist] = by_therapist.get(row.therapist, 0) + 1
    names = sorted(by_therapist)
    return bar_chart_svg(
        title="Upcoming appointments without a current intake, per therapist",
        categories=names,
        series=[Series("Without a current intake", [by_therapist[name] for name in names])],
        unit="appointments",
    )


def _pain_chart(rows: list[queries.PainRow]) -> SafeString:
    return bar_chart_svg(
        title="Average pain before and after a session, per therapist",
        categories=[row.therapist for row in rows],
        series=[
            Series("Before", [float(row.average_before) for row in rows]),
            Series("After", [float(row.average_after) for row in rows]),
            Series("Reduction", [float(row.average_reduction) for row in rows]),
        ],
        unit="pain (0-10)",
    )


def _delivery_chart(rows: list[queries.DeliveryRow]) -> SafeString:
    shown = [row for row in rows[:-1] if row.sent or row.failed or row.skipped or row.waiting]
    return bar_chart_svg(
        title="Messages sent, failed and skipped, per kind",
        categories=[row.kind for row in shown],
        series=[
            Series("Sent", [row.sent for row in shown]),
            Series("Failed", [row.failed for row in shown]),
            Series("Skipped", [row.skipped for row in shown]),
        ],
        unit="messages",
    )


REPORTS = {
    report.slug: report
    for report in (
        Report(
            slug="activity",
            title="Bookings, cancellations and no-shows",
            about="Per ISO week of the session's start in the clinic's time: every appointment "
            "booked for that week (whatever happened to it since), and of those the cancelled, "
            "the late-cancelled and the no-shows.",
            rows=queries.weekly_activity,
            columns=(
                ("Week", "week"),
                ("Monday", "monday"),
                ("Bookings", "bookings"),
                ("Cancellations", "cancellations"),
                ("Late cancellations", "late_cancellations"),
                ("No-shows", "no_shows"),
            ),
            chart=_weekly_chart,
            default_range=(-83, 0),
        ),
        Report(
            slug="utilisation",
            title="Utilisation per therapist",
            about="Working hours in the range (weekly hours on each day, in the clinic's time, "
            "minus time off) and the hours of live appointments inside them; utilisation is "
            "booked hours over working hours.",
            rows=queries.utilisation,
            columns=(
                ("Therapist", "therapist"),
                ("Working hours", "working_hours"),
                ("Booked hours", "booked_hours"),
                ("Utilisation (%)", "utilisation"),
            ),
            chart=_utilisation_chart,
            default_range=(-27, 0),
        ),
        Report(
            slug="intakes-missing",
            title="Intakes missing",
            about="Booked appointments from now to the last day whose client has no intake, "
            "or only one over a year old.",
            rows=queries.intakes_missing,
            columns=(
                ("Starts", "start"),
                ("Client", "client"),
                ("Email", "client_email"),
                ("Therapist", "therapist"),
                ("Service", "service"),
                ("Why", "reason"),
            ),
            chart=_intake_chart,
            default_range=(0, 13),
        ),
        Report(
            slug="pain",
            title="Pain reduction",
            about="From the signed notes of sessions in the range: the average pain before and "
            "after, and the average reduction per session (0-10 scale), per therapist.",
            rows=queries.pain_reduction,
            columns=(
                ("Therapist", "therapist"),
                ("Sessions", "sessions"),
                ("Average before", "average_before"),
                ("Average after", "average_after"),
                ("Average reduction", "average_reduction"),
            ),
            chart=_pain_chart,
            default_range=(-83, 0),
        ),
        Report(
            slug="messages",
            title="Message delivery",
            about="Messages due in the range, per kind: sent, failed, skipped (no longer "
            "relevant or not wanted) and still waiting.",
            rows=queries.message_delivery,
            columns=(
                ("Kind", "kind"),
                ("Sent", "sent"),
                ("Failed", "failed"),
                ("Skipped", "skipped"),
                ("Waiting", "waiting"),
            ),
            chart=_delivery_chart,
            default_range=(-27, 0),
        ),
        *MONEY_REPORTS,
    )
}
