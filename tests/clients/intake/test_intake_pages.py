"""The intake pages: the client's multi-step form, their versions, and the therapist's view."""

import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from clients.intake.forms import CONTACT_FIELDS, HEALTH_FIELDS, HISTORY_FIELDS
from clients.intake.models import Intake, IntakeClearance, IntakeDraft
from clients.intake.screening import STOP_AND_REFER
from clients.intake.services import intake_clear
from clinic.accounts.models import Role
from clinic.audit.models import AuditEvent
from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ServiceFactory,
    TherapistFactory,
    intake_answers,
    pain_chart,
    pain_mark,
    submit_intake,
)

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 10:00 in Toronto (UTC-5).
NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
LATER = datetime(2026, 12, 8, 15, tzinfo=UTC)
CHART = pain_chart(
    pain_mark("temple", "L", 7, "aching", "throbbing"),
    pain_mark("neck_back", "R", 4, "stiffness"),
    worst=8,
    least=2,
    average=5,
    now=4,
)
# The chart step without JavaScript: one number per place, and the overall pain.
FALLBACK = {
    "pain_chart": "",
    "pain_temple_L": "7",
    "pain_neck_back_R": "4",
    "pain_worst": "8",
    "pain_least": "2",
    "pain_average": "5",
    "pain_now": "4",
}
FALLBACK_CHART = pain_chart(
    pain_mark("temple", "L", 7), pain_mark("neck_back", "R", 4), worst=8, least=2, average=5, now=4
)


frozen = frozen_at(NOW)


@pytest.fixture
def ava():
    return ClientFactory(first_name="Ava", last_name="Chen")


@pytest.fixture
def signed_in(client, ava):
    client.force_login(ava)
    return client


def html(response) -> str:
    return response.content.decode()


def step_data(fields: list[str], answers: dict) -> dict:
    """A step's POST as a browser sends it: ticked boxes as "on", unticked ones left out."""
    return {
        name: "on" if answers[name] is True else answers[name]
        for name in fields
        if answers[name] is not False
    }


def input_value(response, name: str) -> str | None:
    """The value of the <input name=...> on the page, None if it has none."""
    tag = re.search(rf'<input [^>]*name="{name}"[^>]*>', html(response)).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else None


def is_checked(response, name: str) -> bool:
    tag = re.search(rf'<input [^>]*name="{name}"[^>]*>', html(response)).group(0)
    return " checked" in tag


def fill_intake(http: Client, answers: dict, chart_post: dict, signature: str = "Ava Chen"):
    """Walk the whole form from the start; the answer of the last step."""
    steps = [
        http.post("/intake/new/"),
        http.post("/intake/new/contact/", step_data(CONTACT_FIELDS, answers)),
        http.post("/intake/new/chart/", chart_post),
        http.post("/intake/new/history/", step_data(HISTORY_FIELDS, answers)),
        http.post("/intake/new/health/", step_data(HEALTH_FIELDS, answers)),
    ]
    assert [step["Location"] for step in steps] == [
        "/intake/new/contact/",
        "/intake/new/chart/",
        "/intake/new/history/",
        "/intake/new/health/",
        "/intake/new/consent/",
    ]
    consent = step_data(["consent_treatment", "consent_privacy"], answers)
    return http.post("/intake/new/consent/", {**consent, "signature": signature})


def without_csrf_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html(response))


def marked_paths(response) -> list[tuple[str, str, str]]:
    """(intensity, region, side) of every coloured region of the body maps on a page."""
    tags = re.findall(r'<path class="bm-region bm-marked pain-\d+"[^>]*>', html(response))
    return [
        (
            re.search(r"pain-(\d+)", tag).group(1),
            re.search(r'data-region="([a-z_]+)"', tag).group(1),
            re.search(r'data-side="([LRM])"', tag).group(1),
        )
        for tag in tags
    ]


def change_rows(response) -> list[tuple[str, str, str]]:
    table = re.search(
        r'<table class="table table-sm" id="changes">(.*?)</table>', html(response), re.S
    )
    return re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", table.group(1))


# The steps


def test_intake_start_makes_a_draft_and_goes_to_the_first_step(signed_in, ava):
    response = signed_in.post("/intake/new/")

    assert (response.status_code, response["Location"]) == (302, "/intake/new/contact/")
    assert IntakeDraft.objects.get(client=ava).answers == {}


