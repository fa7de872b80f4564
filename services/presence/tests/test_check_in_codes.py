"""Self-check-in codes rotate every 30 seconds and the previous one stays valid for the grace: the clock
is a parameter, so no test waits."""

from datetime import UTC, datetime, timedelta

from presence.self_check_in.codes import ALPHABET, Codes, normalise

T0 = datetime(2026, 12, 7, 9, 0, 0, tzinfo=UTC)  # the start of a 30-second step


def test_everyone_asking_within_one_step_sees_the_same_code():
    codes = Codes("key", 30, 15)
    first, expires = codes.current("session-1", T0)
    assert codes.current("session-1", T0 + timedelta(seconds=29.9))[0] == first
    assert expires == T0 + timedelta(seconds=45)  # the end of the step, plus the grace
    assert len(first) == 6 and set(first) <= set(ALPHABET)


def test_the_code_rotates_and_the_previous_one_works_only_during_the_grace():
    codes = Codes("key", 30, 15)
    first, _ = codes.current("session-1", T0)
    second, _ = codes.current("session-1", T0 + timedelta(seconds=30))
    assert second != first
    assert codes.accepts("session-1", first, T0 + timedelta(seconds=44))
    assert not codes.accepts("session-1", first, T0 + timedelta(seconds=45))
    assert codes.accepts("session-1", second, T0 + timedelta(seconds=45))


def test_a_code_belongs_to_its_session_and_its_key():
    code, _ = Codes("key", 30, 15).current("session-1", T0)
    assert not Codes("key", 30, 15).accepts("session-2", code, T0)
    assert not Codes("another key", 30, 15).accepts("session-1", code, T0)


def test_a_typed_code_ignores_case_spaces_and_dashes():
    assert normalise(" ab3-x7 k ") == "AB3X7K"
