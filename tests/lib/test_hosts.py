"""Host names a practice may give its public site."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from easeplan.lib import hosts

labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)


@given(st.lists(labels, min_size=1, max_size=4), st.sampled_from(["org", "com", "co", "fr"]))
def test_dotted_labels_ending_in_a_name_are_host_names(parts: list[str], tld: str) -> None:
    assert hosts.host_problem(".".join([*parts, tld])) is None


@given(st.text(max_size=80))
def test_any_text_gets_an_answer_never_an_error(text: str) -> None:
    problem = hosts.host_problem(hosts.normalise(text))
    assert problem is None or problem.endswith(".")


def test_normalise_trims_lowers_and_drops_the_final_dot() -> None:
    assert hosts.normalise("  WWW.Example.ORG. ") == "www.example.org"


def test_under_means_the_domain_or_a_subdomain() -> None:
    assert hosts.is_under("clinics.example.org", "clinics.example.org")
    assert hosts.is_under("a.clinics.example.org", "clinics.example.org")
    assert not hosts.is_under("evilclinics.example.org", "clinics.example.org")
    assert not hosts.is_under("a.example.org", "")