def test_intake_start_by_get_is_not_allowed(signed_in):
    assert signed_in.get("/intake/new/").status_code == 405


def test_intake_step_pages_show_each_step(signed_in):
    signed_in.post("/intake/new/")
    titles = [
        "About you",
        "Where it hurts",
        "Your pain and goals",
        "Your health",
        "Consent and signature",
    ]

    pages = [
        signed_in.get(f"/intake/new/{slug}/")
        for slug in ["contact", "chart", "history", "health", "consent"]
    ]

    assert [page.status_code for page in pages] == [200] * 5
    assert [
        re.search(r"Step (\d) of 5: <strong>([^<]+)</strong>", html(page)).groups()
        for page in pages
    ] == [(str(number), title) for number, title in enumerate(titles, 1)]


def test_intake_unknown_step_is_a_404(signed_in):
    assert signed_in.get("/intake/new/payment/").status_code == 404


def test_intake_contact_step_saves_the_draft_and_goes_on(signed_in, ava):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/contact/", step_data(CONTACT_FIELDS, intake_answers()))

    assert (response.status_code, response["Location"]) == (302, "/intake/new/chart/")
    assert IntakeDraft.objects.get(client=ava).answers == {
        name: intake_answers()[name] for name in CONTACT_FIELDS
    }


def test_intake_step_with_a_missing_answer_is_a_400_keeping_what_was_typed(signed_in, ava):
    signed_in.post("/intake/new/")
    data = step_data(CONTACT_FIELDS, intake_answers(phone="", emergency_contact_name="Sam Chen"))

    response = signed_in.post("/intake/new/contact/", data)

    assert response.status_code == 400
    assert response.context["form"].errors == {"phone": ["This field is required."]}
    assert input_value(response, "emergency_contact_name") == "Sam Chen"
    assert IntakeDraft.objects.get(client=ava).answers == {}


def test_intake_chart_step_without_javascript_takes_the_numbers(signed_in, ava):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/chart/", FALLBACK)

    assert (response.status_code, response["Location"]) == (302, "/intake/new/history/")
    assert IntakeDraft.objects.get(client=ava).answers == {"pain_chart": FALLBACK_CHART}


def test_intake_chart_step_with_the_body_map_takes_the_json(signed_in, ava):
    signed_in.post("/intake/new/")
    overall = {"pain_worst": "8", "pain_least": "2", "pain_average": "5", "pain_now": "4"}

    response = signed_in.post("/intake/new/chart/", {"pain_chart": json.dumps(CHART), **overall})

    assert (response.status_code, response["Location"]) == (302, "/intake/new/history/")
    assert IntakeDraft.objects.get(client=ava).answers == {"pain_chart": CHART}


def test_intake_chart_step_overall_fields_win_over_the_json(signed_in, ava):
    signed_in.post("/intake/new/")
    overall = {"pain_worst": "9", "pain_least": "1", "pain_average": "5", "pain_now": "0"}

    signed_in.post("/intake/new/chart/", {"pain_chart": json.dumps(CHART), **overall})

    saved = IntakeDraft.objects.get(client=ava).answers["pain_chart"]
    assert saved == {**CHART, "worst": 9, "least": 1, "now": 0}


