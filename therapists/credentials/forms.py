from django import forms

from .documents import max_bytes
from .models import Credential
from .services import CREDENTIAL_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CredentialForm(forms.ModelForm):
    """A credential's facts and its document; the services check the document's content."""

    document = forms.FileField(
        help_text="A PDF, PNG or JPEG of at most 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    class Meta:
        model = Credential
        fields = CREDENTIAL_FIELDS
        widgets = {"issued_on": DATE, "expires_on": DATE}

    def __init__(self, *args, document_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].required = document_required
        self.fields[
            "document"
        ].help_text = f"A PDF, PNG or JPEG of at most {max_bytes() // (1024 * 1024)} MB."
        if not document_required:
            self.fields["document"].widget = forms.FileInput(attrs={"accept": ".pdf,.png,.jpg"})
            self.fields["document"].help_text += " Leave empty to keep the current one."

    def facts(self) -> dict:
        return {name: self.cleaned_data[name] for name in CREDENTIAL_FIELDS}


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="The therapist reads this.",
    )
