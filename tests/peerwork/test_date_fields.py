"""The two date boxes (peerwork.forms): GOV.UK's date input and the MoJ date picker."""

from datetime import date

import pytest
from django import forms
from django.urls import reverse

from peerwork.dates import OUT_OF_RANGE
from peerwork.forms import DateInputField, DatePickerField, GovukFormMixin


class SignedForm(GovukFormMixin, forms.Form):
    signed_on = DateInputField(label="Date signed")
    look_again_on = DatePickerField(label="Look again on", required=False)


def boxes(day: str, month: str, year: str) -> dict[str, str]:
    return {"signed_on_0": day, "signed_on_1": month, "signed_on_2": year}


def marked(form: SignedForm) -> list[int]:
    """Which of Day, Month and Year carry the error (none: all three are marked)."""
    return [index for index, box in enumerate(form.fields["signed_on"].fields) if box.widget.errors]


def test_it_reads_day_month_and_year():
    form = SignedForm(boxes(" 23", "11 ", "2026"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["signed_on"] == date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "message", "at_fault"),
    [
        (("31", "2", "2027"), "Date signed must be a real date", []),
        (("23", "", "2026"), "Date signed must include a month", [1]),
        (("", "", "2026"), "Date signed must include a day and month", [0, 1]),
        (("23", "11", "26"), "Year must include 4 numbers", [2]),
        (("23", "x1", "2026"), "Date signed must be a real date", [1]),
        (("1", "1", "1999"), OUT_OF_RANGE, []),
        (("31", "12", "9999"), OUT_OF_RANGE, []),
        (("", "", ""), "Enter the date signed", []),
    ],
)
def test_it_says_what_is_wrong_in_govuk_words_and_marks_only_the_boxes_at_fault(typed, message, at_fault):
    form = SignedForm(boxes(*typed))
    assert form.errors["signed_on"] == [message]
    assert marked(form) == at_fault


@pytest.mark.parametrize("hostile", ["9" * 40, "-1", "1e400", "before\x00after", "٢٣", "2" * 10_000])
def test_a_hostile_box_is_refused_not_raised(hostile):
    form = SignedForm(boxes("23", "11", hostile))
    assert form.errors["signed_on"]


def test_it_renders_govuk_date_input_with_the_error_on_the_month_only():
    form = SignedForm(boxes("23", "", "2026"))
    form.is_valid()
    html = str(form["signed_on"].as_widget())
    assert 'class="govuk-date-input"' in html
    assert 'name="signed_on_0"' in html and 'name="signed_on_2"' in html
    assert 'inputmode="numeric"' in html
    assert form.fields["signed_on"].help_text == "For example, 27 3 2007"


def test_a_form_with_a_required_message_uses_it():
    class Named(GovukFormMixin, forms.Form):
        required_messages = {"signed_on": "Enter the date the compact was signed"}
        signed_on = DateInputField(label="Date signed")

    assert Named(boxes("", "", "")).errors["signed_on"] == ["Enter the date the compact was signed"]


@pytest.mark.parametrize("typed", ["23/11/2026", "23/11/2026 ", "2026-11-23"])
def test_the_date_picker_takes_typed_and_iso_days(typed):
    form = SignedForm(boxes("23", "11", "2026") | {"look_again_on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["look_again_on"] == date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "message"),
    [("31/02/2027", "Enter a real date, for example 23/11/2026."), ("31/12/9999", OUT_OF_RANGE)],
)
def test_the_date_picker_refuses_a_bad_day_next_to_its_box(typed, message):
    form = SignedForm(boxes("23", "11", "2026") | {"look_again_on": typed})
    assert form.errors["look_again_on"] == [message]


def test_the_date_picker_renders_the_moj_component_with_its_limits():
    form = SignedForm(initial={"look_again_on": date(2026, 11, 23)})
    form.fields["look_again_on"].widget.limit(date(2026, 11, 24), date(2027, 2, 21))
    html = str(form["look_again_on"])
    assert html.startswith('<div class="moj-datepicker" data-module="moj-date-picker"')
    assert 'data-min-date="24/11/2026"' in html and 'data-max-date="21/2/2027"' in html
    assert 'type="text"' in html and "moj-js-datepicker-input" in html
    assert 'value="23/11/2026"' in html
    assert 'type="date"' not in html


def test_a_report_period_in_the_query_string_is_still_read_as_iso(client_for, manager):
    response = client_for(manager).get(
        reverse("listeners:callout_reports"), {"starts_on": "2026-11-02", "ends_on": "2026-11-23"}
    )
    assert response.status_code == 200
    assert response.context["form"].period() == (date(2026, 11, 2), date(2026, 11, 23))
    assert 'value="2026-11-02"' in response.content.decode()  # as it came, kept


def test_a_report_period_typed_in_the_picker_is_read(client_for, manager):
    response = client_for(manager).get(
        reverse("listeners:callout_reports"), {"starts_on": "2/11/2026", "ends_on": "23/11/2026"}
    )
    assert response.context["form"].period() == (date(2026, 11, 2), date(2026, 11, 23))


def test_the_duty_notice_week_in_the_query_string_is_still_read_as_iso(client_for, wing_officer):
    response = client_for(wing_officer).get(reverse("listeners:notice"), {"week": "2026-11-25"})
    assert response.status_code == 200
    assert response.context["form"].monday() == date(2026, 11, 23)


def test_the_date_picker_is_marked_red_when_refused():
    form = SignedForm(boxes("23", "11", "2026") | {"look_again_on": "31/02/2027"})
    form.is_valid()
    html = str(form["look_again_on"])
    assert "govuk-input--error" in html and "moj-js-datepicker-input" in html


def test_a_date_picker_hint_ends_with_an_example():
    assert DatePickerField(help_text="Leave blank if not known.").help_text == (
        "Leave blank if not known. For example, 23/11/2026."
    )