def test_intake_chart_step_with_invalid_json_is_a_400_keeping_the_typed_values(signed_in, ava):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/chart/", {**FALLBACK, "pain_chart": "{not json"})

    assert response.status_code == 400
    assertContains(
        response,
        '<div class="alert alert-danger py-2" role="alert">The pain chart is not valid JSON.</div>',
        count=1,
        status_code=400,
    )
    assert [
        input_value(response, f"pain_{key}") for key in ["worst", "least", "average", "now"]
    ] == [
        "8",
        "2",
        "5",
        "4",
    ]
    assert (input_value(response, "pain_temple_L"), input_value(response, "pain_neck_back_R")) == (
        "7",
        "4",
    )
    assert IntakeDraft.objects.get(client=ava).answers == {}


@pytest.mark.parametrize(
    ("chart", "message"),
    [
        (pain_chart(pain_mark("elbow", "L", 5)), "Mark 1: unknown body region &#x27;elbow&#x27;."),
        (
            pain_chart(pain_mark("temple", "L", 5, "itchy")),
            "Mark 1: unknown pain quality &#x27;itchy&#x27;.",
        ),
        (
            [pain_mark("temple", "L", 5)],
            "The pain chart must be an object with marks and overall pain.",
        ),
    ],
)
def test_intake_chart_step_with_a_wrong_chart_is_a_400_with_the_message(signed_in, chart, message):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/chart/", {**FALLBACK, "pain_chart": json.dumps(chart)})

    assertContains(response, f'role="alert">{message}</div>', count=1, status_code=400)


def test_intake_chart_step_with_deeply_nested_json_is_a_400(signed_in):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/chart/", {**FALLBACK, "pain_chart": "[" * 5000})

    assertContains(
        response, 'role="alert">The pain chart is not valid JSON.</div>', status_code=400
    )


def test_intake_chart_step_with_a_number_out_of_range_is_a_400(signed_in):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/chart/", {**FALLBACK, "pain_temple_L": "11"})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "pain_temple_L": ["Ensure this value is less than or equal to 10."]
    }


def test_intake_chart_step_without_overall_pain_is_a_400(signed_in):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/chart/", {"pain_temple_L": "7"})

    assertContains(
        response,
        'role="alert">Give your worst pain in the last 24 hours (0-10).</div>',
        status_code=400,
    )


def test_intake_draft_is_kept_between_steps(signed_in):
    answers = intake_answers(phone="416-555-0142", night_pain=True, goals="Sleep through.")
    signed_in.post("/intake/new/")
    signed_in.post("/intake/new/contact/", step_data(CONTACT_FIELDS, answers))
    signed_in.post("/intake/new/chart/", FALLBACK)
    signed_in.post("/intake/new/history/", step_data(HISTORY_FIELDS, answers))

    contact = signed_in.get("/intake/new/contact/")
    chart = signed_in.get("/intake/new/chart/")
    history = signed_in.get("/intake/new/history/")

    assert input_value(contact, "phone") == "416-555-0142"
    assert (input_value(chart, "pain_temple_L"), input_value(chart, "pain_worst")) == ("7", "8")
    assert json.loads(input_value(chart, "pain_chart").replace("&quot;", '"')) == FALLBACK_CHART
    assert marked_paths(chart) == [("7", "temple", "L"), ("4", "neck_back", "R")]
    assert is_checked(history, "night_pain") is True
    assertContains(history, "Sleep through.</textarea>", count=1)


def test_intake_chart_step_without_javascript_revisited_takes_the_edited_numbers(signed_in, ava):
    """Going back to the chart: the page carries the saved chart, and the edits still count."""
    signed_in.post("/intake/new/")
    signed_in.post("/intake/new/chart/", FALLBACK)
    page = signed_in.get("/intake/new/chart/")
    saved_json = input_value(page, "pain_chart").replace("&quot;", '"')

    signed_in.post(
        "/intake/new/chart/",
        {**FALLBACK, "pain_chart": saved_json, "pain_temple_L": "3", "pain_neck_back_R": ""},
    )

    assert IntakeDraft.objects.get(client=ava).answers["pain_chart"] == pain_chart(
        pain_mark("temple", "L", 3), worst=8, least=2, average=5, now=4
    )


def test_intake_chart_step_unchanged_keeps_the_qualities_of_the_saved_chart(signed_in, ava):
    submit_intake(ava, chart=CHART)
    signed_in.post("/intake/new/")
    page = signed_in.get("/intake/new/chart/")
    data = {
        name: input_value(page, name)
        for name in ["pain_chart", "pain_worst", "pain_least", "pain_average", "pain_now"]
    }
    data.update(pain_chart=data["pain_chart"].replace("&quot;", '"'), pain_temple_L="7")
    data["pain_neck_back_R"] = "4"

    signed_in.post("/intake/new/chart/", data)

    assert IntakeDraft.objects.get(client=ava).answers["pain_chart"] == CHART


# Signing


def test_intake_full_flow_signs_version_1_and_goes_home(signed_in, ava):
    answers = intake_answers(clot_signs=True, night_pain=True, preferred_pressure="light")

    response = fill_intake(signed_in, answers, FALLBACK, signature="  ava   chen ")

    assert (response.status_code, response["Location"]) == (302, "/intake/")
    intake = Intake.objects.get(client=ava)
    assert (intake.version, intake.signature, intake.signed_at, intake.signed_ip) == (
        1,
        "ava chen",
        NOW,
        "127.0.0.1",
    )
    assert {name: getattr(intake, name) for name in answers} == answers
    assert intake.pain_chart == FALLBACK_CHART
    assert (intake.screening_status, intake.screening_reasons) == (
        "needs_clearance",
        [STOP_AND_REFER["clot_signs"]],
    )
    assert IntakeDraft.objects.filter(client=ava).exists() is False


def test_intake_full_flow_with_the_body_map_json(signed_in, ava):
    chart_post = {"pain_chart": json.dumps(CHART)}

    fill_intake(signed_in, intake_answers(), chart_post)

    assert Intake.objects.get(client=ava).pain_chart == CHART


def test_intake_signed_shows_the_thanks_on_the_home_page(signed_in):
    response = fill_intake(signed_in, intake_answers(), FALLBACK)

    page = signed_in.get(response["Location"])

    assertContains(page, "Thank you: version 1 of your intake is signed.", count=1)
    assertContains(page, '<a href="/intake/v1/">Version 1</a> &middot; 1 Dec 2026', count=1)
    assert marked_paths(page) == [("7", "temple", "L"), ("4", "neck_back", "R")]


def test_intake_consent_without_consents_is_a_400(signed_in):
    answers = intake_answers(consent_treatment=False, consent_privacy=False)

    response = fill_intake(signed_in, answers, FALLBACK)

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "consent_treatment": ["This consent is needed to go on."],
        "consent_privacy": ["This consent is needed to go on."],
    }
    assert Intake.objects.count() == 0


