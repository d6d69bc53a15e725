"""Every form of the project, given input no field should let through (a NUL, the year
9999, overlong text, huge numbers), refuses it or cleans it: never an exception, and never
a NUL or a date outside 1900-2200 in what it cleaned; each field alone, and whole forms."""

import importlib
import inspect
import pkgutil
from datetime import date

import pytest
from django import forms
from django.apps import apps
from django.http import QueryDict
from django.test import RequestFactory
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from clinic.catalogue.models import Service
from clinic.web.validators import holds_nul, is_sane_date
from tests.factories import ClientFactory
from tests.hostile import DATES, HOSTILE_TEXT, hostile_text

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


PROJECT_PACKAGES = {"clinic", "therapists", "clients", "sessions"}


def project_modules():
    for app in apps.get_app_configs():
        # The project's own apps: a virtualenv inside the checkout holds the others.
        if app.name.split(".")[0] not in PROJECT_PACKAGES:
            continue
        yield importlib.import_module(app.name)
        for module in pkgutil.walk_packages([app.path], app.name + "."):
            if not {"migrations", "management", "tests"} & set(module.name.split(".")):
                yield importlib.import_module(module.name)


def project_forms() -> list[type[forms.BaseForm]]:
    """Every form class the project's apps define, in any of their modules."""
    found = {
        cls
        for module in project_modules()
        for cls in vars(module).values()
        if inspect.isclass(cls)
        and issubclass(cls, forms.BaseForm)
        and cls.__module__ == module.__name__
        and not getattr(getattr(cls, "_meta", None), "abstract", False)
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def arguments_for(form_class) -> dict:
    """What a form's constructor requires beyond its data, by the parameter's name."""
    known = {
        "user": lambda: ClientFactory(),
        "services": lambda: Service.objects.all(),
        "request": lambda: RequestFactory().post("/"),
    }
    required = [
        parameter.name
        for parameter in inspect.signature(form_class.__init__).parameters.values()
        if parameter.default is inspect.Parameter.empty
        and parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
        and parameter.name != "self"
    ]
    return {name: known[name]() for name in required}


def data_keys(form: forms.BaseForm) -> list[str]:
    """The names a browser posts for the form's fields (a split widget posts name_0, name_1)."""
    keys = []
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        keys.append(key)
        if isinstance(field.widget, forms.MultiWidget):
            keys += [f"{key}_{index}" for index in range(len(field.widget.widgets))]
    return keys


def out_of_range(value: object) -> bool:
    if isinstance(value, date):
        return not is_sane_date(value)
    if isinstance(value, list | tuple):
        return any(out_of_range(item) for item in value)
    return False


FORMS = project_forms()


def lets_through(value: object) -> bool:
    return holds_nul(value) or out_of_range(value)


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
def test_no_field_lets_a_nul_or_an_insane_date_through(form_class):
    form = form_class(**arguments_for(form_class))
    let_through = {}

    for name, field in form.fields.items():
        if field.disabled:  # the form keeps its initial value, whatever is sent
            continue
        for text in [*HOSTILE_TEXT, *DATES]:
            value = [text] * len(field.fields) if isinstance(field, forms.MultiValueField) else text
            try:
                cleaned = field.clean(value)
            except forms.ValidationError:
                continue
            if lets_through(cleaned):
                let_through.setdefault(name, []).append(text)

    assert let_through == {}


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
@hypothesis_settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.data())
def test_a_form_refuses_or_cleans_hostile_input(form_class, values):
    arguments = arguments_for(form_class)
    keys = data_keys(form_class(**arguments))
    data = QueryDict(mutable=True)
    for key in keys:
        value = st.just("") | st.lists(hostile_text, min_size=1, max_size=2)
        drawn = values.draw(value, label=key)
        data.setlist(key, drawn if isinstance(drawn, list) else [drawn])

    form = form_class(data=data, **arguments)

    if form.is_valid():
        assert not any(lets_through(value) for value in form.cleaned_data.values())
