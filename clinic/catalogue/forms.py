from django import forms
from django.forms.models import ModelChoiceIterator


class ChoicesReadOnce(ModelChoiceIterator):
    """The choices from one read of the field's queryset. Django's own iterator asks the
    database again each time they are read, and a select reads them twice to draw itself
    (whether to mark it required, then its options)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for instance in self.queryset:  # the form's own queryset, evaluated once
            yield self.choice(instance)


class PricedServiceField(forms.ModelChoiceField):
    """A choice of services, each named with its price and tax: what clients see before
    booking."""

    iterator = ChoicesReadOnce

    def label_from_instance(self, service) -> str:
        return f"{service} · {service.price_text}"