def test_intake_consent_with_the_wrong_signature_is_a_400_keeping_the_draft(signed_in, ava):
    response = fill_intake(signed_in, intake_answers(), FALLBACK, signature="Noah Patel")

    assert response.status_code == 400
    assert response.context["form"].errors["signature"] == [
        "Type your full name as on your account: Ava Chen."
    ]
    assert Intake.objects.count() == 0
    assert IntakeDraft.objects.get(client=ava).answers["pain_chart"] == FALLBACK_CHART


def test_intake_consent_with_earlier_steps_skipped_names_them(signed_in):
    signed_in.post("/intake/new/")

    response = signed_in.post(
        "/intake/new/consent/",
        {"consent_treatment": "on", "consent_privacy": "on", "signature": "Ava Chen"},
    )

    assertContains(
        response,
        "Please go back and check: About you; Where it hurts; Your pain and goals; Your health.",
        count=1,
        status_code=400,
    )
    assert Intake.objects.count() == 0


# Versions


def test_intake_home_without_intake_invites_to_fill_it(signed_in):
    response = signed_in.get("/intake/")

    assertContains(response, "Fill in your intake", count=1)
    assertNotContains(response, 'id="versions"')


def test_intake_home_lists_every_version_newest_first(signed_in, ava, frozen):
    submit_intake(ava)
    frozen.move_to(LATER)
    submit_intake(ava)

    response = signed_in.get("/intake/")

    assert re.findall(
        r'<a href="/intake/v(\d)/">Version \d</a> &middot; ([^<]+)</li>', html(response)
    ) == [
        ("2", "8 Dec 2026"),
        ("1", "1 Dec 2026"),
    ]
    assertContains(response, "Start a new version", count=1)


def test_intake_home_of_an_intake_over_a_year_old_asks_to_renew(signed_in, ava, frozen):
    submit_intake(ava)
    frozen.move_to(NOW + timedelta(days=366))
    signed_in.force_login(ava)

    response = signed_in.get("/intake/")

    assertContains(response, "Your intake is more than a year old: please renew it.", count=1)


def test_intake_version_page_shows_the_screening_the_map_and_the_changes(signed_in, ava):
    submit_intake(ava, chart=CHART)
    changed = pain_chart(pain_mark("temple", "L", 5, "aching"), worst=9, least=2, average=5, now=4)
    submit_intake(ava, chart=changed, phone="416-555-0777", osteoporosis=True)

    response = signed_in.get("/intake/v2/")

    assert response.status_code == 200
    assertContains(response, 'data-status="caution"', count=1)
    assert marked_paths(response) == [("5", "temple", "L")]
    assert change_rows(response) == [
        ("Phone", "416-555-0100", "416-555-0777"),
        ("Osteoporosis", "No", "Yes"),
        ("Pain at Temple, your left", "7/10 (aching; throbbing)", "5/10 (aching)"),
        ("Pain at Back of the neck, your right", "4/10 (stiffness)", "—"),
        ("Worst pain in the last 24 hours", "8/10", "9/10"),
    ]


