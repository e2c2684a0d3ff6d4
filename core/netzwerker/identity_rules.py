"""The built-in identity matchers (registered by ``default_plugins.matchers``)."""

from __future__ import annotations

from .matching import Candidate, Evidence, Matcher
from .normalize import domain_label, org_matches_domain, org_related_to_domain

#: Names at least this similar (rapidfuzz token-set ratio, 0..100) are suggested.
SIMILAR_NAME = 90.0


class ProfileMatcher(Matcher):
    name = "profiles"
    description = "two different LinkedIn (or XING) profiles are two accounts: a hard conflict"

    def compare(self, a: Candidate, b: Candidate) -> Evidence | None:
        for label, x, y in (("LinkedIn", a.linkedin, b.linkedin), ("XING", a.xing, b.xing)):
            if x and y:
                if x & y:
                    return Evidence("strong", f"the same {label} profile")
                return Evidence("conflict", f"different {label} profiles")
        return None


def same_company(x: str, y: str) -> bool:
    """Two mail domains of one employer (``firma.de`` and ``firma.com``, ``firma-group.com``)."""
    a, b = domain_label(x).replace("-", ""), domain_label(y).replace("-", "")
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


class WorkEmailMatcher(Matcher):
    name = "work-email"
    description = "work addresses at one employer corroborate; at different employers they conflict"

    def compare(self, a: Candidate, b: Candidate) -> Evidence | None:
        x, y = a.work_domains, b.work_domains
        if not x or not y:
            return None
        if any(same_company(d, e) for d in x for e in y):
            return Evidence("corroborating", "work addresses at the same employer")
        return Evidence("conflict", "work addresses at different employers", 0.8)


class OrganizationMatcher(Matcher):
    name = "organization"
    description = "the same organisation, or one matching the other's mail domain, corroborates"

    def compare(self, a: Candidate, b: Candidate) -> Evidence | None:
        if a.organizations & b.organizations:
            return Evidence("corroborating", "the same organisation")
        for orgs, domains in ((a.organizations, b.work_domains), (b.organizations, a.work_domains)):
            if any(org_matches_domain(o, d) for o in orgs for d in domains):
                return Evidence("corroborating", "organisation matches the mail domain")
        # people change jobs: a mismatch stops the automatic merge, not the suggestion; an organisation
        # and a mail domain conflict only when nothing ties them (domains abbreviate: sw-ammersee.de)
        if a.organizations and b.organizations:
            return Evidence("conflict", "different organisations", 0.5)
        for orgs, domains in ((a.organizations, b.work_domains), (b.organizations, a.work_domains)):
            if orgs and domains and not any(org_related_to_domain(o, d) for o in orgs for d in domains):
                return Evidence("conflict", "organisation unrelated to the mail domain", 0.5)
        return None


class ConversationMatcher(Matcher):
    name = "shared-conversation"
    description = "taking part in the same conversation corroborates"

    def compare(self, a: Candidate, b: Candidate) -> Evidence | None:
        if a.threads & b.threads:
            return Evidence("corroborating", "in the same conversation")
        return None


class NameMatcher(Matcher):
    name = "similar-name"
    description = "the same or a similar name: a suggestion, never a merge on its own"

    def compare(self, a: Candidate, b: Candidate) -> Evidence | None:
        if a.name_keys & b.name_keys:
            return Evidence("weak", "the same name", 0.9)
        if not a.name_keys or not b.name_keys:
            return None
        from rapidfuzz import fuzz

        best = max(fuzz.token_set_ratio(x, y) for x in a.name_keys for y in b.name_keys)
        if best >= SIMILAR_NAME:
            return Evidence("weak", "similar names", best / 100 * 0.8)
        return None


BUILTIN_MATCHERS: tuple[Matcher, ...] = (
    ProfileMatcher(),
    WorkEmailMatcher(),
    OrganizationMatcher(),
    ConversationMatcher(),
    NameMatcher(),
)
