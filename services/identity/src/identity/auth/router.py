import contextlib

from fastapi import APIRouter, Body, Request, Response, status

from identity.auth import service
from identity.auth.schemas import Login, RefreshRequest, SignedInWithRecoveryCodes, TokenOut, TwoFactorEnrol
from identity.auth.service import Tokens
from identity.config import Settings
from identity.context import ClientAddress, Ctx
from identity.users.schemas import UserOut
from omni_common.auth.dependencies import AnyUser, bearer_token
from omni_common.errors import Problem, Unauthorized
from omni_common.kit import Db

router = APIRouter(prefix="/api/auth", tags=["auth"])

COOKIE_PATH = "/api/auth"


def _cookie_secure(settings: Settings, request: Request) -> bool:
    mode = settings.refresh_cookie_secure
    if mode != "auto":
        return mode == "always"
    scheme = request.headers.get("x-forwarded-proto", request.url.scheme)
    host = request.headers.get("x-forwarded-host", request.url.hostname or "").split(":")[0]
    # Browsers keep Secure cookies only over HTTPS, except on localhost; `make run` is plain HTTP.
    return not (scheme == "http" and host in ("localhost", "127.0.0.1", "[::1]"))


def _answer(settings: Settings, request: Request, response: Response, tokens: Tokens) -> TokenOut:
    response.set_cookie(
        settings.refresh_cookie_name,
        tokens.refresh_token,
        max_age=settings.refresh_token_ttl_seconds,
        path=COOKIE_PATH,
        secure=_cookie_secure(settings, request),
        httponly=True,
        samesite="strict",
    )
    response.headers["Cache-Control"] = "no-store"
    return TokenOut(
        access_token=tokens.access_token,
        expires_in=tokens.expires_in,
        refresh_token=tokens.refresh_token,
        user=UserOut.model_validate(tokens.user),
    )


def _forget_cookie(settings: Settings, request: Request, response: Response) -> None:
    response.delete_cookie(
        settings.refresh_cookie_name,
        path=COOKIE_PATH,
        secure=_cookie_secure(settings, request),
        httponly=True,
        samesite="strict",
    )


@router.post("/login", response_model=TokenOut, summary="Sign in")
def login(body: Login, request: Request, response: Response, db: Db, ctx: Ctx, address: ClientAddress):
    """Sign in with email and password (and `totp`: a code from the authenticator app or a recovery
    code, when two-factor is on). The refresh token is in the body and in an HttpOnly cookie.
    Wrong credentials get 401, the same whether or not the email has an account; after too many
    failures, 429 with Retry-After."""
    tokens = db.transaction(
        service.login, ctx, body, client_address=address, user_agent=request.headers.get("user-agent")
    )
    return _answer(ctx.settings, request, response, tokens)


@router.post(
    "/two-factor/enrol", response_model=SignedInWithRecoveryCodes, summary="Finish a sign-in by setting up two-factor"
)
def enrol_two_factor(
    body: TwoFactorEnrol, request: Request, response: Response, db: Db, ctx: Ctx, address: ClientAddress
):
    """Finish a sign-in that had to set up two-factor first (an organization that requires it for
    administrators): the enrolment token from the sign-in's answer and a code from the app."""
    tokens, codes = db.transaction(
        service.enrol_at_sign_in, ctx, body, client_address=address, user_agent=request.headers.get("user-agent")
    )
    signed_in = _answer(ctx.settings, request, response, tokens)
    return SignedInWithRecoveryCodes(**signed_in.model_dump(), recovery_codes=codes)


@router.post("/refresh", response_model=TokenOut, summary="A new access token from a refresh token")
def refresh(request: Request, response: Response, db: Db, ctx: Ctx, body: RefreshRequest | None = Body(None)):
    """A new access token (and refresh token: each is good once) from the cookie or the body."""
    raw = (body.refresh_token if body else None) or request.cookies.get(ctx.settings.refresh_cookie_name)
    if not raw:
        raise Unauthorized("No refresh token was sent.", slug="session-ended")
    try:
        tokens = db.transaction(service.refresh, ctx, raw)
    except Unauthorized as problem:
        # The session is over: let the browser drop the cookie with the answer.
        _forget_cookie(ctx.settings, request, response)
        problem.headers["set-cookie"] = response.headers["set-cookie"]
        raise
    return _answer(ctx.settings, request, response, tokens)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, summary="Sign out")
def logout(request: Request, db: Db, ctx: Ctx, body: RefreshRequest | None = Body(None)):
    """End this login session everywhere (the one of the access token, else of the refresh token)."""
    sid = None
    token = bearer_token(request)
    if token:
        # An expired or forged token names no session worth trusting; the cookie may.
        with contextlib.suppress(Problem):
            sid = ctx.verifier.verify(token)["sid"]
    raw = (body.refresh_token if body else None) or request.cookies.get(ctx.settings.refresh_cookie_name)
    db.transaction(service.logout, ctx, sid=sid, raw_token=raw)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    _forget_cookie(ctx.settings, request, response)
    return response


@router.get("/me", response_model=UserOut, summary="The signed-in user")
def me(db: Db, principal: AnyUser):
    """The signed-in user."""
    return db.read(lambda s: UserOut.model_validate(service.me(s, principal)))
