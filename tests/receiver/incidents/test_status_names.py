"""Every incident status has a name people read, in English and Korean (Slack and the web)."""

from __future__ import annotations

from receiver.incidents.model import IncidentStatus
from receiver.incidents.status_names import LANGUAGES, status_name


def test_every_status_has_a_name_in_every_language_that_is_not_its_raw_value() -> None:
    for status in IncidentStatus:
        names = {language: status_name(status.value, language) for language in LANGUAGES}
        assert names["ko"] != status.value, status
        assert "_" not in names["en"], status  # a name people read, not the identifier
    assert status_name("something_new", "ko") == "something_new"
