"""Domains and states are configuration: presets per enabled domain, custom ones, retire not delete."""

from classroom import ok


def domains(member) -> dict[str, dict]:
    return {d["code"]: d for d in ok(member.get("/api/domains"))["items"]}


def test_an_organization_sees_its_enabled_preset_with_terms_and_states_in_order(org):
    education = domains(org.frontline)["education"]
    assert education["terminology"]["participant"] == "Student" and education["terminology"]["session"] == "Lesson"
    assert [(s["code"], s["category"]) for s in education["states"]] == [
        ("present", "present"),
        ("late", "late"),
        ("absent", "absent"),
        ("excused", "excused"),
    ]
    assert [s["is_default"] for s in education["states"]] == [True, False, False, False]
    assert set(domains(org.admin)) == {"education"}


def test_enabling_a_domain_shows_it_at_once(org):
    ok(org.admin.patch("/api/organizations/current", json={"domains": ["education", "healthcare"]}))
    healthcare = domains(org.admin)["healthcare"]
    assert healthcare["terminology"]["group"] == "Ward"
    assert [s["code"] for s in healthcare["states"]] == ["present", "out", "refused", "hospital", "absent"]
    ok(org.admin.post("/api/groups", json={"name": "Ward 3", "domain": "healthcare"}))


def test_admins_add_recolour_reorder_and_retire_states(org):
    made = org.admin.post(
        "/api/presence-states",
        json={
            "domain": "education",
            "code": "remote",
            "label": "Remote",
            "color": "#0b7285",
            "category": "present",
            "weight": 1,
            "sort_order": 15,
            "is_default": True,
        },
    )
    assert made.status_code == 201
    state = made.json()
    states = domains(org.admin)["education"]["states"]
    assert [s["code"] for s in states] == ["present", "remote", "late", "absent", "excused"]
    assert [s["code"] for s in states if s["is_default"]] == ["remote"]  # one default per domain
    ok(
        org.admin.patch(
            f"/api/presence-states/{state['id']}", json={"label": "Online", "color": "#123456", "sort_order": 99}
        )
    )
    assert domains(org.admin)["education"]["states"][-1]["label"] == "Online"
    assert org.admin.delete(f"/api/presence-states/{state['id']}").status_code == 204
    assert "remote" not in [s["code"] for s in domains(org.admin)["education"]["states"]]
    everything = ok(org.admin.get("/api/presence-states", params={"domain": "education", "include_retired": "true"}))
    assert [s["retired"] for s in everything["items"] if s["code"] == "remote"] == [True]
    # A retired code stays taken.
    again = org.admin.post(
        "/api/presence-states",
        json={"domain": "education", "code": "remote", "label": "Remote", "color": "#0b7285", "category": "present"},
    )
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "code"


def test_a_custom_domain_with_its_own_words_and_states(org):
    made = ok(
        org.admin.post(
            "/api/domains",
            json={
                "code": "volunteering",
                "name": "Volunteering",
                "terminology": {
                    "participant": "Volunteer",
                    "participants": "Volunteers",
                    "group": "Crew",
                    "groups": "Crews",
                    "session": "Shift",
                    "sessions": "Shifts",
                },
            },
        )
    )
    assert made["states"] == []
    ok(
        org.admin.post(
            "/api/presence-states",
            json={"domain": "volunteering", "code": "came", "label": "Came", "color": "#1b7f3b", "category": "present"},
        )
    )
    ok(org.admin.patch("/api/domains/volunteering", json={"name": "Volunteer crews"}))
    custom = domains(org.frontline)["volunteering"]
    assert custom["name"] == "Volunteer crews" and [s["code"] for s in custom["states"]] == ["came"]
    ok(org.admin.post("/api/groups", json={"name": "Saturday crew", "domain": "volunteering"}))


def test_state_fields_are_checked_and_only_admins_configure(org):
    answer = org.admin.post(
        "/api/presence-states",
        json={
            "domain": "education",
            "code": "Bad Code",
            "label": "",
            "color": "green",
            "category": "asleep",
            "weight": 2,
            "roles": ["manager"],
        },
    )
    assert answer.status_code == 422
    assert {e["field"] for e in answer.json()["errors"]} == {"code", "label", "color", "category", "weight", "roles"}
    assert (
        org.admin.post(
            "/api/presence-states",
            json={"domain": "nowhere", "code": "x", "label": "X", "color": "#000000", "category": "other"},
        ).status_code
        == 422
    )
    assert org.manager.post("/api/presence-states", json={}).status_code == 403
    assert org.frontline.post("/api/domains", json={}).status_code == 403


def test_a_change_to_a_state_holds_from_the_very_next_mark(org, classroom):
    """A writer keeps the states it checks marks against; each change to them is seen at once."""

    def mark(participant, state):
        body = {"session_id": classroom.session["id"], "participant_id": classroom.ids[participant], "state": state}
        return org.frontline.post("/api/presence", json=body)

    assert mark(0, "present").status_code == 201  # the states are read, and kept
    remote = ok(
        org.admin.post(
            "/api/presence-states",
            json={
                "domain": "education",
                "code": "remote",
                "label": "Remote",
                "color": "#0b7285",
                "category": "present",
            },
        )
    )
    assert mark(1, "remote").status_code == 201
    ok(org.admin.patch(f"/api/presence-states/{remote['id']}", json={"roles": ["admin"]}))
    refused = mark(2, "remote")
    assert refused.status_code == 422 and refused.json()["errors"][0]["code"] == "state_not_for_role"
    ok(org.admin.patch(f"/api/presence-states/{remote['id']}", json={"roles": None}))
    assert mark(2, "remote").status_code == 201
    assert org.admin.delete(f"/api/presence-states/{remote['id']}").status_code == 204
    refused = mark(0, "remote")
    assert refused.status_code == 422 and refused.json()["errors"][0]["code"] == "state_retired"
