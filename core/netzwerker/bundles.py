"""Community bundles: a named plugin set with its own rules."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .rules import Rules


class Bundle(BaseModel):
    """What a community (a referral group, a consultants' network) ships.

    ``plugins`` names the distributions the community expects installed;
    ``rules`` replaces the default scoring rules when the bundle is chosen
    with ``--bundle NAME``.
    """

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = ""
    plugins: tuple[str, ...] = ()
    rules: Rules = Field(default_factory=Rules)
