"""Forms for the kiosk (plain words, marked for translation) and for the staff pages that manage it."""

from crispy_forms_gds.layout import Size
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from kiosk.models import KioskDevice
from kiosk.models.reports import DESCRIPTION_MAX_LENGTH
from peerwork.forms import GovukFormMixin
from schemes.models import Contract
from schemes.models.people import PRISON_NUMBER_PATTERN

# --- The kiosk -----------------------------------------------------------------------------


class KioskFormMixin(GovukFormMixin):
    """Large labels: the kiosk is read standing up, by people who may find reading hard."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.label_size = Size.MEDIUM
        self.helper.legend_size = Size.MEDIUM


class PrisonNumberField(forms.CharField):
    def to_python(self, value):
        return super().to_python(value).replace(" ", "").upper()


class KioskSignInForm(KioskFormMixin, forms.Form):
    submit_label = _("Sign in")

    prison_number = PrisonNumberField(
        label=_("Your prison number"),
        help_text=_("For example A1234BC"),
        max_length=10,
        validators=[
            RegexValidator(
                PRISON_NUMBER_PATTERN,
                _("Enter your prison number like this: A1234BC. One letter, four numbers, then two letters."),
            )
        ],
        error_messages={"required": _("Enter your prison number.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )
    pin = forms.CharField(
        label=_("Your PIN"),
        help_text=_("The numbers that staff gave you"),
        max_length=12,
        strip=True,
        error_messages={"required": _("Enter your PIN.")},
        widget=forms.PasswordInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "class": "govuk-input--width-5"}
        ),
    )


class OutOfRoleReportForm(KioskFormMixin, forms.Form):
    submit_label = _("Send this to the safer-custody team")

    contract = forms.TypedChoiceField(
        label=_("Which role is it about?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose which role it is about."),
            "invalid_choice": _("Choose one of your roles."),
        },
    )
    description = forms.CharField(
        label=_("What were you asked to do?"),
        help_text=_(
            "A few words are enough. For example: “Share a cell with someone to keep an eye on him.” "
            "Do not write anything that someone told you in confidence."
        ),
        max_length=DESCRIPTION_MAX_LENGTH,
        error_messages={
            "required": _("Tell us what you were asked to do."),
            "max_length": _("Use %(limit_value)d characters or fewer."),
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, contracts: list[Contract], **kwargs):
        super().__init__(*args, **kwargs)
        self.contracts = {contract.pk: contract for contract in contracts}
        field = self.fields["contract"]
        field.choices = [(contract.pk, contract.scheme.name) for contract in contracts]
        if len(contracts) == 1:
            field.initial = contracts[0].pk

    def clean_contract(self) -> Contract:
        return self.contracts[self.cleaned_data["contract"]]


# --- Staff pages ------------------------------------------------------------------------------


class DeviceEnrolForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Enrol this device as a kiosk"
    required_messages = {"location": "Select the wing or unit", "name": "Enter a name for the kiosk"}

    class Meta:
        model = KioskDevice
        fields = ["location", "name"]

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        self.fields["location"].empty_label = "Choose the wing or unit"


class DeviceRevokeForm(GovukFormMixin, forms.Form):
    submit_label = "Revoke this kiosk"

    reason = forms.CharField(
        label="Why are you revoking it? (optional)",
        help_text="For example: “Screen replaced” or “Left signed in to a staff account”.",
        max_length=200,
        required=False,
    )


class PinSetForm(GovukFormMixin, forms.Form):
    submit_label = "Set the PIN"
    required_messages = {"pin": "Enter a new PIN", "pin_again": "Enter the new PIN again"}

    pin = forms.CharField(
        label="New PIN",
        help_text="4 to 6 digits. Not one digit repeated, and not a run like 1234.",
        max_length=6,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "inputmode": "numeric"}),
    )
    pin_again = forms.CharField(
        label="New PIN again",
        max_length=6,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "inputmode": "numeric"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("pin") and data.get("pin_again") and data["pin"] != data["pin_again"]:
            self.add_error("pin_again", "The two PINs are different. Type the same PIN twice.")
        return data
