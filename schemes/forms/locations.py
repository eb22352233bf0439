from django import forms

from peerwork.forms import GovukFormMixin
from schemes.models import Location


class LocationForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Location
        fields = ["name", "kind", "is_vulnerable_prisoners_unit"]
        widgets = {"kind": forms.RadioSelect}
