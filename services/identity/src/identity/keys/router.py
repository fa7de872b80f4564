from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["keys"])


@router.get("/.well-known/jwks.json")
def jwks(request: Request) -> JSONResponse:
    """The public keys access tokens are signed with (JWKS); every service verifies with them."""
    return JSONResponse(request.app.state.keyring.jwks(), headers={"Cache-Control": "public, max-age=60"})
