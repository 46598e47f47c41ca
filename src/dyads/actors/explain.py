"""Explain how a phrase resolves to an actor, step by step (backs `dyads actor`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.language import Language

from dyads.actors.kb import ActorKB
from dyads.actors.resolve import DocActors
from dyads.model import Actor

__all__ = ["Explanation", "explain_actor"]


@dataclass(frozen=True, slots=True)
class Explanation:
    """The dictionary matches behind a phrase's actor, and the actor."""

    phrase: str
    head: str
    steps: tuple[str, ...]
    actor: Actor | None


def explain_actor(phrase: str, nlp: Language, kb: ActorKB, *, day: dt.date | None = None) -> Explanation:
    """Return how `phrase` resolves on `day`: each dictionary row it matches, then the composed code."""
    doc = nlp(phrase)
    actors = DocActors(doc, kb, day=day)
    head = next((token for token in doc if token.dep_ == "ROOT"), doc[0]) if len(doc) else None
    steps: list[str] = []
    for match in dict.fromkeys(actors.match_at.values()):
        words = doc[match.start : match.end].text
        chosen = match.best(day)
        for entry in match.entries:
            when = ""
            if entry.start or entry.end:
                when = f" [{entry.start or '…'} – {entry.end or 'now'}]"
            mark = "→" if entry is chosen else " "
            steps.append(f"{mark} {words!r}: {entry.kind} {entry.code}{when} ({entry.origin})")
        if chosen is None:
            steps.append(f"  {words!r}: no entry holds on {day}")
        elif chosen not in match.entries:
            steps.append(f"→ {words!r}: out of office on {day}, a former officeholder: {chosen.code}")
    if not steps:
        steps.append("no dictionary phrase matches")
    actor = actors.actor_for(head) if head is not None else None
    if head is not None and actor is not None:
        steps.append(
            f"head {head.text!r} → {actor.code} (from {actor.origin}; country {actor.country or '-'}, "
            f"roles {', '.join(actor.roles) or '-'})"
        )
    return Explanation(phrase, head.text if head is not None else "", tuple(steps), actor)
