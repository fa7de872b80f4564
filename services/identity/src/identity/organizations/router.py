from fastapi import APIRouter, Depends, Request, status

from identity.auth.service import AuthContext
from identity.dependencies import get_ctx
from identity.organizations import service
from identity.organizations.schemas import OrganizationOut, OrganizationPatch, SignUp, SignUpOut
from identity.users.schemas import UserOut
from omni_common.auth.dependencies import admins, any_user
from omni_common.auth.principal import Principal
from omni_common.db.database import Database
from omni_common.errors import Forbidden
from omni_common.kit import get_database

router = APIRouter(prefix="/api/organizations", tags=["organizations"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=SignUpOut)
def sign_up(body: SignUp, request: Request, db: Database = Depends(get_database), ctx: AuthContext = Depends(get_ctx)):
    """Create an organization and its first administrator (sign-up; can be switched off)."""
    if not request.app.state.settings.signup_enabled:
        raise Forbidden("Sign-up is switched off on this installation.")

    def create(session):
        org, user = service.create_organization(session, ctx, body)
        return SignUpOut(organization=OrganizationOut.model_validate(org), user=UserOut.model_validate(user))

    return db.transaction(create)


@router.get("/current", response_model=OrganizationOut)
def get_current(principal: Principal = Depends(any_user), db: Database = Depends(get_database)):
    """The caller's organization and its settings."""
    return db.read(lambda s: OrganizationOut.model_validate(service.current_organization(s, principal)))


@router.patch("/current", response_model=OrganizationOut)
def patch_current(
    body: OrganizationPatch,
    principal: Principal = Depends(admins),
    db: Database = Depends(get_database),
    ctx: AuthContext = Depends(get_ctx),
):
    """Change the organization's settings (administrators)."""
    return db.transaction(
        lambda s: OrganizationOut.model_validate(service.update_organization(s, ctx, principal, body))
    )
