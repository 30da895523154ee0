"""The page's login check, which stops password guessing: after a few wrong passwords it refuses every login a while.

Gradio calls the check with the user name and password only, not who is asking, so the
count is kept for the page as a whole: a run of wrong passwords from anywhere closes the
login for `lockout` seconds, the right password included. That costs the real user a
short wait during an attack, and an attacker all but a handful of guesses a minute.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections import deque
from collections.abc import Callable

FAILURES = 5  # wrong passwords within WINDOW seconds that close the login
WINDOW = 60.0
LOCKOUT = 30.0


class LoginThrottle:
    """A callable login check for Gradio: the configured user and password, with guessing throttled."""

    def __init__(
        self,
        user: str,
        password: str,
        *,
        failures: int = FAILURES,
        window: float = WINDOW,
        lockout: float = LOCKOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._user = user.encode()
        self._password = password.encode()
        self._limit = failures
        self._window = window
        self._lockout = lockout
        self._failures: deque[float] = deque()
        self._closed_until = 0.0
        self._lock = threading.Lock()
        self._clock = clock  # seconds, steady; a test passes its own to step through a lockout

    def __call__(self, user: str, password: str) -> bool:
        """Return whether the login is accepted now."""
        with self._lock:
            now = self._clock()
            if now < self._closed_until:
                return False
            # Both compared in constant time, so timing tells nothing of how much of either was right.
            right_user = hmac.compare_digest(user.encode(), self._user)
            if hmac.compare_digest(password.encode(), self._password) and right_user:
                self._failures.clear()
                return True
            self._failures.append(now)
            while self._failures and self._failures[0] < now - self._window:
                self._failures.popleft()
            if len(self._failures) >= self._limit:
                self._closed_until = now + self._lockout
                self._failures.clear()
            return False