def test_intake_version_page_of_a_first_version_has_no_changes(signed_in, ava):
    submit_intake(ava)

    response = signed_in.get("/intake/v1/")

    assertNotContains(response, 'id="changes"')


def test_intake_version_page_of_a_missing_version_is_a_404(signed_in, ava):
    submit_intake(ava)

    assert signed_in.get("/intake/v2/").status_code == 404


def test_intake_version_page_never_shows_another_clients_version(signed_in):
    submit_intake(ClientFactory())

    assert signed_in.get("/intake/v1/").status_code == 404


def test_intake_pages_read_are_audited(signed_in, ava):
    intake = submit_intake(ava)
    before = AuditEvent.objects.count()

    signed_in.get("/intake/")
    signed_in.get("/intake/v1/")

    assert (
        list(
            AuditEvent.objects.order_by("pk").values_list("actor", "action", "record_id", "ip")[
                before:
            ]
        )
        == [(ava.pk, "read", str(intake.pk), "127.0.0.1")] * 2
    )


def test_intake_second_version_starts_from_the_first(signed_in, ava):
    submit_intake(ava, chart=CHART, phone="416-555-0142", night_pain=True, osteoporosis=True)
    signed_in.post("/intake/new/")

    contact = signed_in.get("/intake/new/contact/")
    chart = signed_in.get("/intake/new/chart/")
    history = signed_in.get("/intake/new/history/")
    health = signed_in.get("/intake/new/health/")
    consent = signed_in.get("/intake/new/consent/")

    assert input_value(contact, "phone") == "416-555-0142"
    assert marked_paths(chart) == [("7", "temple", "L"), ("4", "neck_back", "R")]
    assert input_value(chart, "pain_worst") == "8"
    assert (is_checked(history, "night_pain"), is_checked(health, "osteoporosis")) == (True, True)
    assert (is_checked(consent, "consent_treatment"), is_checked(consent, "consent_privacy")) == (
        False,
        False,
    )


def test_intake_second_version_signed_leaves_the_first_as_it_was(signed_in, ava):
    first = submit_intake(ava, chart=CHART)
    before = Intake.objects.filter(pk=first.pk).values().get()

    fill_intake(signed_in, intake_answers(phone="416-555-0777"), {"pain_chart": json.dumps(CHART)})

    assert Intake.objects.filter(pk=first.pk).values().get() == before
    assert list(Intake.objects.filter(client=ava).values_list("version", "phone")) == [
        (2, "416-555-0777"),
        (1, "416-555-0100"),
    ]


@pytest.mark.parametrize("path", ["/intake/", "/intake/new/contact/", "/intake/v1/"])
def test_intake_pages_are_for_clients_only(client, path):
    client.force_login(TherapistFactory().user)

    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/intake/", "/intake/new/contact/", "/intake/v1/"])
def test_intake_pages_anonymous_go_to_login(client, path):
    response = client.get(path)

    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next={quote(path)}",
    )


# The therapist's view of a client's intake


@pytest.fixture
def therapist(ava):
    therapist = TherapistFactory()
    AppointmentFactory(client=ava, therapist=therapist)
    return therapist.user


@pytest.fixture
def as_therapist(therapist):
    http = Client()
    http.force_login(therapist)
    return http


def test_client_intake_shows_the_screening_before_the_body_map(as_therapist, ava):
    submit_intake(ava, chart=CHART, clot_signs=True, anticoagulants_or_bleeding=True)

    response = as_therapist.get(f"/clients/{ava.pk}/intake/")

    page = html(response)
    assert response.status_code == 200
    assert 0 < page.index('id="screening"') < page.index('class="body-map')
    assert re.findall(r"<li>([^<]+)</li>", page[page.index('id="screening"') :])[:2] == [
        STOP_AND_REFER["clot_signs"],
        "Blood thinners or a bleeding disorder: no deep or forceful pressure.",
    ]
    assertContains(response, 'data-status="needs_clearance"', count=1)


