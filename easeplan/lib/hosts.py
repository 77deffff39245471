"""Host names: what a practice may give as the address of its own public site."""

from __future__ import annotations

import re

MAX_HOST_LENGTH = 253
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def normalise(text: str) -> str:
    """A typed host name as it is kept: trimmed, lowercase, without the final dot."""
    return text.strip().lower().rstrip(".")


def host_problem(host: str) -> str | None:
    """What is wrong with `host` (normalised) as a public site's host name, or None."""
    if "://" in host or "/" in host:
        return "Give the host name only, without https:// or a path: like www.example.org."
    if ":" in host:
        return "Give the host name without a port: like www.example.org."
    if "@" in host or " " in host:
        return "A host name has no spaces or @: like www.example.org."
    if len(host) > MAX_HOST_LENGTH:
        return f"A host name has at most {MAX_HOST_LENGTH} characters; this has {len(host)}."
    labels = host.split(".")
    if len(labels) < 2:
        return "Give the full host name with its domain: like www.example.org."
    for label in labels:
        if not _LABEL.match(label):
            return (
                f"“{label[:63]}” can't be part of a host name: each part between dots has "
                "1 to 63 letters (a–z), digits or hyphens, not starting or ending with a hyphen."
            )
    if labels[-1].isdigit():
        return "Give a host name, not an IP address: like www.example.org."
    return None


def is_under(host: str, domain: str) -> bool:
    """Whether `host` is `domain` or one of its subdomains."""
    return bool(domain) and (host == domain or host.endswith("." + domain))
