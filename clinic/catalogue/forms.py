from django import forms


class PricedServiceField(forms.ModelChoiceField):
    """A choice of services, each named with its price and tax: what clients see before
    booking."""

    def label_from_instance(self, service) -> str:
        return f"{service} · {service.price_text}"
