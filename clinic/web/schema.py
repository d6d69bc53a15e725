"""The API schema's error answers, documented on every operation that can give them.

DRF answers the same way across the API: 400 with messages per field (or a `detail`) for
bad input, 401 for a missing or wrong token, 403 for a refused role (or a session without
its CSRF token), 404 for an unknown or unreadable object or page. drf-spectacular documents
only the success answers; this hook adds these from what each operation takes.
"""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "A list of messages per field at fault, or `detail` for the whole request.",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}
DESCRIPTIONS = {
    "400": "The request's input is refused.",
    "401": "No token or session, or a wrong one.",
    "403": "The caller's role may not do this.",
    "404": "No such object or page, or not one the caller may read.",
}


def error_codes(operation: dict) -> list[str]:
    security = operation.get("security", [])
    parameters = operation.get("parameters", [])
    codes = []
    if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
        codes.append("400")
    if any(requirement for requirement in security):
        codes.append("401")
        if {} not in security:  # signed-in callers only
            codes.append("403")
    if any(p["in"] == "path" or p["name"] == "page" for p in parameters):
        codes.append("404")
    return codes


def add_error_responses(result: dict, generator, request, public) -> dict:
    """A drf-spectacular postprocessing hook."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code in error_codes(operation):
                name = "FieldErrors" if code == "400" else "Error"
                responses.setdefault(
                    code,
                    {
                        "description": DESCRIPTIONS[code],
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    },
                )
    return result
