"""The kiosk's concerns forms: plain words a new reader can follow, marked for translation.

They only collect what the peer worker chose; the rules (a role that carries concerns, a topic and
a wing in use, the characteristic for discrimination, naming only with agreement, the daily
limit) are the service's, and its refusals are shown on the form (peerwork.forms.add_service_errors).
"""

import re

from crispy_forms_gds.layout import Button, ConditionalQuestion, ConditionalRadios, Layout
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concerns.models import Concern, ProtectedCharacteristic, Topic
from establishments.models import Location
from kiosk.forms import KioskFormMixin, PrisonNumberField
from peerwork.lengths import FEW_SENTENCES
from schemes.models import Contract
from schemes.models.people import PRISON_NUMBER_PATTERN

YES, NO = "yes", "no"
RESIDENT_NAME_LENGTH = Concern._meta.get_field("resident_name").max_length


class ConcernRaiseForm(KioskFormMixin, forms.Form):
    """One page, top to bottom: the role (only with more than one), what it is about (and, for
    discrimination, which protected characteristic), the wing, who it affects, the problem, and
    the resident's name only when they agreed to be named. Without JavaScript every question shows;
    with it, the characteristic and the name open under the answer that needs them."""

    submit_label = _("Send this concern")

    contract = forms.TypedChoiceField(
        label=_("Which of your roles is this for?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose which role this is for."),
            "invalid_choice": _("Choose one of your roles."),
        },
    )
    topic = forms.TypedChoiceField(
        label=_("What is it about?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what it is about."),
            "invalid_choice": _("Choose what it is about."),
        },
    )
    protected_characteristic = forms.ChoiceField(
        label=_("If it is about discrimination: what is it about?"),
        help_text=_("The law protects people from being treated worse because of these."),
        choices=ProtectedCharacteristic.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose what the discrimination is about.")},
    )
    location = forms.TypedChoiceField(
        label=_("Which wing is it on?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the wing."), "invalid_choice": _("Choose the wing.")},
    )
    affects = forms.ChoiceField(
        label=_("Who does it affect?"),
        choices=Concern.Affects.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who it affects."),
            "invalid_choice": _("Choose who it affects."),
        },
    )
    problem = forms.CharField(
        label=_("What is the problem?"),
        help_text=_(
            "A few sentences are enough: what happens, where, and since when. "
            "Leave out anything a resident asked you to keep private."
        ),
        max_length=FEW_SENTENCES,
        error_messages={"required": _("Tell us what the problem is.")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    named = forms.ChoiceField(
        label=_("Did the resident agree to be named?"),
        help_text=_("Staff can then speak to them. Without their agreement, leave their name out."),
        choices=[(NO, _("No")), (YES, _("Yes"))],  # ConditionalRadios below finds them by label
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether the resident agreed to be named."),
            "invalid_choice": _("Say whether the resident agreed to be named."),
        },
    )
    resident_name = forms.CharField(
        label=_("The resident's name"),
        max_length=RESIDENT_NAME_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    resident_prison_number = PrisonNumberField(
        label=_("Their prison number, if you know it"),
        help_text=_("For example A1234BC"),
        max_length=10,
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def __init__(
        self,
        *args,
        contracts: list[Contract],
        topics: list[Topic],
        locations: list[Location],
        wing: Location,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.contracts = {contract.pk: contract for contract in contracts}
        self.topics = {topic.pk: topic for topic in topics}
        self.locations = {location.pk: location for location in locations}
        self.fields["contract"].choices = [(c.pk, c.scheme.name) for c in contracts]
        self.fields["topic"].choices = [(t.pk, t.name) for t in topics]
        self.fields["location"].choices = [(loc.pk, loc.name) for loc in locations]
        if wing.pk in self.locations:
            self.fields["location"].initial = wing.pk

        questions = []
        if len(contracts) == 1:  # nothing to ask
            del self.fields["contract"]
        else:
            questions.append("contract")
        asking = [topic for topic in topics if topic.asks_protected_characteristic]
        if not asking:
            del self.fields["protected_characteristic"]
            questions.append("topic")
        elif len(asking) == 1:  # opens under Discrimination
            questions.append(
                ConditionalRadios(
                    "topic",
                    *(
                        ConditionalQuestion(topic.name, "protected_characteristic")
                        if topic.asks_protected_characteristic
                        else topic.name
                        for topic in topics
                    ),
                )
            )
        else:  # more than one topic asks: the question stands on its own
            questions += ["topic", "protected_characteristic"]
        questions += [
            "location",
            "affects",
            "problem",
            ConditionalRadios(
                "named",
                gettext("No"),
                ConditionalQuestion(gettext("Yes"), "resident_name", "resident_prison_number"),
            ),
        ]
        self.helper.layout = Layout(*questions, Button.primary("submit", self.submit_label))

    def clean_contract(self) -> Contract:
        return self.contracts[self.cleaned_data["contract"]]

    def clean_topic(self) -> Topic:
        return self.topics[self.cleaned_data["topic"]]

    def clean_location(self) -> Location:
        return self.locations[self.cleaned_data["location"]]

    def clean(self) -> dict:
        cleaned = super().clean()
        if len(self.contracts) == 1:
            cleaned["contract"] = next(iter(self.contracts.values()))
        cleaned["resident_agreed_to_be_named"] = cleaned.pop("named", None) == YES
        self._clean_resident(cleaned)
        self._clean_characteristic(cleaned)
        return cleaned

    def _clean_resident(self, cleaned: dict) -> None:
        if not cleaned["resident_agreed_to_be_named"]:  # nothing about them, not even a typing mistake
            for name in ("resident_name", "resident_prison_number"):
                self.errors.pop(name, None)
                cleaned[name] = ""
            return
        number = cleaned.get("resident_prison_number")
        if not (cleaned.get("resident_name") or number or self.has_error("resident_name")):
            self.add_error(
                "resident_name", gettext("Write the resident’s name or prison number, or choose No.")
            )
        elif number and not re.match(PRISON_NUMBER_PATTERN, number):
            self.add_error(
                "resident_prison_number",
                gettext(
                    "Write the prison number like this: A1234BC. One letter, four numbers, then two letters."
                ),
            )

    def _clean_characteristic(self, cleaned: dict) -> None:
        """Asked here too (the service asks as well), so that its message comes with the others."""
        topic = cleaned.get("topic")
        if topic is None:
            return
        if not topic.asks_protected_characteristic:
            cleaned["protected_characteristic"] = ""
        elif not cleaned.get("protected_characteristic") and not self.has_error("protected_characteristic"):
            self.add_error("protected_characteristic", gettext("Choose what the discrimination is about."))


class FollowUpForm(KioskFormMixin, forms.Form):
    submit_label = _("Send my message")

    text = forms.CharField(
        label=_("Send a message about this concern"),
        help_text=_("You can send one message while it is open. For example, if something has changed."),
        max_length=FEW_SENTENCES,
        error_messages={"required": _("Write your message.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class VerdictForm(forms.Form):
    """The two buttons after the answer: each posts `sorted` as yes or no."""

    sorted = forms.ChoiceField(
        choices=[(YES, YES), (NO, NO)],
        error_messages={"required": _("Press “This was sorted” or “This was not sorted”.")},
    )

    @property
    def sorted_out(self) -> bool:
        return self.cleaned_data["sorted"] == YES
