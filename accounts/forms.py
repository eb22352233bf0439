from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from accounts.models import User
from peerwork.forms import GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    required_messages = {"username": "Enter your username", "password": "Enter your password"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Username"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def clean_username(self):
        """No account has a longer name; refused before the lockout records the attempt."""
        username = self.cleaned_data["username"]
        if len(username) > User.username.field.max_length:
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
        return username


class SwitchEstablishmentForm(forms.Form):
    establishment = forms.IntegerField(error_messages={"required": "Select the establishment to work in"})
