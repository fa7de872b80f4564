from fastapi import APIRouter
from fastapi.responses import JSONResponse

from identity.context import Ctx

router = APIRouter(tags=["keys"])


@router.get("/.well-known/jwks.json", summary="The keys access tokens are signed with")
def jwks(ctx: Ctx) -> JSONResponse:
    """The public keys access tokens are signed with (JWKS); every service verifies with them."""
    return JSONResponse(ctx.keyring.jwks(), headers={"Cache-Control": "public, max-age=60"})
