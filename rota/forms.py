"""Forms for setting up the rota, building a week and covering shifts.

Forms check the shape of what was typed; the services decide the rules, and their refusals are
shown next to the field they concern (`peerwork.forms.add_service_errors`).
"""

from collections.abc import Callable
from datetime import date

from crispy_forms_gds.choices import Choice
from django import forms

from establishments.models import Location
from peerwork.dates import parse_day
from peerwork.forms import DateInputField, GovukFormMixin, TimeField
from rota.models import CoverPoint, Rota, ShiftType
from rota.planning import Candidate, FillPlan
from schemes.models import Contract


def _number(label: str, *, minimum: int, maximum: int, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=maximum,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-2", "inputmode": "numeric"}),
    )


class RotaRulesForm(GovukFormMixin, forms.Form):
    submit_label = "Save the rules"
    required_messages = {
        "max_shifts_per_week": "Enter the most shifts a Listener works in a week",
        "max_nights_in_a_row": "Enter the most nights in a row",
        "max_callout_hours_per_week": "Enter the call-out hours in a week that raise a workload flag",
        "max_night_callouts_per_week": "Enter the night call-outs in a week that raise a workload flag",
    }

    max_shifts_per_week = _number(
        "Most shifts a Listener works in a week",
        minimum=1,
        maximum=14,
        help_text="Monday to Sunday. Sharing shifts out keeps Listeners from burning out. Usually 4.",
    )
    max_nights_in_a_row = _number("Most nights in a row", minimum=1, maximum=7, help_text="Usually 2.")
    requires_training = forms.BooleanField(
        label="Only Listeners with recorded Samaritans training can be on the rota",
        required=False,
        initial=True,
    )
    max_callout_hours_per_week = _number(
        "Flag a Listener called out for more than this many hours in a week",
        minimum=1,
        maximum=80,
        help_text="Monday to Sunday, from when each call-out started to when it ended. Usually 6.",
    )
    max_night_callouts_per_week = _number(
        "Flag a Listener with more than this many night call-outs in a week",
        minimum=1,
        maximum=7,
        help_text="A night call-out is one asked for during a night shift of the rota. Usually 3.",
    )

    def __init__(self, *args, rota: Rota | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        source = rota or Rota()
        for name in self.fields:
            self.fields[name].initial = getattr(source, name)


class ShiftTypeForm(GovukFormMixin, forms.Form):
    submit_label = "Save the shift"
    required_messages = {
        "name": "Enter a name for the shift",
        "starts": "Enter the time the shift starts",
        "ends": "Enter the time the shift ends",
        "order": "Enter the shift's order on the rota",
    }

    name = forms.CharField(max_length=30, help_text="For example Day, Evening or Night.")
    starts = TimeField(label="Starts at", help_text="For example 21:00.")
    ends = TimeField(
        label="Ends at", help_text="For example 07:00. A time before the start means the next morning."
    )
    is_night = forms.BooleanField(
        label="This is a night shift",
        required=False,
        help_text="Nights count double when sharing out shifts, and the limit on nights in a row applies.",
    )
    order = _number("Order on the rota", minimum=0, maximum=99, help_text="Lower numbers come first.")

    def __init__(self, *args, shift_type: ShiftType | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].initial = 0
        if shift_type is not None:
            for name in self.fields:
                self.fields[name].initial = getattr(shift_type, name)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts") and cleaned.get("starts") == cleaned.get("ends"):
            self.add_error("ends", "A shift must end at a different time from when it starts.")
        return cleaned


class CoverPointForm(GovukFormMixin, forms.Form):
    submit_label = "Save the place"
    required_messages = {"name": "Enter a name for the place", "order": "Enter the place's order on the rota"}

    name = forms.CharField(
        max_length=60, label="Name", help_text="As officers say it, for example “B wing” or “A and C wings”."
    )
    locations = forms.ModelMultipleChoiceField(
        label="Wings and units it covers",
        queryset=Location.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one wing or unit."},
    )
    order = _number("Order on the rota", minimum=0, maximum=99, help_text="Lower numbers come first.")

    def __init__(self, *args, locations, cover_point: CoverPoint | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = locations
        self.fields["order"].initial = 0
        if cover_point is not None:
            self.fields["name"].initial = cover_point.name
            self.fields["order"].initial = cover_point.order
            self.fields["locations"].initial = [location.pk for location in cover_point.locations.all()]


class CoverNeedsForm(forms.Form):
    """One number box per place and shift, shown as a table (see rota/needs_form.html)."""

    def __init__(
        self, *args, cover_points: list[CoverPoint], shift_types: list[ShiftType], current, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.matrix = []
        for point in cover_points:
            row = []
            for shift in shift_types:
                name = self.field_name(point, shift)
                self.fields[name] = forms.IntegerField(
                    label=f"{point.name}, {shift.name}",
                    min_value=0,
                    max_value=9,
                    initial=current.get((point.pk, shift.pk), 0),
                    error_messages={
                        "required": f"Enter how many Listeners {point.name} needs on {shift.name} (0 for none).",
                        "invalid": f"Enter a whole number of Listeners for {point.name} on {shift.name}.",
                    },
                )
                row.append((shift, name))
            self.matrix.append((point, row))

    @staticmethod
    def field_name(point: CoverPoint, shift: ShiftType) -> str:
        return f"need_{point.pk}_{shift.pk}"

    @property
    def rows(self):
        """For the template: each place with its bound fields in shift order."""
        return [(point, [self[name] for _shift, name in row]) for point, row in self.matrix]

    def needs(self) -> dict[tuple[CoverPoint, ShiftType], int]:
        return {(point, shift): self.cleaned_data[name] for point, row in self.matrix for shift, name in row}


def _listener_choice(candidate: Candidate) -> Choice:
    worker = candidate.contract.worker
    hint = candidate.load_text if candidate.is_free else f"Cannot: {candidate.refusal}"
    return Choice(candidate.contract.pk, f"{worker.full_name} ({worker.prison_number})", hint=hint)


class AssignForm(GovukFormMixin, forms.Form):
    """Everyone with an open Listener contract is listed; those the rules would refuse say why."""

    submit_label = "Add to this shift"

    listener = forms.TypedChoiceField(
        label="Which Listener?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a Listener.",
            "invalid_choice": "Choose a Listener from the list.",
        },
    )

    def __init__(self, *args, candidates: list[Candidate], **kwargs):
        super().__init__(*args, **kwargs)
        self.contracts = {candidate.contract.pk: candidate.contract for candidate in candidates}
        self.fields["listener"].choices = [_listener_choice(candidate) for candidate in candidates]

    @property
    def contract(self) -> Contract:
        return self.contracts[self.cleaned_data["listener"]]


class CoverForm(AssignForm):
    """Only those who pass every rule are offered; the page says why the others are not."""

    submit_label = "Cover the shift"

    def __init__(self, *args, candidates: list[Candidate], **kwargs):
        super().__init__(*args, candidates=[c for c in candidates if c.is_free], **kwargs)
        self.fields["listener"].label = "Who covers the shift?"


class ReasonForm(GovukFormMixin, forms.Form):
    """A reason with the words the page asks for: its required message comes from the page."""

    reason = forms.CharField(
        max_length=80, widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": "Enter a reason"}
    )

    def __init__(self, *args, label: str, help_text: str, required_message: str, submit_label: str, **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label, field.help_text = label, help_text
        field.error_messages["required"] = required_message


class TrainingForm(GovukFormMixin, forms.Form):
    """The course's days are read off the certificate: date inputs (day, month, year)."""

    submit_label = "Record training"
    required_messages = {"completed_on": "Enter the date the training was completed"}

    completed_on = DateInputField(
        label="Date completed",
        help_text="The last day of the course, or of the refresher. For example, 27 3 2007",
    )
    valid_until = DateInputField(
        label="Valid until (optional)",
        required=False,
        help_text="When a refresher is due. Leave blank if it does not lapse. For example, 27 3 2027",
    )

    def clean(self):
        cleaned = super().clean()
        completed, until = cleaned.get("completed_on"), cleaned.get("valid_until")
        if completed and until and until <= completed:
            self.add_error("valid_until", "Training must stay valid until after the day it was completed.")
        return cleaned


# --- Fill the gaps ------------------------------------------------------------------------------


def slot_value(day: date, shift_type_id: int, cover_point_id: int) -> str:
    return f"{day.isoformat()}:{shift_type_id}:{cover_point_id}"


def parse_slot_value(value: str) -> tuple[date, int, int] | None:
    try:
        day, shift_type_id, cover_point_id = value.split(":")
        return parse_day(day), int(shift_type_id), int(cover_point_id)
    except (AttributeError, ValueError):
        return None


# More than a week could hold at any real prison; a guard against a doctored row count.
MAX_PROPOSALS = 1000


class FillForm(forms.Form):
    """A row per proposal: a tick to accept it and the Listener (changeable). Shown as a table.

    Built from the proposals on the first visit, and from what was posted afterwards (the slot and
    the proposed Listener travel in hidden fields), so a refused row is shown again as it was sent.
    """

    def __init__(
        self,
        data=None,
        *,
        plan: FillPlan | None,
        contracts: list[Contract],
        describe: Callable[[tuple[date, int, int]], str],
    ):
        super().__init__(data)
        self.contracts = {contract.pk: contract for contract in contracts}
        choices = [
            (contract.pk, f"{contract.worker.full_name} ({contract.worker.prison_number})")
            for contract in contracts
        ]
        if data is None:
            rows = [
                (slot_value(p.slot.day, p.slot.shift_type_id, p.slot.cover_point_id), p.contract.pk, p.reason)
                for p in plan.proposals
            ]
        else:
            rows = [
                (data.get(f"slot_{i}", ""), _int(data.get(f"proposed_{i}")), data.get(f"reason_{i}", ""))
                for i in range(min(_int(data.get("rows")) or 0, MAX_PROPOSALS))
            ]
        self.rows = []
        for i, (slot, proposed, reason) in enumerate(rows):
            parsed = parse_slot_value(slot)
            self.fields[f"slot_{i}"] = forms.CharField(widget=forms.HiddenInput, initial=slot)
            self.fields[f"proposed_{i}"] = forms.IntegerField(widget=forms.HiddenInput, initial=proposed)
            self.fields[f"reason_{i}"] = forms.CharField(
                widget=forms.HiddenInput, initial=reason, required=False, max_length=200
            )
            self.fields[f"accept_{i}"] = forms.BooleanField(required=False, initial=True, label="Accept")
            self.fields[f"listener_{i}"] = forms.TypedChoiceField(
                coerce=int,
                choices=choices,
                initial=proposed,
                label="Listener",
                error_messages={"invalid_choice": "Choose a Listener from the list."},
            )
            self.rows.append(
                {
                    "index": i,
                    "description": describe(parsed) if parsed else "",
                    "reason": reason,
                    "proposed": proposed,
                }
            )

    @property
    def bound_rows(self):
        return [
            row
            | {
                "hidden": [
                    self[f"slot_{row['index']}"],
                    self[f"proposed_{row['index']}"],
                    self[f"reason_{row['index']}"],
                ],
                "accept": self[f"accept_{row['index']}"],
                "listener": self[f"listener_{row['index']}"],
            }
            for row in self.rows
        ]

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            i = row["index"]
            if parse_slot_value(cleaned.get(f"slot_{i}", "")) is None:
                raise forms.ValidationError(
                    "The proposals were not sent as shown. Start again from the week."
                )
        if not any(cleaned.get(f"accept_{row['index']}") for row in self.rows):
            raise forms.ValidationError("Tick at least one proposal to accept, or go back to the week.")
        return cleaned

    def accepted(self) -> list[tuple[int, tuple[date, int, int], Contract, str]]:
        """(row, slot, contract, reason) for each ticked row; the reason only if unchanged."""
        chosen = []
        for row in self.rows:
            i = row["index"]
            if not self.cleaned_data.get(f"accept_{i}"):
                continue
            contract_pk = self.cleaned_data[f"listener_{i}"]
            unchanged = contract_pk == self.cleaned_data.get(f"proposed_{i}")
            reason = self.cleaned_data.get(f"reason_{i}", "") if unchanged else ""
            chosen.append(
                (i, parse_slot_value(self.cleaned_data[f"slot_{i}"]), self.contracts[contract_pk], reason)
            )
        return chosen


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
