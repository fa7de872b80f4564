"""The redactor every service's erasure uses: by value in any text, by structure in JSON."""

import json

from omni_common.redaction import ERASED, PARTICIPANT_LABEL, Redactor, like_patterns

NAME = "Şule Иванова 陈伟"


def redactor() -> Redactor:
    return Redactor(
        values={NAME: PARTICIPANT_LABEL, "S-1042": ERASED, "sule@example.org": ERASED, "Li": PARTICIPANT_LABEL},
        ids={"p-1", "r-1"},
    )


def test_values_are_replaced_in_any_case_as_whole_words():
    r = redactor()
    assert r.text(f"{NAME} was absent; mail SULE@EXAMPLE.ORG") == f"{PARTICIPANT_LABEL} was absent; mail {ERASED}"
    # Inside another word it is someone else's: S-10421 is not S-1042, Lisa is not Li.
    assert r.text("badge S-10421 for Lisa") == "badge S-10421 for Lisa"
    assert r.text("Li was late") == f"{PARTICIPANT_LABEL} was late"


def test_escaped_forms_inside_text_that_holds_json_are_found():
    r = redactor()
    escaped = json.dumps({"title": f"{NAME} was absent"})
    assert "\\u015e" in escaped
    assert NAME not in r.text(escaped) and json.loads(r.text(escaped))["title"] == f"{PARTICIPANT_LABEL} was absent"


def test_json_objects_about_them_lose_their_personal_fields_and_others_keep_theirs():
    r = redactor()
    answer = {
        "items": [
            {"participant": {"id": "p-1", "name": NAME, "email": "x@y.z"}, "record": {"id": "r-1", "note": "late bus"}},
            {"participant": {"id": "p-2", "name": "Quinn"}, "record": {"id": "r-2", "note": "late bus"}},
        ]
    }
    erased, changed = r.changed(answer)
    assert changed
    assert erased["items"][0] == {
        "participant": {"id": "p-1", "name": PARTICIPANT_LABEL, "email": None},
        "record": {"id": "r-1", "note": None},
    }
    assert erased["items"][1] == answer["items"][1]


def test_an_entry_wholly_about_them_is_erased_at_every_depth():
    r = redactor()
    entry = {"server": {"state": "absent", "note": "hospital"}, "values": {"note": "fever", "state": "excused"}}
    erased = r.json(entry, about=True)
    assert erased == {"server": {"state": "absent", "note": None}, "values": {"note": None, "state": "excused"}}
    assert r.changed({"state": "absent"}) == ({"state": "absent"}, False)


def test_values_too_short_to_tell_from_words_are_left_to_the_structure():
    r = Redactor(values={"7": ERASED, "A": PARTICIPANT_LABEL, "陈": PARTICIPANT_LABEL})
    assert r.text("room 7, block A, 陈伟") == "room 7, block A, 陈伟"
    assert r.searched_values == []


def test_like_patterns_escape_what_like_would_read():
    assert like_patterns(["50%_off\\x", "50%_off\\x", ""]) == ["%50\\%\\_off\\\\x%"]
