"""The base of every error a user can cause (a bad file, an unknown code, a date with no release).

Interfaces turn a UserError into one clear line, a 4xx JSON error or an error page, never a traceback.
Pure Python, so the readers can use it without Django.
"""


class UserError(Exception):
    """Something the user gave us is wrong or missing; the message says what and where."""
