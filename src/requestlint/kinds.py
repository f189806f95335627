"""Recognising what kind of email a draft is, so that only the rules that fit it run.

A thank-you note or a reply that settles a time must not be flagged for lacking an ask: a false alarm costs
more trust than a miss. So a draft is a *request* only on positive evidence that it asks the reader for
something *and* that what it asks for is the reader's time, advice or experience; anything else is *other*.
"""

from __future__ import annotations

import re

from requestlint.models import DraftKind


def _words(*alternatives: str) -> re.Pattern[str]:
    """One pattern of whole-word alternatives (an alternative ending in punctuation needs no word end)."""
    ends = [alt if alt.endswith(("?", "\\?")) else alt + r"\b" for alt in alternatives]
    return re.compile(r"\b(" + "|".join(f"(?:{alt})" for alt in ends) + r")", re.IGNORECASE)


# The reader is asked for something: a modal question, a wish, a hope.
_ASKING = _words(
    r"(would|could|can|might|will|may) (you|we|i|u)",
    r"if you (could|would|might|can|have|'d|were)",
    r"hope (you|that you) (could|can|would|might|will|have|'d|are)",
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
    r"would be (so |really |very |dead |super )?(great|cool|handy|helpful|wonderful|amazing|grateful|thankful|"
    r"honou?red)",
    r"(wondered|wondering|asking) (whether|if)",
    r"i (request|am requesting|'m requesting|requested)",
    r"requesting",
    r"would (find|mean|love|appreciate)",
    r"would be (very |most |so )?(thankful|obliged|glad)",
    r"fancy a",
    r"try (once )?(more|again)",
    r"(a |gentle )?reminder",
    r"ask you",
    r"hoping (we|you|i)",
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
    r"prepared|navigated|found|prepare|put|decide|manage|managed|fund|balance|choose|learned|learnt|landed|ended|"
    r"came|approached|think|deal|juggle|stay|stayed|grew|picked|weighed|trained|handled|made|structure|plan)",
    r"(ten|fifteen|twenty|thirty|forty-five|\d+)[- ](minute|min)",
    r"(a )?quarter[- ]of[- ]an[- ]hour",
    r"(talk|speak|chat|meet) (with|to) me",
    r"(hear|ask) (how|what|whether|about)",
    r"your (\w+ )?(paper|papers|report|reports|article|talk|book|post|research|interview|podcast|designs?|"
    r"costumes|projects?|portfolio|career|path|story|journey|experience|transition|background)",
    r"connect( with you)?",
    r"coffee",
    r"chat",
    r"(phone|zoom|video|quick|short|brief) call",
    r"\d+[- ]?min(ute)?s?",
    r"(few|couple of) minutes",
    r"half[- ]an[- ]hour",
    r"half[- ]hour",
    r"(a|brief|short|quick) conversation",
    r"(talk|speak|meet) with (you|me)",
    r"questions? (about|on|for you)",
    r"what it'?s (like|really like)",
    r"tips",
    r"wisdom",
    # asking a stranger for a job is still this genre (and a pitfall of it)
    r"(is|are) (your|ur) (\w+ )?hiring",
    r"hiring (interns|students|grads|graduates)",
    r"refer me",
    r"(internships?|openings?|positions?|roles?) (at|with|on|in) (your|ur)",
    r"(your|ur) (profile|linkedin|company|firm|lab|studio|team)",
    r"talk shop",
    r"natter",
    r"ask about",
    r"your (road|route|journey|move|switch|jump|start)",
    r"(first|typical|normal|average) (week|day|year|season)",
    r"what (life|work|the job)",
    r"(more|learn) about (your|the) (field|industry|work|role)",
    r"from someone who",
    r"break(ing)? in",
    r"right direction",
)
# The writer introduces themselves as someone at the start of a career or changing one.
_SELF = _words(
    r"student",
    r"(a|rising) (junior|senior)",
    r"(junior|senior|sophomore|freshman) (at|in|studying|majoring|year)",
    r"sophomore",
    r"freshman",
    r"major(ing)?",
    r"graduat(e|ed|ing)",
    r"grad",
    r"alumn(a|us|i)",
    r"alum",
    r"career (change|changer|transition|switch|pivot)",
    r"transition(ing)? (in)?to",
    r"(move|moving|pivot|pivoting|switch|switching|break|breaking) (in)?to",
    r"my (degree|program|programme|studies|coursework|thesis|background|name is)",
    r"years (as|in) (a|an|the)",
    r"i (study|am studying|'m studying)",
    r"class of",
    r"interested in (a career|careers|working|pursuing|the field|becoming|moving)",
    r"aspiring",
    r"recent(ly)? (grad|graduate|graduated)",
    r"university",
    r"college",
    r"bootcamp",
    r"phd",
    r"master'?s",
    r"mba",
    r"certificate",
    r"internship",
    r"veteran",
    r"(left|leaving|retired|retiring) (from|after)",
    r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|several|many) "
    r"(years|yrs)( of \w+)? (as|in|at|of|writing|working|teaching|running|managing|building|experience)",
    r"spent the (last|past)",
    r"(i've|i have) been an? ",
    r"for \d+ (years|yrs)",
    r"my interest in",
    r"i('m| am) (an?|the) (\w+ ){0,3}(at|in|with|for|from) ",
)
_THANKS = _words(
    r"(thank(s| you)|thx|thnx)( so much| very much| again)?( for| so much for)? (taking|making|speaking|talking|"
    r"hopping|jumping|getting|meeting|"
    r"chatting|the (time|conversation|chat|advice|insights?|coffee|tour|introduction)|"
    r"your (time|advice|insights?|candou?r|generosity|willingness|perspective|thoughtful|guidance|"
    r"patience|honesty))",
    r"(grateful|appreciated?|enjoyed|valued|loved) (for )?(our|the|you taking|speaking|talking|meeting|"
    r"getting|hearing) ?(time|conversation|call|chat|meeting|talk|coffee|with you|to speak|to talk|to meet)?",
    r"(great|wonderful|helpful|lovely|fun|so good) (to talk|talking|speaking|chatting|meeting) (with )?you",
    r"thank(s| you)( so much| very much| again)? for (letting|having|inviting|answering|sharing|hosting|showing|"
    r"giving|our|all)",
    r"(wanted|want|writing|write) to (say )?thank you",
    r"thank you (properly|again|once more)",
)
_ANY__THANKS = _words(r"thank(s| you)", r"thx", r"thnx")
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
    r"follow(ing)?[- ]up on (my|our|the|an?) (earlier |previous |last |prior |recent )?(e-?mail|message|note|request|"
    r"inquiry|letter|voicemail)",
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
    r"i wrote (to you )?(in|on|last|a few|a couple|earlier|back)",
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
# Cues that only this genre uses: one of them with an ask is enough.
_STRONG = _words(
    r"informational (interview|conversation|meeting|chat)",
    r"pick (your|ur) brain",
    r"(career|your) advice",
    r"learn from you",
    r"coffee chat",
    r"(is|are) (your|ur) (\w+ )?hiring",
    r"refer me",
)
LONGEST_REQUEST_WORDS = 700
"""Longer than this is not a cold request (the longest in the labelled corpus is about 400 words)."""
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
    if len(text.split()) > LONGEST_REQUEST_WORDS:
        return DraftKind.OTHER  # newsletters, reports and long threads are not cold requests
    cues = {m.group(0).lower() for m in _LEARNING.finditer(text + " " + subject)}
    introduced = bool(_SELF.search(text))
    # Business mail asks for things too; the genre shows in what is asked for and who is asking.
    strong = bool(_STRONG.search(text + " " + subject))
    request_like = bool(_ASKING.search(text)) and (len(cues) >= 2 or (len(cues) == 1 and (introduced or strong)))
    past = _PAST_MEETING.search(text)
    thanks_subject = re.search(r"\b(thank|thx)", subject, re.IGNORECASE)
    # Specific thanks for a conversation, or a "thank you" subject over a note asking for nothing.
    if past and not follows and _THANKS.search(head):
        return DraftKind.THANK_YOU
    # A "thank you" subject over a note that asks for nothing, thanking for time or advice (not for a gift).
    if thanks_subject and not request_like and not follows and (cues or past):
        return DraftKind.THANK_YOU
    if follows and (cues or introduced):
        return DraftKind.FOLLOW_UP
    return DraftKind.REQUEST if request_like else DraftKind.OTHER