def test_client_intake_draws_each_mark_with_its_intensity(as_therapist, ava):
    chart = pain_chart(
        pain_mark("temple", "L", 7),
        pain_mark("temple", "R", 6),
        pain_mark("sternum", "M", 2),
        pain_mark("low_back", "L", 9),
        pain_mark("calf", "R", 0),
        worst=9,
        least=0,
        average=5,
        now=4,
    )
    submit_intake(ava, chart=chart)

    response = as_therapist.get(f"/clients/{ava.pk}/intake/")

    assert sorted(marked_paths(response)) == sorted(
        [
            ("7", "temple", "L"),
            ("6", "temple", "R"),
            ("2", "sternum", "M"),
            ("9", "low_back", "L"),
            ("0", "calf", "R"),
        ]
    )


def test_client_intake_shows_the_changes_since_the_previous_version(as_therapist, ava):
    submit_intake(ava, chart=CHART)
    added = pain_chart(*CHART["marks"], pain_mark("calf", "L", 3, "tingling"))
    submit_intake(ava, chart=added, medications="Ibuprofen.")

    response = as_therapist.get(f"/clients/{ava.pk}/intake/")

    assert change_rows(response) == [
        ("Medications you take", "—", "Ibuprofen."),
        ("Pain at Calf, your left", "—", "3/10 (tingling)"),
    ]


def test_client_intake_without_intake_says_so(as_therapist, ava):
    response = as_therapist.get(f"/clients/{ava.pk}/intake/")

    assertContains(response, "No intake yet.", count=1)


def test_client_intake_read_is_audited(as_therapist, therapist, ava):
    intake = submit_intake(ava)

    as_therapist.get(f"/clients/{ava.pk}/intake/", REMOTE_ADDR="198.51.100.7")

    assert list(
        AuditEvent.objects.filter(action="read").values_list("actor", "record_id", "at", "ip")
    ) == [(therapist.pk, str(intake.pk), NOW, "198.51.100.7")]


def test_client_intake_offers_the_clearance_form_until_cleared(as_therapist, therapist, ava):
    intake = submit_intake(ava, clot_signs=True)
    form = f'<form method="post" action="/clients/{ava.pk}/intake/clearance/"'
    before = as_therapist.get(f"/clients/{ava.pk}/intake/")

    intake_clear(intake=intake, by=therapist, note="GP letter of 3 March.", ip=None)

    after = as_therapist.get(f"/clients/{ava.pk}/intake/")
    assertContains(before, form, count=1)
    assertNotContains(after, form)
    assertContains(after, "GP letter of 3 March.", count=1)


def test_client_intake_for_the_client_offers_no_clearance_form(signed_in, ava):
    submit_intake(ava, clot_signs=True)

    response = signed_in.get(f"/clients/{ava.pk}/intake/")

    assertNotContains(response, "/intake/clearance/")


# Who may see /clients/<id>/intake/ and record a clearance

ROLES = ["anonymous", "client", "other_client", "therapist", "other_therapist", "admin"]
LOGIN = "redirect to login"
BACK = "redirect to the intake"
PAGE = (LOGIN, 200, 404, 200, 404, 200)
CLEARANCE = (LOGIN, 403, 404, BACK, 404, BACK)
CLEARED_BY = {"therapist", "admin"}


@pytest.fixture
def cast(ava, therapist):
    other_therapist = TherapistFactory()
    AppointmentFactory(therapist=other_therapist)  # booked, but with someone else
    cancelled = TherapistFactory()
    AppointmentFactory(client=ava, therapist=cancelled, status=AppointmentStatus.CANCELLED)
    return {
        "anonymous": None,
        "client": ava,
        "other_client": ClientFactory(),
        "therapist": therapist,
        "other_therapist": other_therapist.user,
        "cancelled_therapist": cancelled.user,
        "admin": AdminFactory(role=Role.ADMIN),
    }


def as_role(cast, role: str) -> Client:
    http = Client()
    if cast[role] is not None:
        http.force_login(cast[role])
    return http


def expected(answer, path: str, ava) -> tuple[int, str | None]:
    if answer == LOGIN:
        return 302, f"/accounts/login/?next={quote(path)}"
    if answer == BACK:
        return 302, f"/clients/{ava.pk}/intake/"
    return answer, None


def answer_of(response) -> tuple[int, str | None]:
    return response.status_code, response.headers.get("Location")


@pytest.mark.parametrize(("role", "answer"), list(zip(ROLES, PAGE, strict=True)))
def test_client_intake_page_answers_each_role(cast, ava, role, answer):
    submit_intake(ava)
    path = f"/clients/{ava.pk}/intake/"

    response = as_role(cast, role).get(path)

    assert answer_of(response) == expected(answer, path, ava)


