"""Password rules after OWASP ASVS 2.1: at least 8 characters, up to 128 (spaces welcome), no
composition rules, and common or easily guessed passwords refused.

ASVS asks for a check against breached passwords; without network access we keep the most common
ones from public breach lists (length 8 and up, the only ones our length rule lets through), plus
words about this site, and refuse a password made of one or two repeated characters.
"""

COMMON = {
    "password", "password1", "password12", "password123", "password!", "passw0rd", "p@ssw0rd", "p@ssword",
    "pa$$word", "12345678", "123456789", "1234567890", "0987654321", "987654321", "87654321", "11111111",
    "00000000", "88888888", "12341234", "123123123", "11223344", "12121212", "123456789a", "a1b2c3d4",
    "abcd1234", "abc12345", "aa123456", "qwerty12", "qwerty123", "qwertyui", "qwertyuiop", "asdfghjk",
    "asdfghjkl", "zxcvbnm1", "zxcvbnm123", "1q2w3e4r", "1q2w3e4r5t", "q1w2e3r4", "q1w2e3r4t5", "1qaz2wsx",
    "1qaz2wsx3edc", "zaq12wsx", "qweasdzxc", "123qweasd", "qazwsxedc", "iloveyou", "iloveyou1",
    "iloveyou2", "iloveu123", "loveyou1", "sunshine", "sunshine1", "princess", "princess1", "football",
    "football1", "baseball", "baseball1", "basketball", "superman", "superman1", "batman123", "starwars",
    "whatever", "whatever1", "trustno1", "letmein1", "letmein123", "welcome1", "welcome123", "hello123",
    "hellohello", "freedom1", "charlie1", "michael1", "jennifer", "michelle", "jessica1", "computer",
    "internet", "corvette", "mercedes", "samsung1", "liverpool", "chelsea1", "arsenal1", "blink182",
    "monkey123", "dragon123", "master123", "shadow123", "killer123", "admin123", "adminadmin",
    "administrator", "changeme", "changeme1", "default1", "secret123", "mypassword", "goodluck",
    "babygirl1", "lovely123", "flower123", "butterfly", "chocolate", "elizabeth", "victoria", "nicholas",
    "alexander", "christopher", "midnight", "mustang1", "harley123", "ginger123", "pepper123",
    "sweetheart", "summer2024", "summer2025", "summer2026", "winter2025", "winter2026", "spring2026",
    "autumn2026", "november2026", "smallsteps", "small steps", "smallsteps1", "moderator", "moderator1",
    "moderation", "storywall", "thewall123",
}  # fmt: skip

MIN_LENGTH = 8
MAX_LENGTH = 128


def password_problem(password: str, username: str = "") -> str | None:
    """Why `password` is not acceptable, in plain words, or None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    name = username.lower()
    # A short name ("sam") turns up inside ordinary words, so only a longer one is searched for.
    has_name = bool(name) and (lowered == name or (len(name) >= 4 and name in lowered))
    if lowered in COMMON or len(set(lowered)) <= 2 or has_name:
        return "That password is too easy to guess. Try a short sentence instead."
    return None
