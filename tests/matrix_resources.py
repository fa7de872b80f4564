"""What a {placeholder} of a route names, made in an organization for the role-by-tenant matrix.

Each factory gets the organization (with a signed-in member per role) and returns the id of a
resource of that kind that every role allowed on the route can see. A route whose path names a new
kind of resource adds its factory here, in the same change as the route."""

from collections.abc import Callable

from omni_common.testing.plugin import Org

RESOURCES: dict[str, Callable[[Org], str]] = {
    # A colleague's account: what an administrator or manager looks at and changes.
    "user": lambda org: org.frontline.id,
}
