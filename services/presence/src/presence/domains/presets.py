"""The domains every organization can enable, with their terminology and default states (SPEC §2)."""

from typing import Any

# (code, label, category, weight, color): weight None leaves a state out of the attendance rate.
PRESETS: dict[str, dict[str, Any]] = {
    "education": {
        "name": "Education",
        "terminology": {
            "participant": "Student",
            "participants": "Students",
            "group": "Class",
            "groups": "Classes",
            "session": "Lesson",
            "sessions": "Lessons",
            "check_in": "Sign in",
            "check_out": "Sign out",
        },
        "states": [
            ("present", "Present", "present", 1.0, "#1b7f3b"),
            ("late", "Late", "late", 0.8, "#b25e09"),
            ("absent", "Absent", "absent", 0.0, "#b3261e"),
            ("excused", "Excused", "excused", None, "#4a5bb5"),
        ],
    },
    "hospitality": {
        "name": "Hospitality and events",
        "terminology": {
            "participant": "Guest",
            "participants": "Guests",
            "group": "Event",
            "groups": "Events",
            "session": "Sitting",
            "sessions": "Sittings",
            "check_in": "Check in",
            "check_out": "Check out",
        },
        "states": [
            ("checked_in", "Checked in", "present", 1.0, "#1b7f3b"),
            ("no_show", "No-show", "absent", 0.0, "#b3261e"),
            ("cancelled", "Cancelled", "excused", None, "#4a5bb5"),
        ],
    },
    "workplace": {
        "name": "Workplace",
        "terminology": {
            "participant": "Employee",
            "participants": "Employees",
            "group": "Team",
            "groups": "Teams",
            "session": "Shift",
            "sessions": "Shifts",
            "check_in": "Clock in",
            "check_out": "Clock out",
        },
        "states": [
            ("on_site", "On site", "present", 1.0, "#1b7f3b"),
            ("remote", "Remote", "present", 1.0, "#0b7285"),
            ("late", "Late", "late", 0.8, "#b25e09"),
            ("sick", "Sick", "excused", None, "#6f42c1"),
            ("leave", "Leave", "excused", None, "#4a5bb5"),
            ("absent", "Absent", "absent", 0.0, "#b3261e"),
        ],
    },
    "healthcare": {
        "name": "Healthcare",
        "terminology": {
            "participant": "Resident",
            "participants": "Residents",
            "group": "Ward",
            "groups": "Wards",
            "session": "Round",
            "sessions": "Rounds",
            "check_in": "Sign in",
            "check_out": "Sign out",
        },
        "states": [
            ("present", "Present", "present", 1.0, "#1b7f3b"),
            ("out", "Out", "excused", None, "#4a5bb5"),
            ("refused", "Refused", "other", None, "#8a5a00"),
            ("hospital", "In hospital", "excused", None, "#6f42c1"),
            ("absent", "Absent", "absent", 0.0, "#b3261e"),
        ],
    },
    "community": {
        "name": "Community",
        "terminology": {
            "participant": "Member",
            "participants": "Members",
            "group": "Club",
            "groups": "Clubs",
            "session": "Meeting",
            "sessions": "Meetings",
            "check_in": "Sign in",
            "check_out": "Sign out",
        },
        "states": [
            ("present", "Present", "present", 1.0, "#1b7f3b"),
            ("apologies", "Apologies", "excused", None, "#4a5bb5"),
            ("absent", "Absent", "absent", 0.0, "#b3261e"),
        ],
    },
}

CATEGORIES = ("present", "late", "absent", "excused", "other")
