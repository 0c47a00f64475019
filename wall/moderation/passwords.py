"""Password rules after OWASP ASVS: at least 8 characters, no cap below 64, common ones refused."""

COMMON = {
    "password", "password1", "password123", "12345678", "123456789", "1234567890", "qwertyuiop",
    "iloveyou", "sunshine", "princess", "football", "baseball", "welcome1", "admin123",
    "letmein1", "trustno1", "abc12345", "qwerty123", "11111111", "00000000", "passw0rd",
    "changeme", "superman", "starwars", "whatever", "computer", "michelle", "jennifer",
}  # fmt: skip

MIN_LENGTH = 8
MAX_LENGTH = 128


def password_problem(password: str, username: str = "") -> str | None:
    """Why `password` is not acceptable, in plain words, or None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if password.lower() in COMMON or (username and password.lower() == username.lower()):
        return "That password is too easy to guess. Try a short sentence instead."
    return None