@pytest.mark.parametrize(("role", "answer"), list(zip(ROLES, CLEARANCE, strict=True)))
def test_clearance_post_answers_each_role(cast, ava, role, answer):
    intake = submit_intake(ava, clot_signs=True)
    path = f"/clients/{ava.pk}/intake/clearance/"

    response = as_role(cast, role).post(path, {"note": "GP letter."})

    assert answer_of(response) == expected(answer, path, ava)
    cleared_by = list(
        IntakeClearance.objects.filter(intake=intake).values_list("cleared_by", "note")
    )
    assert cleared_by == ([(cast[role].pk, "GP letter.")] if role in CLEARED_BY else [])


def test_clearance_post_by_the_client_says_why_not(cast, ava):
    submit_intake(ava, clot_signs=True)
    http = as_role(cast, "client")

    response = http.post(f"/clients/{ava.pk}/intake/clearance/", {"note": "Mine."})

    assertContains(
        response,
        "Only the client&#x27;s therapist or an admin can record a clearance.",
        status_code=403,
    )


def test_clearance_post_without_a_note_records_nothing(cast, ava):
    submit_intake(ava, clot_signs=True)

    response = as_role(cast, "therapist").post(
        f"/clients/{ava.pk}/intake/clearance/", {"note": " "}, follow=True
    )

    assertContains(response, "Say what was checked, e.g. the physician&#x27;s note.", count=1)
    assert IntakeClearance.objects.count() == 0


def test_clearance_post_of_a_clear_intake_records_nothing(cast, ava):
    submit_intake(ava)

    response = as_role(cast, "admin").post(
        f"/clients/{ava.pk}/intake/clearance/", {"note": "Fine."}, follow=True
    )

    assertContains(response, "This intake does not need a clearance.", count=1)
    assert IntakeClearance.objects.count() == 0


def test_clearance_post_without_intake_is_a_404(cast, ava):
    response = as_role(cast, "therapist").post(
        f"/clients/{ava.pk}/intake/clearance/", {"note": "GP letter."}
    )

    assert response.status_code == 404


def test_clearance_get_is_not_allowed(cast, ava):
    submit_intake(ava, clot_signs=True)

    response = as_role(cast, "therapist").get(f"/clients/{ava.pk}/intake/clearance/")

    assert response.status_code == 405


@pytest.mark.parametrize("role", ["other_client", "other_therapist", "cancelled_therapist"])
@pytest.mark.parametrize("suffix", ["", "clearance/"])
def test_client_intake_of_a_missing_client_answers_as_for_someone_elses(cast, ava, role, suffix):
    submit_intake(ava, clot_signs=True)
    http = as_role(cast, role)
    send = http.get if not suffix else http.post

    someone_elses = send(f"/clients/{ava.pk}/intake/{suffix}")
    missing = send(f"/clients/999999/intake/{suffix}")

    assert (someone_elses.status_code, missing.status_code) == (404, 404)
    assert without_csrf_token(someone_elses) == without_csrf_token(missing)


def test_client_intake_refused_writes_no_audit_event(cast, ava):
    submit_intake(ava)
    before = AuditEvent.objects.count()

    for role in ["other_client", "other_therapist", "cancelled_therapist"]:
        as_role(cast, role).get(f"/clients/{ava.pk}/intake/")

    assert AuditEvent.objects.count() == before


# The schedule and my appointments


def flags_by_row(response) -> dict[int, list[str]]:
    rows = re.findall(r'data-appointment="(\d+)">(.*?)</li>', html(response), re.S)
    return {int(pk): re.findall(r'intake-flag">([^<]+)</span>', row) for pk, row in rows}


def booked_on_wednesday(therapist, service, hour: int, client=None):
    start = datetime(2026, 12, 2, 14 + hour, tzinfo=UTC)
    kwargs = {"client": client} if client is not None else {}
    return AppointmentFactory(therapist=therapist, service=service, start=start, **kwargs)


