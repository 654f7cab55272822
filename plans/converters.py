from datetime import date


class IsoDateConverter:
    """A YYYY-MM-DD path segment as a date; an impossible date is a 404, not a 500."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)  # ValueError -> the URL does not match -> 404

    def to_url(self, value: date) -> str:
        return value if isinstance(value, str) else value.isoformat()
