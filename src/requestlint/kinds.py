"""Recognising what kind of email a draft is, so that only the rules that fit it run.

A thank-you note or a reply that settles a time must not be flagged for lacking an ask: a false alarm costs
more trust than a miss. So a draft is a *request* only on positive evidence that it asks a stranger for a
conversation or advice; anything without that evidence is *other*.
"""

from __future__ import annotations

import re

from requestlint.models import DraftKind

_THANKS = re.compile(
    r"\b(thank(s| you)( so much| very much| again)?( for| so much for)? (taking|making|speaking|talking|"
    r"meeting|chatting|the (time|call|conversation|chat|meeting|advice|insight|opportunity)|your (time|advice|"
    r"insight|candou?r|generosity|help|willingness|perspective|thoughtful|guidance))|"
    r"(grateful|appreciated?|enjoyed|valued) (for )?(our|the|your|you taking|speaking|talking|meeting|getting)"
    r" ?(time|conversation|call|chat|meeting|talk|coffee|with you|to speak|to talk|to meet)?)",
    re.IGNORECASE,
)
_PAST_MEETING = re.compile(
    r"\b(yesterday|today|this (morning|afternoon)|last (week|monday|tuesday|wednesday|thursday|friday)|"
    r"earlier (today|this week)|our (conversation|call|chat|meeting|talk)|you (shared|mentioned|suggested|"
    r"told me|said|recommended)|spoke|speaking with me|talked|met)\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"\b(follow(ing)?[- ]up on (my|the|an?) (earlier |previous |last |prior )?(e-?mail|message|note|request|"
    r"inquiry)|wanted to follow[- ]up|just following up|circling back|circle back|bumping (this|my)|"
    r"(sent|wrote) (you )?(an? |my )?(e-?mail|message|note)|reached out (to you )?(last|a few|a couple|on|"
    r"earlier|about)|my (earlier|previous|last) (e-?mail|message|note)|(in case|i know) (it|my (e-?mail|"
    r"message|note)) (got lost|slipped|was buried)|checking in (again|on my))",
    re.IGNORECASE,
)
_ASK_CONVERSATION = re.compile(
    r"\b(informational (interview|conversation|meeting|chat)|pick your brain|(would|could|might|will) you "
    r"(be )?(willing|open|available|able|interested|have( any)? time)|(would|could) (we|i) (schedule|set up|"
    r"arrange|find|have|talk|speak|chat|meet|connect|ask)|(a |an |any )?(few|couple|\d+|ten|fifteen|twenty|"
    r"thirty)[- ]?(minutes?|min)\b|(coffee|phone|zoom|video|brief|short|quick) (chat|call|conversation|"
    r"meeting)|(your|some) (advice|insight|insights|perspective|guidance)|learn (more )?(about|from)|"
    r"hear (about|how|more)|ask you (a few|some|about)|speak with you|talk with you|chat with you|connect "
    r"with you|meet with you|get on a call|hop on a call|grab (a )?coffee|any (advice|tips|guidance|help))",
    re.IGNORECASE,
)
_SELF_INTRO = re.compile(
    r"\b(my name is|i am an? |i'm an? |i am currently|i'm currently|i recently|i have (spent|worked)|"
    r"i've (spent|worked)|i work as|i study|i'm studying|i am studying|i graduated|i'm a (junior|senior|"
    r"sophomore|freshman|student)|student at|i am reaching out|i'm reaching out|i came across|i found your|"
    r"i was referred|suggested (i|that i) (reach|contact|write)|gave me your)",
    re.IGNORECASE,
)
_SCHEDULING_REPLY = re.compile(
    r"\b((works|suits|sounds) (great|perfect|good|well|fine) (for me)?|see you (then|on|at|next)|confirm(ing)? "
    r"(our|the|that)|i'll call you at|talk to you (then|on)|thanks for (getting back|replying|your reply|"
    r"responding))",
    re.IGNORECASE,
)
_REPLY_SUBJECT = re.compile(r"^\s*(re|aw|sv)\s*:", re.IGNORECASE)


def detect_kind(subject: str | None, own_text: str, has_quote: bool) -> DraftKind:
    """Classify a draft from its subject and the writer's own text (greeting to signature)."""
    subject = subject or ""
    head = own_text[:700]
    thanks_in_subject = bool(re.search(r"\bthank", subject, re.IGNORECASE))
    thanked = _THANKS.search(head)
    if (thanks_in_subject or thanked) and _PAST_MEETING.search(own_text) and not _FOLLOW_UP.search(head):
        return DraftKind.THANK_YOU
    asks = bool(_ASK_CONVERSATION.search(own_text))
    follows = _FOLLOW_UP.search(own_text) or re.search(r"\bfollow(ing)?[- ]?up\b", subject, re.IGNORECASE)
    if follows and asks:
        return DraftKind.FOLLOW_UP
    replying = has_quote or _REPLY_SUBJECT.match(subject)
    if replying and _SCHEDULING_REPLY.search(own_text):
        return DraftKind.OTHER
    if asks and (_SELF_INTRO.search(own_text) or not replying):
        return DraftKind.REQUEST
    return DraftKind.OTHER