def test_schedule_flags_sessions_whose_client_has_no_current_or_cleared_intake(client, frozen):
    therapist = TherapistFactory()
    service = ServiceFactory(duration_minutes=60)
    frozen.move_to(NOW - timedelta(days=400))
    old = booked_on_wednesday(therapist, service, 4)
    submit_intake(old.client)
    frozen.move_to(NOW)
    none = booked_on_wednesday(therapist, service, 0)
    clear = booked_on_wednesday(therapist, service, 1)
    submit_intake(clear.client)
    needs = booked_on_wednesday(therapist, service, 2)
    submit_intake(needs.client, clot_signs=True)
    cleared = booked_on_wednesday(therapist, service, 3)
    intake_clear(
        intake=submit_intake(cleared.client, fever_or_infection=True),
        by=therapist.user,
        note="Fever gone.",
        ip=None,
    )
    caution = booked_on_wednesday(therapist, service, 5)
    submit_intake(caution.client, osteoporosis=True)
    client.force_login(therapist.user)

    response = client.get("/schedule/", {"date": "2026-12-02"})

    assert flags_by_row(response) == {
        none.pk: ["No intake"],
        clear.pk: [],
        needs.pk: ["Needs clearance"],
        cleared.pk: [],
        old.pk: ["Intake over a year old"],
        caution.pk: ["Caution"],
    }


def test_schedule_flags_by_the_latest_version_only(client):
    therapist = TherapistFactory()
    service = ServiceFactory(duration_minutes=60)
    appointment = booked_on_wednesday(therapist, service, 0)
    first = submit_intake(appointment.client, clot_signs=True)
    intake_clear(intake=first, by=therapist.user, note="GP letter.", ip=None)
    submit_intake(appointment.client, clot_signs=True)
    client.force_login(therapist.user)

    response = client.get("/schedule/", {"date": "2026-12-02"})

    assert flags_by_row(response) == {appointment.pk: ["Needs clearance"]}


@pytest.mark.parametrize("count", [1, 5])
def test_schedule_queries_do_not_grow_with_intakes(client, django_assert_num_queries, count):
    therapist = TherapistFactory()
    service = ServiceFactory(duration_minutes=60)
    for hour in range(count):
        appointment = booked_on_wednesday(therapist, service, hour)
        submit_intake(appointment.client, clot_signs=hour % 2 == 0)
        submit_intake(appointment.client, clot_signs=hour % 2 == 0)
    client.force_login(therapist.user)

    with django_assert_num_queries(6):  # with the session's second-factor device
        response = client.get("/schedule/", {"date": "2026-12-02", "view": "week"})

    assert len(flags_by_row(response)) == count


@pytest.mark.parametrize(("marks", "versions"), [(1, 1), (12, 5)])
def test_client_intake_queries_do_not_grow(
    as_therapist, ava, django_assert_num_queries, marks, versions
):
    regions = ["temple", "neck_back", "shoulder_top", "low_back", "buttock", "calf"]
    chart = pain_chart(
        *[pain_mark(region, side, 5, "aching") for region in regions for side in "LR"][:marks]
    )
    for _ in range(versions):
        intake = submit_intake(ava, chart=chart, clot_signs=True)
    for _ in range(versions):
        intake_clear(intake=intake, by=AdminFactory(role=Role.ADMIN), note="Seen.", ip=None)

    with django_assert_num_queries(8):  # with the session's second-factor device
        response = as_therapist.get(f"/clients/{ava.pk}/intake/")

    assert len(marked_paths(response)) == marks


def test_my_appointments_without_intake_shows_the_prompt(signed_in, ava):
    AppointmentFactory(client=ava)

    response = signed_in.get("/appointments/")

    assertContains(response, '<div class="alert alert-info" id="intake-prompt">', count=1)
    assertContains(response, '<a href="/intake/">intake form</a>', count=1)


def test_my_appointments_with_a_current_intake_has_no_prompt(signed_in, ava):
    submit_intake(ava)

    response = signed_in.get("/appointments/")

    assertNotContains(response, 'id="intake-prompt"')


def test_my_appointments_with_an_intake_over_a_year_old_shows_the_prompt(signed_in, ava, frozen):
    submit_intake(ava)
    frozen.move_to(NOW + timedelta(days=366))
    signed_in.force_login(ava)

    response = signed_in.get("/appointments/")

    assertContains(response, 'id="intake-prompt"', count=1)


def test_my_appointments_of_a_therapist_has_no_prompt(as_therapist):
    response = as_therapist.get("/appointments/")

    assertNotContains(response, 'id="intake-prompt"')
