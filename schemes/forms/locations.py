from django import forms

from establishments.models import Location
from peerwork.forms import GovukFormMixin


class LocationForm(GovukFormMixin, forms.ModelForm):
    required_messages = {
        "name": "Enter the name of the wing or unit",
        "kind": "Select what kind of place it is",
    }

    class Meta:
        model = Location
        fields = ["name", "kind", "is_vulnerable_prisoners_unit"]
        widgets = {"kind": forms.RadioSelect}
