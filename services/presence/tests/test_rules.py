"""The rulebook and the decisions of check-ins and the offline merge, as pure functions: no database,
no clock, no stack."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from omni_common.auth.principal import Role
from presence.records import checkins, offline_merge, rules
from presence.records.schemas import RecordOut

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
SESSION = SimpleNamespace(starts_at=START, ends_at=START + timedelta(hours=1), status="open")
WINDOW = rules.Window(before=timedelta(hours=1), after=timedelta(hours=12))


def state(code, category, order, default=False, roles=None, retired=False):
    return SimpleNamespace(
        code=code,
        category=category,
        sort_order=order,
        is_default=default,
        roles=roles,
        retired_at=START if retired else None,
    )


EDUCATION = [
    state("present", "present", 10, default=True),
    state("late", "late", 20),
    state("absent", "absent", 30),
    state("excused", "excused", 40, roles=[Role.admin]),
]
HOSPITALITY = [state("checked_in", "present", 10, default=True), state("no_show", "absent", 20)]


def record(**values) -> RecordOut:
    base = {
        "id": "r1",
        "session_id": "s1",
        "participant_id": "p1",
        "state": "present",
        "note": None,
        "check_in_at": None,
        "check_out_at": None,
        "version": 1,
        "source": "online",
        "recorded_by": "u1",
        "recorded_at": START,
        "client_time": None,
        "device_id": None,
    }
    return RecordOut(**{**base, **values})


def test_a_cancelled_session_takes_nothing_and_a_closed_one_administrators_and_offline_changes_in_its_window():
    cancelled = SimpleNamespace(**{**SESSION.__dict__, "status": "cancelled"})
    closed = SimpleNamespace(**{**SESSION.__dict__, "status": "closed"})
    assert rules.session_refusal(cancelled, rules.Writer(Role.admin), WINDOW).code == "session_cancelled"
    assert rules.session_refusal(closed, rules.Writer(Role.frontline), WINDOW).code == "session_closed"
    assert rules.session_refusal(closed, rules.Writer(Role.admin), WINDOW) is None
    offline = rules.Writer(Role.frontline, offline=True)
    assert rules.session_refusal(closed, offline, WINDOW, device_time=START + timedelta(minutes=30)) is None
    late = rules.session_refusal(closed, offline, WINDOW, device_time=START + timedelta(hours=14))
    assert late.code == "outside_window"


def test_an_online_mark_may_be_made_for_any_past_session_that_is_not_closed():
    last_year = SimpleNamespace(
        starts_at=START - timedelta(days=365), ends_at=START - timedelta(days=365), status="open"
    )
    assert rules.session_refusal(last_year, rules.Writer(Role.frontline), WINDOW) is None


def test_states_unknown_retired_or_not_for_the_role_are_refused_except_for_the_system():
    states = {s.code: s for s in [*EDUCATION, state("asleep", "other", 50, retired=True)]}
    frontline = rules.Writer(Role.frontline)
    assert rules.state_refusal(states, "flying", frontline).code == "no_such_state"
    assert rules.state_refusal(states, "asleep", frontline).code == "state_retired"
    assert rules.state_refusal(states, "excused", frontline).code == "state_not_for_role"
    assert rules.state_refusal(states, "excused", rules.SYSTEM) is None
    assert rules.state_refusal(states, "present", frontline) is None


def test_lateness_is_strictly_after_the_grace():
    assert rules.arrival_state(EDUCATION, SESSION, 5, START + timedelta(minutes=5)).code == "present"
    assert rules.arrival_state(EDUCATION, SESSION, 5, START + timedelta(minutes=5, seconds=1)).code == "late"
    assert rules.arrival_state(HOSPITALITY, SESSION, 5, START + timedelta(hours=1)).code == "checked_in"


def test_the_present_state_is_the_default_if_it_means_present_else_the_first_present_one():
    absent_default = [
        state("absent", "absent", 5, default=True),
        state("here", "present", 20),
        state("in", "present", 10),
    ]
    assert rules.present_state(absent_default).code == "in"
    assert rules.present_state([state("absent", "absent", 5)]) is None


def test_a_first_check_in_decides_the_state_and_later_ones_keep_it():
    at = START + timedelta(minutes=3)
    assert checkins.check_in(None, at, "present")["check_in_at"] == at
    marked_absent = record(state="absent")
    assert checkins.check_in(marked_absent, at, "present")["state"] == "present"
    inside = record(check_in_at=at)
    assert checkins.check_in(inside, at + timedelta(minutes=9), "late") is None
    left = record(check_in_at=at, check_out_at=at + timedelta(minutes=30))
    back = checkins.check_in(left, at + timedelta(minutes=40), "late")
    assert (back["state"], back["check_in_at"], back["check_out_at"]) == ("present", at, None)
    earlier = checkins.check_in(inside, at - timedelta(minutes=2), "present")
    assert earlier["check_in_at"] == at - timedelta(minutes=2)


def test_a_check_out_needs_a_check_in_before_it():
    at = START + timedelta(minutes=3)
    assert checkins.check_out(None, at).code == "not_checked_in"
    assert checkins.check_out(record(), at).code == "not_checked_in"
    assert checkins.check_out(record(check_in_at=at), at - timedelta(seconds=1)).code == "before_check_in"
    assert checkins.check_out(record(check_in_at=at), at + timedelta(hours=1))["check_out_at"] == at + timedelta(
        hours=1
    )
    gone = record(check_in_at=at, check_out_at=at + timedelta(hours=2))
    assert checkins.check_out(gone, at + timedelta(hours=1)) is None


def test_the_offline_merge_applies_conflicts_or_changes_nothing_by_spec_4_5():
    mark = offline_merge.Mutation(
        mutation_id="m1",
        session_id="s1",
        participant_id="p1",
        state="late",
        note=None,
        check_in_at=None,
        check_out_at=None,
        client_time=START,
        base_version=1,
    )
    assert offline_merge.decide_mark(None, mark, "tablet") == "applied"
    assert offline_merge.decide_mark(record(state="late"), mark, "tablet") == "unchanged"
    assert offline_merge.decide_mark(record(version=2, device_id="phone"), mark, "tablet") == "conflict"
    assert offline_merge.decide_mark(record(version=2, device_id="tablet"), mark, "tablet") == "applied"
    assert offline_merge.decide_mark(record(version=2, source="auto_mark"), mark, "tablet") == "applied"
    joined = offline_merge.Mutation(**{**mark.__dict__, "has_open_conflict": True})
    assert offline_merge.decide_mark(record(version=2), joined, "tablet") == "joins_conflict"


def test_an_offline_check_in_takes_its_time_from_the_client_when_it_gives_none():
    check_in = offline_merge.Mutation(
        mutation_id="m2",
        session_id="s1",
        participant_id="p1",
        state=None,
        note=None,
        check_in_at=None,
        check_out_at=None,
        client_time=START,
        base_version=None,
        action="check_in",
    )
    assert check_in.at == START


def test_the_rules_fire_once_at_their_crossing():
    from presence.notifications.evaluation import rate_crossing, run_crossing

    assert rate_crossing(4.0, 5, 90, active=False) == "fire"  # 80 %
    assert rate_crossing(4.0, 5, 90, active=True) is None  # still below: said already
    assert rate_crossing(3.6, 4, 90, active=False) is None  # fewer than five weighted marks
    assert rate_crossing(5.0, 5, 90, active=True) == "clear"
    absent, present = "absent", "present"
    assert run_crossing([absent, absent], 3, active=False) is None
    assert run_crossing([absent, absent, absent], 3, active=False) == "fire"
    assert run_crossing([absent, absent, absent, absent], 3, active=True) is None
    assert run_crossing([absent, absent, present, absent, absent, absent], 3, active=True) == "clear"
    assert run_crossing([present], 3, active=False) is None


def test_the_follower_sends_its_batch_only_while_its_lease_outlasts_the_sending():
    """A batch of webhook deliveries the feed's follower leased to itself is sent by it while the
    lease outlasts the batch's longest sending (16 side by side, each at most its timeout, and 5 s
    to spare); one that waited longer behind a hanging target is left to the worker's sweep."""
    from presence.webhooks.delivery import Due, Leased, in_time

    due = [Due(f"d{i}", f"msg_{i}", {}, "https://receiver.test/hook", "whsec_x") for i in range(64)]
    leased = Leased(due=due, until=START + timedelta(seconds=60))
    assert in_time(leased, START, timeout=10)  # 4 rounds of 10 s, and 5 to spare: 45 s of 60
    assert in_time(leased, START + timedelta(seconds=15), timeout=10)
    assert not in_time(leased, START + timedelta(seconds=16), timeout=10)
    assert in_time(Leased(due=due[:16], until=leased.until), START + timedelta(seconds=45), timeout=10)
