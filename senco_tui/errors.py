"""The one exception the CLI turns into a one-line message (exit 1)."""


class UserError(Exception):
    """Bad input or state the user can fix; the message says what and where."""
