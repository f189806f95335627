"""Recognising what kind of email a draft is, so that only the rules that fit it run.

A thank-you note or a reply that settles a time must not be flagged for lacking an ask: a false alarm costs
more trust than a miss. So a draft is a *request* only on positive evidence that it asks the reader for
something *and* that what it asks for is the reader's time, advice or experience; anything else is *other*.
"""

from __future__ import annotations

import re

from requestlint.models import DraftKind


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(alternatives) + r")", re.IGNORECASE)


# The reader is asked for something: a modal question, a wish, a hope.
_ASKING = _words(
    r"(would|could|can|might|will) (you|we|i)",
    r"would (it|that|\w+day|\d)",
    r"i'?d (really |truly |still |so )?(love|like|appreciate|value|welcome|be)",
    r"(i )?would (really |truly |still |so |greatly |very much )?(love|like|appreciate|value|welcome|be grateful)",
    r"(i was|i am|i'm|still) (hoping|wondering)",
    r"hoping (to|for|you)",
    r"grateful (for|if)",
    r"appreciate (it|any|your|the|a|some)",
    r"open to",
    r"(any|is there a) chance",
    r"willing to",
    r"may i",
    r"let'?s (connect|chat|meet|talk|grab)",
    r"pick (your|ur) brain",
    r"(still )?(super |really |very )?(keen|eager|excited) to",
    r"love to (connect|chat|talk|meet|hear|learn)",
    r"(any|some) (guidance|advice|tips|help|insights?|pointers|thoughts)",
    r"would mean a (lot|great deal)",
    r"point me",
    r"i could (talk|call|meet|chat|speak|do|come|stop)",
    r"if you('re| are| would be| were)? (open|willing|available|free|up for)",
    r"[a-z]+\?",
)
# What is asked for is the reader's time, advice or experience (the genre's mark).
_LEARNING = _words(
    r"informational",
    r"advice",
    r"insights?",
    r"perspectives?",
    r"guidance",
    r"mentor(ship|ing)?",
    r"learn(ing)?",
    r"hear (how|about|more|your|what)",
    r"pick (your|ur) brain",
    r"(your|ur) (career|path|experience|journey|transition|story|background|field|role|work|talk|article|post|"
    r"profile|research|panel|presentation|team|day)",
    r"how you (got|moved|went|made|became|started|transitioned|broke|chose|decided|built|approach|handle|run|"
    r"prepared|navigated|found)",
    r"connect",
    r"coffee",
    r"chat",
    r"(phone|zoom|video|quick|short|brief) call",
    r"\d+[- ]?min(ute)?s?",
    r"(few|couple of) minutes",
    r"half[- ]an[- ]hour",
    r"half[- ]hour",
    r"conversation",
    r"(talk|speak|meet) with (you|me)",
    r"questions? (about|on|for you)",
    r"what it'?s (like|really like)",
    r"(hiring|openings?|internships?|a position|referral)",
    r"tips",
    r"break(ing)? in",
    r"right direction",
)
_THANKS = _words(
    r"(thank(s| you)|thx|thnx)( so much| very much| again)?( for| so much for)? (taking|making|speaking|talking|"
    r"hopping|jumping|getting|meeting|"
    r"chatting|the (time|call|conversation|chat|meeting|advice|insight|opportunity|coffee|tour|introduction)|"
    r"your (time|advice|insights?|candou?r|generosity|help|willingness|perspective|thoughtful|guidance|"
    r"patience|honesty))",
    r"(grateful|appreciated?|enjoyed|valued|loved) (for )?(our|the|you taking|speaking|talking|meeting|"
    r"getting|hearing) ?(time|conversation|call|chat|meeting|talk|coffee|with you|to speak|to talk|to meet)?",
    r"(great|wonderful|helpful|lovely|fun|so good) (to talk|talking|speaking|chatting|meeting) (with )?you",
)
_ANY_THANKS = _words(r"thank(s| you)", r"thx", r"thnx")
_PAST_MEETING = _words(
    r"yesterday",
    r"today",
    r"this (morning|afternoon)",
    r"last (week|night|monday|tuesday|wednesday|thursday|friday)",
    r"earlier (today|this week)",
    r"on (monday|tuesday|wednesday|thursday|friday)",
    r"our (conversation|call|chat|meeting|talk|coffee|zoom)",
    r"you (shared|mentioned|suggested|told me|said|recommended|explained|described|pointed out|gave me|took)",
    r"(spoke|talked|met|chatted)",
    r"(speaking|talking|meeting|chatting) with me",
)
_FOLLOW_UP = _words(
    r"follow(ing)?[- ]up on",
    r"wanted to follow[- ]up",
    r"just following up",
    r"circling back",
    r"circle back",
    r"bump(ing)? (this|my)",
    r"just bumping",
    r"checking in (again|on my|about my)",
    r"just checking in",
    r"(sent|wrote) (you )?(an? |my )?(e-?mail|message|note)",
    r"reached out (to you )?(last|a few|a couple|on|earlier|about|in)",
    r"my (earlier|previous|last|first) (e-?mail|message|note)",
    r"my (e-?mail|message|note) (below|from|of|on|last|two|a few|a couple|earlier|in case)",
    r"the (e-?mail|message|note) (below|i sent)",
    r"(in case|i know) (it|my (e-?mail|message|note)) (got|was|slipped|fell|went|ended|may have|might have)",
    r"writing (back|again) about",
    r"top of (your|ur) inbox",
)
_SCHEDULING_REPLY = _words(
    r"(works|suits|sounds) (great|perfect|good|well|fine)",
    r"see you (then|on|at|next)",
    r"confirm(ing)? (our|the|that)",
    r"i'?ll call you at",
    r"talk to you (then|on)",
    r"thanks for (getting back|replying|your reply|responding|the quick reply)",
    r"(happy|glad) to (meet|talk) (then|at that time)",
    r"for confirming",
    r"i will meet you",
)
_REPLY_SUBJECT = re.compile(r"^\s*(re|aw|sv)\s*:", re.IGNORECASE)


def detect_kind(subject: str | None, own_text: str, has_quote: bool) -> DraftKind:
    """Classify a draft from its subject and the writer's own text (greeting to signature)."""
    subject = (subject or "").replace("\u2019", "'")
    text = own_text.replace("\u2019", "'")
    head = text[:500]
    follows = bool(_FOLLOW_UP.search(text)) or bool(re.search(r"\bfollow(ing)?[- ]?up\b", subject, re.IGNORECASE))
    replying = has_quote or bool(_REPLY_SUBJECT.match(subject))
    if replying and not follows and _SCHEDULING_REPLY.search(text):
        return DraftKind.OTHER
    request_like = bool(_ASKING.search(text)) and bool(_LEARNING.search(text + " " + subject))
    past = _PAST_MEETING.search(text)
    thanks_subject = re.search(r"\b(thank|thx)", subject, re.IGNORECASE)
    if past and not follows:
        # Specific thanks for a conversation, or plain thanks that opens a note asking for nothing.
        if _THANKS.search(head) or ((thanks_subject or _ANY_THANKS.search(head[:200])) and not request_like):
            return DraftKind.THANK_YOU
    if follows:
        return DraftKind.FOLLOW_UP
    return DraftKind.REQUEST if request_like else DraftKind.OTHER
