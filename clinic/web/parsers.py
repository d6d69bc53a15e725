"""The API's request parsers (apart from clinic.web.api: DRF's settings import them early).

Each refuses a body holding a NUL character anywhere (a JSON string, a key, a form field),
so a view reading `request.data` directly never passes one on."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .validators import NUL_REFUSED, holds_nul


class RefuseNul:
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        data = parsed.data if isinstance(parsed, parsers.DataAndFiles) else parsed
        if holds_nul(data):
            raise ParseError(NUL_REFUSED)
        return parsed


class JSONParser(RefuseNul, parsers.JSONParser):
    """DRF's JSON parser; a body nested too deep for the decoder is a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None


class FormParser(RefuseNul, parsers.FormParser):
    pass


class MultiPartParser(RefuseNul, parsers.MultiPartParser):
    pass
