"""The change feed never skips a committed change, whatever the writers do at the same time."""

import threading

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classroom import make_classroom, ok

STATES = ("present", "late", "absent", "excused")


def pull_all(member, cursor: str | None) -> tuple[list[dict], str]:
    seen = []
    while True:
        page = ok(member.get("/api/sync/changes", params={"limit": 7, **({"cursor": cursor} if cursor else {})}))
        seen += page["items"]
        if not page["items"]:
            return seen, page["cursor"]
        cursor = page["cursor"]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plan=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 9), st.sampled_from(STATES)), min_size=10, max_size=60)
)
def test_a_reader_pulling_while_four_writers_write_misses_nothing(org, plan):
    room = make_classroom(org, 10)
    _, cursor = pull_all(org.admin, None)
    writers = [org.admin, org.frontline, org.admin, org.frontline]
    seen: dict[str, int] = {}
    done = threading.Event()

    def write(writer_index: int) -> None:
        for w, participant, state in plan:
            if w == writer_index:
                answer = writers[w].post(
                    "/api/presence",
                    json={"session_id": room.session["id"], "participant_id": room.ids[participant], "state": state},
                )
                assert answer.status_code in (200, 201), answer.text

    def read() -> None:
        nonlocal cursor
        while not done.is_set():
            page = ok(org.manager.get("/api/sync/changes", params={"cursor": cursor, "limit": 5}))
            for record in page["items"]:
                seen[record["id"]] = max(seen.get(record["id"], 0), record["version"])
            cursor = page["cursor"]

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    reader = threading.Thread(target=read)
    reader.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    reader.join()
    rest, _ = pull_all(org.manager, cursor)
    for record in rest:
        seen[record["id"]] = max(seen.get(record["id"], 0), record["version"])
    final = {
        i["record"]["id"]: i["record"]["version"]
        for i in ok(org.admin.get(f"/api/sessions/{room.session['id']}/roster"))["items"]
        if i["record"]
    }
    assert seen == final  # every record, at its latest version: no committed change was skipped


def test_a_frontline_user_pulls_only_their_sessions(org):
    mine, theirs = make_classroom(org), make_classroom(org)
    assert org.admin.delete(f"/api/groups/{theirs.group['id']}/staff/{org.frontline.id}").status_code == 204
    _, cursor = pull_all(org.frontline, None)
    for room in (mine, theirs):
        ok(
            org.admin.post(
                "/api/presence",
                json={"session_id": room.session["id"], "participant_id": room.ids[0], "state": "present"},
            )
        )
    seen, _ = pull_all(org.frontline, cursor)
    assert {r["session_id"] for r in seen} == {mine.session["id"]}
    assert org.external.get("/api/sync/changes").json()["items"] == []


def test_a_device_can_start_the_feed_from_now(org):
    """`cursor=latest`: no history, and from there exactly the changes made after it."""
    room = make_classroom(org, 3)
    mark = {"session_id": room.session["id"], "participant_id": room.ids[0], "state": "present"}
    ok(org.frontline.post("/api/presence", json=mark), 201)
    start = ok(org.frontline.get("/api/sync/changes", params={"cursor": "latest"}))
    assert start["items"] == []
    ok(org.frontline.post("/api/presence", json={**mark, "participant_id": room.ids[1]}), 201)
    seen, _ = pull_all(org.frontline, start["cursor"])
    assert [r["participant_id"] for r in seen] == [room.ids[1]]
