"""Password hashing (argon2id) and the password rules."""

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


def _hasher() -> PasswordHasher:
    params = current_app.config["ARGON2_PARAMS"]
    return _hasher_for(params["time_cost"], params["memory_cost"], params["parallelism"])


@cache
def _hasher_for(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hash_password(password: str) -> str:
    """Return an argon2id hash of the password."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Say whether the password matches the hash, never raising on a bad hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Say whether the hash was made with other parameters than today's."""
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


# A hash to verify against when the account is unknown, so that both paths cost the same.
def dummy_verify(password: str) -> None:
    """Spend the time of one verification, for unknown accounts."""
    verify_password(_dummy_hash(), password)


def _dummy_hash() -> str:
    params = current_app.config["ARGON2_PARAMS"]
    return _dummy_hash_for(params["time_cost"], params["memory_cost"], params["parallelism"])


@cache
def _dummy_hash_for(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return _hasher_for(time_cost, memory_cost, parallelism).hash("not a real password")


@cache
def common_passwords() -> frozenset[str]:
    """Return the bundled list of common passwords, lowercased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def is_common(password: str) -> bool:
    """Say whether the password is on the common-passwords list."""
    return password.strip().lower() in common_passwords()
