"""What guards the whole server rather than one session: security headers, turns for very large cases.

Why apart: both hold process-wide state (a patched HTTP layer, a few shared slots) and are set
up once per server, not per page.
"""

from . import heavy, security_headers

__all__ = ["heavy", "security_headers"]
