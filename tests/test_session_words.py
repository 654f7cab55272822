import pytest

from plans.models.plan import duration_words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (30, "30 seconds"),
        (60, "1 minute"),
        (90, "1½ minutes"),
        (120, "2 minutes"),
        (180, "3 minutes"),
    ],
)
def test_bout_lengths_read_as_plain_words(seconds, words):
    assert duration_words(seconds) == words
