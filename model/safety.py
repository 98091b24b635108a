"""Safety signals: explicit statements of self-harm and threats of violence.

These are rules, not the classifier, on purpose: they must catch explicit statements
every time (recall first), whatever the tone label says, and their reason must be visible.
A self-harm signal means the answer points the writer to crisis help; a violence signal
means a threat to hurt someone. Common idioms ("this is killing me", "I'd kill for a
coffee", "dead to me", "break a leg") are excluded by the patterns themselves.
"""

import re
from typing import Final

from model.prediction import Safety, SafetySignal

_A = r"['’]?"  # an optional apostrophe, straight or curly
_I_WILL = (
    rf"(?:i{_A}ll|i\s+will|i{_A}m\s+(?:going\s+to|gonna)|im\s+(?:going\s+to|gonna)|gonna|"
    rf"going\s+to|i\s+(?:swear|promise)\s+(?:i{_A}ll|i\s+will|i\s+will)|i\s+could|i\s+want\s+to|"
    rf"i\s+wanna|i{_A}d|someone\s+(?:should|is\s+going\s+to|will))"
)
_PERSON = (
    r"(?:you|u|ya|him|her|them|ur\s+(?:new\s+)?\w+|your\s+(?:new\s+)?\w+|his\s+\w+|"
    r"that\s+(?:guy|girl|man|woman|bitch|bastard|prick|slut)|(?:the|her|his)\s+new\s+\w+)"
)

SELF_HARM_PATTERNS: Final[tuple[str, ...]] = (
    r"\bkill(?:ing)?\s+my\s*self\b",
    r"\b(?:end|ending|take|taking)\s+my\s+(?:own\s+)?life\b",
    r"\bend\s+it\s+all\b",
    rf"\b(?:going\s+to|gonna|want\s+to|wanna|i{_A}ll|i\s+will|about\s+to|might)\s+end\s+it\b"
    r"(?!\s+(?:with|between|for|now|here|properly))",
    r"\bsuicid(?:e|al)\b",
    rf"\b(?:don{_A}?t|do\s+not|dont|no\s+longer|not)\s+(?:want|wanna|wish)\s+(?:to\s+)?"
    r"(?:live|be\s+alive|be\s+here\s+anymore|exist|wake\s+up|go\s+on)\b",
    rf"\b(?:can{_A}?t|cannot|can\s+not)\s+(?:live|go\s+on|survive)\s+without\s+(?:you|u|her|him)\b",
    rf"\b(?:can{_A}?t|cannot)\s+(?:go\s+on|keep\s+going)\s+(?:like\s+this|anymore|any\s+more)\b",
    r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning)\s+my\s*self\b",
    r"\bself[-\s]?harm",
    r"\boverdos(?:e|ing)\b",
    r"\b(?:take|took|swallow|swallowed|taking)\s+(?:all\s+)?(?:my|the|those|these)\s+"
    r"(?:pills|tablets|meds)\b",
    r"\b(?:better\s+off|be\s+better)\s+(?:dead|without\s+me)\b",
    r"\bno\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|go\s+on|going\s+on|being\s+alive)\b",
    r"\b(?:wish|want)\s+(?:i\s+was|i\s+were|to\s+be|i\s+could\s+be)\s+dead\b",
    rf"\b(?:won{_A}?t|will\s+not)\s+be\s+(?:around|alive|here)\s+(?:much\s+longer|for\s+long|"
    r"to\s+see|tomorrow|anymore|any\s+more)\b",
    r"\bjump\s+(?:off|from|in\s+front\s+of)\s+(?:a|the|that)\s+(?:bridge|roof|building|train|cliff)\b",
    r"\bnot\s+(?:wake|waking)\s+up\b",
    r"\bdisappear\s+(?:forever|for\s+good|permanently)\b",
)

VIOLENCE_PATTERNS: Final[tuple[str, ...]] = (
    rf"\b{_I_WILL}\s+(?:\w+\s+)?(?:kill|murder|stab|shoot|strangle|choke|hurt|beat|punch|"
    rf"smash|destroy|end|bury|slap|hit|cut|break)\s+{_PERSON}",
    r"\b(?:kill|murder|stab|shoot|strangle)\s+(?:you|u|him|her|them|ur|your|his)\b",
    r"\b(?:beat|kick|knock)\s+the\s+(?:shit|crap|hell|life|living\s+daylights)\s+out\s+of\b",
    r"\bbreak\s+(?:your|ur|his|her|their)\s+(?:\w+\s+)?(?:legs?|arms?|neck|jaw|face|nose|"
    r"teeth|fingers?|skull|ribs|hands?)\b",
    r"\b(?:smash|bash|punch|kick|cave)\s+(?:your|ur|his|her|their)\s+(?:\w+\s+)?"
    r"(?:face|head|teeth|skull|jaw|nose)\s*(?:in)?\b",
    rf"\b(?:you|u|he|she|they|someone|somebody)\s*(?:{_A}ll|{_A}re|\s+will|\s+is|\s+are)?\s+"
    r"(?:going\s+to|gonna)?\s*(?:get|be)\s+(?:hurt|killed)\b",
    rf"\byou{_A}?(?:re|r|\s+are)\s+(?:so\s+)?dead\b(?!\s+to\s+me)",
    r"\bwatch\s+your\s+back\b",
    r"\b(?:burn|torch)\s+(?:your|ur|his|her|their|the)\s+(?:\w+\s+)?(?:house|flat|car|place|apartment)\b",
    r"\bslash\s+(?:your|ur|his|her|their)\s+tyres?|\bslash\s+(?:your|ur|his|her|their)\s+tires?\b",
    r"\b(?:a|my)\s+(?:gun|knife|bat)\b.{0,40}\b(?:you|him|her|them)\b",
)

_SELF_HARM_RE: Final = re.compile("|".join(f"(?:{p})" for p in SELF_HARM_PATTERNS), re.I)
_VIOLENCE_RE: Final = re.compile("|".join(f"(?:{p})" for p in VIOLENCE_PATTERNS), re.I)


def _find(kind: str, pattern: re.Pattern[str], text: str) -> list[SafetySignal]:
    return [SafetySignal(kind, m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


def safety_signals(text: str) -> Safety:
    """The self-harm and violence statements in ``text``, with their spans."""
    found = _find("self_harm", _SELF_HARM_RE, text) + _find("violence", _VIOLENCE_RE, text)
    found.sort(key=lambda s: s.start)
    return Safety(
        self_harm=any(s.kind == "self_harm" for s in found),
        violence=any(s.kind == "violence" for s in found),
        signals=tuple(found),
    )
