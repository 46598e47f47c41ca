"""Write tokens: a server that accepts writes wants `Authorization: Bearer <token>` on every write route.

`dyads serve --allow-ingest` makes one per run (`new_token`) unless it is given one (`--token-file`,
`DYADS_TOKEN`); `write_guard` is the FastAPI dependency of the write routes, and it compares in constant
time so that a timing difference tells nothing about how much of a guess was right.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from dyads.errors import DyadsError

__all__ = [
    "TOKEN_ENV",
    "checked_token",
    "new_token",
    "read_token_file",
    "token_matches",
    "write_guard",
    "write_token_file",
]

TOKEN_ENV = "DYADS_TOKEN"
_MIN_LENGTH = 16  # a token a person typed ("secret") is guessable; a generated one has 43 characters

# auto_error=False: a missing header is our 401 with the app's error body, not FastAPI's own.
_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="write token",
    description="The token `dyads serve --allow-ingest` printed (or read from --token-file / DYADS_TOKEN).",
)


def new_token() -> str:
    """Return a fresh write token (256 random bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def checked_token(token: str, where: str) -> str:
    """Return the token with surrounding space removed; `DyadsError` when it is too short to be safe."""
    token = token.strip()
    if len(token) < _MIN_LENGTH or any(ch.isspace() for ch in token):
        raise DyadsError(f"{where}: a write token must be at least {_MIN_LENGTH} characters, without spaces")
    return token


def read_token_file(path: str | Path) -> str:
    """Return the token kept in a file (its first line)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise DyadsError(f"{path}: cannot read the token file ({e.strerror or e})") from e
    return checked_token(text.splitlines()[0] if text.strip() else "", str(path))


def write_token_file(path: str | Path, token: str) -> None:
    """Write the token to a new file only its owner can read."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as e:
        raise DyadsError(f"{path}: cannot write the token file ({e.strerror or e})") from e
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")


def token_matches(given: str, token: str) -> bool:
    """Return whether a presented token is the token, in time that does not depend on where they differ."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), token.encode("utf-8"))


def write_guard(token: str | None) -> Callable[..., None]:
    """Return the dependency of a write route: 401 without a bearer token, 403 with a wrong one.

    `token` None is a read-only server: every write is a 403.
    """

    def guard(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        if token is None:
            raise HTTPException(403, "this server is read-only (start it with --allow-ingest)")
        if credentials is None:
            raise HTTPException(
                401,
                "this route needs Authorization: Bearer <token> (the token dyads serve --allow-ingest printed)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not token_matches(credentials.credentials, token):
            raise HTTPException(403, "wrong write token")

    return guard
