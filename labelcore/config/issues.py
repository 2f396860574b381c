"""What the config language reports: config issues and result issues."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ConfigIssue:
    """One problem found in a label config, with where it is.

    ``line`` and ``column`` are 1-based and point at the tag or attribute
    concerned (``None`` when the problem is not tied to a place, such as a
    config that is too large). ``tag`` and ``attribute`` name what the issue is
    about so that an editor can underline it.
    """

    severity: Severity
    message: str
    line: int | None = None
    column: int | None = None
    tag: str | None = None
    attribute: str | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        if self.column is None:
            return f"line {self.line}: {self.message}"
        return f"line {self.line}, column {self.column}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class ConfigInvalid(Exception):
    """A label config was refused; ``issues`` holds every error and warning."""

    def __init__(self, issues: list[ConfigIssue]):
        self.issues = sorted(issues, key=_issue_order)
        super().__init__(self._summary())

    @property
    def errors(self) -> list[ConfigIssue]:
        return [issue for issue in self.issues if issue.is_error]

    def _summary(self) -> str:
        errors = self.errors or self.issues
        lines = [str(issue) for issue in errors]
        if len(lines) == 1:
            return f"The label config is invalid: {lines[0]}"
        return "The label config is invalid:\n" + "\n".join(f"- {x}" for x in lines)


def _issue_order(issue: ConfigIssue) -> tuple[int, int, int]:
    return (
        issue.line if issue.line is not None else 0,
        issue.column if issue.column is not None else 0,
        0 if issue.is_error else 1,
    )


@dataclass(frozen=True)
class ResultIssue:
    """One problem in an annotation's or prediction's ``result`` list.

    ``index`` is the item's position in the list (0-based, as in the JSON
    array; ``None`` when the list itself is wrong), ``field`` the dotted path
    inside the item (``value.labels``), ``from_name`` the item's control name
    when it has one.
    """

    index: int | None
    field: str
    message: str
    from_name: str | None = None

    def __str__(self) -> str:
        if self.index is None:
            where = "result"
        elif self.from_name is None:
            where = f"result item {self.index}"
        else:
            where = f"result item {self.index} (from_name {self.from_name!r})"
        return f"{where}: field {self.field!r}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
