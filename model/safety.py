"""Safety signals: explicit statements of self-harm and threats of violence.

These are rules, not the classifier, on purpose: they must catch explicit statements
every time (recall first), whatever the tone label says, and their reason must be visible.
A self-harm signal means the answer points the writer to crisis help; a violence signal
means a threat to hurt someone. Common idioms ("this is killing me", "I'd kill for a
coffee", "dead to me", "break a leg") are excluded by the patterns themselves.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any, Final

from model.prediction import Safety, SafetySignal
from model.text import normalize_token, tokenize

_A = r"['’]?"  # an optional apostrophe, straight or curly
_I_WILL = (
    rf"(?:i{_A}ll|i\s+will|i{_A}m\s+(?:going\s+to|gonna)|im\s+(?:going\s+to|gonna)|gonna|"
    rf"going\s+to|i\s+(?:swear|promise)\s+(?:i{_A}ll|i\s+will|i\s+will)|i\s+could|i\s+want\s+to|"
    rf"i\s+wanna|i{_A}d|someone\s+(?:should|is\s+going\s+to))"
)
_PERSON = (
    r"(?:you|u|ya|him|her|them|ur\s+(?:new\s+)?\w+|your\s+(?:new\s+)?\w+|his\s+\w+|"
    r"that\s+(?:guy|girl|man|woman|bitch|bastard|prick|slut)|(?:the|her|his)\s+new\s+\w+)"
)

SELF_HARM_PATTERNS: Final[tuple[tuple[str, str], ...]] = (
    ("kill killing",
     r"\bkill(?:ing)?\s+my\s*self\b"),
    ("life",
     r"\b(?:end|ending|take|taking)\s+my\s+(?:own\s+)?life\b"),
    ("end",
     r"\bend\s+it\s+all\b"),
    ("end",
     rf"\b(?:going\s+to|gonna|want\s+to|wanna|i{_A}ll|i\s+will|about\s+to|might)\s+end\s+it\b"
     r"(?!\s+(?:with|between|for|now|here|properly))"),
    ("suicide suicidal",
     r"\bsuicid(?:e|al)\b"),
    ("live alive here exist wake anymore",
     rf"\b(?:don{_A}?t|do\s+not|dont|dnt|dun|no\s+longer|not)\s+(?:want|wanna|wan|wana|wish)\s+(?:to\s+)?"
     r"(?:live|be\s+alive|b(?:e)?\s+here\s+(?:any\s*more|ne\s*more|no\s*more)|exist|wake\s+up|go\s+on)\b"
     r"(?!\s+(?:in|near|at|on|there|together|abroad|next|so\s+far|far|close|nearby|downtown|with(?!out)\b))"),
    ("live survive go",
     rf"\b(?:can{_A}?t|cannot|can\s+not)\s+(?:live|go\s+on|survive)\s+without\s+(?:you|u|her|him)\b"),
    ("can't cant cannot",
     rf"\b(?:can{_A}?t|cannot)\s+(?:go\s+on|keep\s+going)\s+(?:like\s+this|anymore|any\s+more)\b"),
    ("myself self",
     r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning)\s+my\s*self\b"),
    ("self self-harm selfharm",
     r"\bself[-\s]?harm"),
    ("overdose overdosing",
     r"\boverdos(?:e|ing)\b(?!\s+(?:of|on)\s+(?:work|sugar|caffeine|coffee|chocolate|love|cuteness|carbs|tv|netflix|sun)\b)"),
    ("pills tablets meds",
     r"\b(?:take|took|swallow|swallowed|taking)\s+(?:all\s+(?:of\s+)?|every\s+one\s+of\s+)"
     r"(?:my|the|those|these)\s+(?:pills|tablets|meds)\b"),
    ("better",
     r"\b(?:better\s+off|be\s+better)\s+(?:dead|without\s+me)\b"),
    ("reason point",
     r"\bno\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|go\s+on|going\s+on|being\s+alive)\b"),
    ("dead",
     r"\b(?:wish|want)\s+(?:i\s+was|i\s+were|to\s+be|i\s+could\s+be)\s+dead\b"),
    ("around alive here",
     rf"\b(?:won{_A}?t|will\s+not)\s+be\s+(?:around|alive|here)\s+(?:much\s+longer|for\s+long|"
     r"to\s+see|tomorrow|anymore|any\s+more)\b"),
    ("jump",
     r"\bjump\s+(?:off|from|in\s+front\s+of)\s+(?:a|the|that)\s+(?:bridge|roof|building|train|cliff)\b"),
    ("wake waking",
     r"\b(?:not|never)\s+(?:wake|waking)\s+up\b(?!\s+(?:until|till|til|before|early|in\s+time|at|for|on\s+time)\b)"),
    ("sleep",
     r"\bsleep\s+and\s+(?:never|not|didn['’]?t|don['’]?t)\s+wake\b"),
    ("disappear",
     r"\bdisappear\s+(?:forever|for\s+good|permanently)\b"),
    ("ending killing",
     r"\b(?:about|abt|of|considering)\s+(?:ending|killing)\s+(?:it|things|everything|myself|my\s+life)\b"),
    ("here alive around",
     rf"\b(?:don{_A}?t|do\s+not|dont|not)\s+(?:really\s+|even\s+|honestly\s+)?(?:want|wanna)\s+"
     r"(?:to\s+)?be\s+(?:here|alive|around)\b"),
    ("die",
     r"\b(?:want|wants|wanna|wanted)\s+to\s+die\b"),
    ("reason point",
     r"\b(?:reason|point)\s+(?:to|in)\s+(?:keep\s+)?(?:living|live|stay|staying|stick\s+around|"
     r"be\s+here|being\s+here|going\s+on|go\s+on|carry\s+on)\b"),
    ("nothing",
     r"\bnothing\s+(?:left\s+)?to\s+(?:stay|live|stick\s+around)\s+for\b"),
    ("still",
     rf"\bwhy\s+i{_A}m\s+still\s+(?:here|alive)\b"),
    ("better",
     rf"\bbetter\s+off\s+if\s+i\s+(?:just\s+)?(?:wasn{_A}t|woznt|wuznt|weren{_A}t|was\s+gone|were\s+gone|"
     r"was\s+dead|died|disappeared)\b"),
    ("notice nobody noone care",
     r"\b(?:no\s*one|nobody)\s+would\s+(?:even\s+|really\s+)?(?:notice|miss\s+me|care)\b"),
    ("being",
     r"\bnot\s+being\s+(?:here|alive|around)\b"),
    ("cut",
     r"\bi\s+cut\s+(?:again|myself)\b"),
    ("razor blade",
     r"\b(?:held|holding|hold)\s+the\s+(?:razor|blade)\b"),
    ("stockpile stockpiled stockpiling stockpiles",
     r"\bstockpil\w*\s+(?:my\s+|the\s+)?(?:pills|meds|medication|tablets)\b"),
    ("goodbye suicide",
     r"\b(?:goodbye|suicide)\s+(?:letters?|notes?)\b"),
    ("tired",
     r"\btired\s+of\s+(?:life|living|being\s+alive)\b"),
    ("can't cant cannot couldn't think",
     rf"\b(?:can{_A}t|cant|cannot|can\s+not|could\s+not|couldn{_A}t|(?:don{_A}t|do\s+not)\s+think\s+i\s+can)"
     r"\s+(?:go\s+on|keep\s+going|carry\s+on|be\s+alive|do\s+life)\s+(?:without|if)\b"),
    ("live survive",
     rf"\b(?:can{_A}t|cant|cannot|can\s+not|could\s+not|couldn{_A}t|(?:don{_A}t|do\s+not)\s+think\s+i\s+can)"
     r"\s+(?:live|survive)(?:\s+in\s+this\s+world)?\s+without\s+(?:you|u|him|her)\b"),
    ("edge",
     r"\bedge\s+of\s+the\s+(?:platform|bridge|roof|cliff)\b"),
    ("through",
     r"\bgo\s+through\s+with\s+it\b"),
    ("better lighter easier happier",
     r"\b(?:better|lighter|easier|happier)\s+(?:off\s+)?without\s+me\b"),
    ("better easier",
     rf"\b(?:better|easier)\s+(?:if\s+i\s+(?:don{_A}?t|didn{_A}?t|do\s+not|did\s+not)\s+(?:exist|wake\s+up|live|"
     r"arrive)|(?:for\s+me\s+)?to\s+not\s+(?:be|exist|wake\s+up|arrive|be\s+here))\b"),
    ("wake waking",
     rf"\b(?:don{_A}?t|didn{_A}?t|did\s+not|do\s+not)\s+(?:want\s+to\s+)?(?:wake|waking)\s+up\b"),
    ("ending killing",
     r"\b(?:about|abt|of)\s+just\s+(?:ending|killing)\s+(?:it|things|everything|myself)\b"),
    ("keep",
     rf"\b(?:can{_A}?t|cant|cannot)\s+keep\s+going\b(?!\s+(?:through|to|back|round|over|with|on\s+about)\b)"),
    ("reason point",
     r"\b(?:reason|point)\s+(?:to|in)\s+(?:keep\s+going|waking\s+up|wake\s+up|getting\s+up)\b"),
    ("safe",
     rf"\b(?:don{_A}?t\s+think\s+i{_A}?m|i{_A}?m\s+not|i\s+am\s+not|not\s+feeling|don{_A}?t\s+feel)\s+safe\b"),
    ("took",
     rf"\btook\s+(?:a\s+bunch|a\s+lot|too\s+many|more|loads)\s+(?:of\s+)?(?:my\s+|the\s+)?(?:\w+{_A}s\s+)?"
     r"(?:\w+\s+)?(?:pills|tablets|meds)\b"),
    ("falling jumping",
     r"\bthink(?:ing)?\s+about\s+(?:falling|jumping)\b"),
    ("scared frightened afraid",
     r"\b(?:scared|frightened|afraid)\s+of\s+myself\b"),
    ("dark",
     r"\bdark\s+thoughts\b"),
    ("cutting",
     r"\bcutting\s+(?:again|myself)\b"),
    ("better",
     rf"\bbetter\s+off\b[^.!?]{{0,40}}\bif\s+i\s+(?:just\s+)?(?:wasn{_A}t|weren{_A}t|was\s+gone|were\s+gone|"
     r"was\s+dead|died)\b|\bbetter\s+off\b[^.!?]{0,40}\bthan\s+with\s+me\b"),
    ("nobody noone",
     r"\b(?:no\s*one|nobody)\s+(?:will|is\s+going\s+to|gonna)\s+(?:even\s+|really\s+)?(?:notice|miss\s+me|care)\b"),
    ("swallowed taken",
     r"\b(?:swallowed|taken)\s+(?:a\s+bunch|a\s+lot|too\s+many|all|loads)\s+(?:of\s+)?(?:my\s+|the\s+)?"
     r"(?:\w+\s+)?(?:pills|tablets|meds)\b"),
    ("rope",
     r"\b(?:got|have|bought|found)\s+(?:the|a)\s+rope\b"),
    ("disappearing",
     r"\bdisappearing\s+(?:forever|for\s+good|permanently)\b"),
    ("easier better",
     r"\b(?:easier|better)\s+not\s+to\s+(?:wake\s+up|be\s+here|be\s+alive|exist|go\s+on)\b"),
    ("pills tablets",
     r"\b(?:pills|tablets)\s+(?:counted|lined|laid)\s+out\b"),
    ("razor blade",
     r"\b(?:razor|blade)\s+in\s+my\s+hand\b"),
    ("end",
     r"\bif\s+i\s+(?:just\s+)?end\s+it\b"),
    ("how",
     rf"\bhow\s+(?:to|i{_A}d|i\s+would|i{_A}ll)\s+do\s+it\b"),
    ("stop",
     r"\bmake\s+it\s+(?:all\s+)?stop\b"),
    ("staring sat sitting looking holding counting",
     r"\b(?:staring\s+at|sat\s+with|sitting\s+with|looking\s+at|holding|counting)\s+(?:the|my|all\s+(?:the|my)|"
     r"a\s+bottle\s+of|a\s+handful\s+of)\s+(?:\w+\s+)?(?:pills|tablets|meds)\b"),
    ("easier better",
     rf"\b(?:easier|better)\s+(?:for\s+everyone\s+)?if\s+i\s+(?:just\s+)?(?:wasn{_A}?t|weren{_A}?t|was\s+not|"
     rf"were\s+not)\s+(?:here|around|alive)\b|\b(?:easier|better)\s+(?:for\s+everyone\s+)?if\s+i{_A}?(?:m|\s+am|"
     r"\s+was|\s+were)\s+(?:just\s+)?gone\b"),
    ("here",
     r"\bnot\s+(?:be|being)\s+here\s+any\s*more\b"),
    ("point",
     rf"\b(?:what{_A}?s|whats|what\s+is|(?:don{_A}?t|can{_A}?t|do\s+not|cannot)\s+see|no)\s+(?:even\s+)?the\s+point\s+"
     r"(?:of|in)\s+(?:being\s+here|being\s+alive|living|carrying\s+on|going\s+on|getting\s+up|"
     r"waking\s+up|any\s+of\s+it\s+without)\b(?!\s+(?:in|at|near|on|by|the|a|an|this|that|there|so|early))"),
    ("myself",
     rf"\b(?:what|wat|wot|something)\s+i{_A}?(?:ll|d|\s+will|\s+might|\s+would)\s+do\s+(?:to|with)\s+my\s*self\b"),
    ("life",
     r"\bno\s+life\s+without\s+(?:you|u)\b"),
    ("shotgun gun rifle",
     rf"\b(?:looking|staring|stare|look)\s+at\s+(?:the|my|his|dad{_A}?s|my\s+dad{_A}?s)\s+(?:\w+\s+)?(?:shotgun|gun|rifle)\b"),
    ("wanting",
     r"\bnot\s+wanting\s+to\s+(?:live|be\s+alive|be\s+here|exist|wake\s+up)\b"),
    ("alive",
     r"\bbeing\s+alive\b[^.!?]{0,30}\b(?:impossible|pointless|unbearable|too\s+much)\b"),
    ("jump",
     rf"\b(?:gonna|going\s+to|won{_A}?t|wont)\s+jump\b(?!\s+(?:in|into|on|onto|at|to|the|ship|ahead|up|out|"
     r"over|through|around|back|off\s+the\s+sofa|the\s+queue|for|straight))"),
    ("kind find",
     r"\bthe\s+kind\s+(?:people|you)\s+leave\b|\b(?:note|letter)s?\b[^.!?]{0,60}\bfor\s+someone\s+to\s+find\b"),
    ("point",
     r"\bpoint\s+(?:in\s+)?(?:staying|being|to\s+stay|to\s+be)\s+alive\b(?!\s+(?:at|before|until|on|in)\b)"),
    ("disappear",
     r"\bif\s+i\s+(?:just\s+)?disappear(?:ed)?\b[^.!?]{0,40}\b(?:happier|better\s+(?:off|for\s+everyone))\b"),
    ("ending killing",
     r"\b(?:feel|felt|feeling)\s+like\s+(?:ending|killing)\s+(?:it\s+all|everything|myself|my\s+life)\b"
     r"|\bending\s+it\s+all\b"),
    ("mabuhay",
     r"\bayoko\s+na(?:ng)?\s+mabuhay\b|\bdahilan(?:g)?\s+(?:para\s+)?(?:pa\s+)?mabuhay\b"),
    ("googling",
     rf"\bgoogling\s+(?:things|stuff|ways)\s+i\s+(?:shouldn{_A}?t|should\s+not)\b"),
)

VIOLENCE_PATTERNS: Final[tuple[tuple[str, str], ...]] = (
    ("kill murder stab shoot strangle choke hurt beat punch smash destroy end bury slap hit cut "
     "break flatten knock snap drag batter deck throttle run",
     rf"(?<!not\s)(?<!never\s)\b{_I_WILL}\s+(?:\w+\s+)?(?:kill|murder|stab|shoot|strangle|choke|hurt|beat|punch|"
     rf"smash|destroy|end|bury|slap|hit|cut|break|flatten|knock|snap|drag|batter|deck|throttle|"
     rf"strangle|run\s+over)\s+{_PERSON}(?!\s+up\b)"),
    ("put send",
     r"\b(?:put|send)\s+(?:you|u|him|her|them)\s+(?:both\s+|all\s+)?(?:in|into|through|under)\s+"
     r"(?:the\s+|a\s+)?(?:ground|hospital|grave|icu|table|wall|window|doors?|fence|floor|ditch|boot)\b"),
    ("drag dragging",
     r"\bdrag(?:ging)?\s+(?:you|u|him|her|them)\s+out\b"),
    ("rearrange rearranging rearranged",
     r"\brearrang\w*\s+(?:your|ur|his|her|their|that)\s+face\b"),
    ("kicked smashed caved bashed",
     r"\b(?:head|teeth|face)\s+(?:kicked|smashed|caved|bashed)\s+in\b"),
    ("slap black kicking beating hiding",
     r"\b(?:getting|get|give\s+(?:him|you|her))\s+a\s+(?:slap|black\s+eye|kicking|beating|hiding)\b"),
    ("numbered",
     r"\bdays\s+are\s+numbered\b"),
    ("stab shoot strangle",
     r"\b(?:stab|shoot|strangle)\s+(?:the|that|this)\s+\w+"),
    ("ram ramming road",
     r"\b(?:ram|ramming|run|running)\s+(?:it|you|him|her|them|your\s+car|his\s+car|her\s+car)\s+"
     r"off\s+the\s+road\b|\bramming\s+(?:your|ur|his|her)\s+car\b"),
    ("sleep",
     r"\bsleep\s+with\s+(?:one\s+eye\s+open|the\s+lights\s+on)\b"),
    ("cry",
     r"\bsomething\s+to\s+cry\s+about\b"),
    ("teeth",
     rf"\bwon{_A}?t\s+have\s+(?:any\s+)?teeth\b"),
    ("bone",
     r"\bbreak\s+every\s+bone\b"),
    ("ambulance",
     r"\b(?:in|need)\s+an?\s+ambulance\b"),
    ("straw",
     r"\beating\s+through\s+a\s+straw\b"),
    ("bleed",
     rf"\b(?:he|she|you|u)(?:{_A}ll|\s+will)\s+bleed\b"),
    ("under",
     r"\bcheck\s+under\s+(?:his|your|ur|her)\s+car\b"),
    ("alone",
     r"\bcatch\s+(?:you|u|him|her)\s+alone\b"),
    ("teeth",
     r"\bteeth\s+(?:up\s+)?off\s+the\s+(?:pavement|floor|ground|road)\b"),
    ("through",
     r"\bgoing\s+through\s+the\s+(?:window|windscreen|wall)\b"),
    ("face stitches",
     r"\bneed\s+a\s+new\s+face\b|\bneeds?\s+stitches\b"),
    ("finish finishing",
     r"\bfinish(?:ing)?\s+(?:you|u|him|her|them)\s+(?:both|off|all)\b|\bfinishing\s+both\s+of\b"),
    ("bury",
     r"\bbury\s+(?:two|you|u|him|her|both|the\s+pair)\b"),
    ("slap smack kicking beating",
     r"\b(?:deserve|deserves|need|needs|getting)\s+a\s+(?:slap|smack|kicking|beating)\b"),
    ("smash",
     r"\bsmash\s+(?:every|all|the|your|ur|his|her)\s+(?:\w+\s+)?(?:windows?|windscreen|car|face|head)\b"),
    ("wreck",
     r"\bwreck\s+(?:you|u|him|her)\b"),
    ("scary",
     r"\bshow\s+(?:you|u|him|her)\s+scary\b"),
    ("shut",
     r"\bshut\s+(?:your|ur|his|her|it)\s+(?:mouth\s+)?for\s+(?:good|you|u)\b"),
    ("hurt",
     rf"\bwon{_A}?t\s+hurt\s+(?:you|u|him|her)\s+if\b"),
    ("pretty",
     rf"\bwon{_A}?t\s+be\s+(?:so\s+)?pretty\b"),
    ("dentist surgeon doctor priest",
     r"\bneed\s+a\s+(?:dentist|surgeon|doctor|priest)\s+when\b"),
    ("walk",
     rf"\bmake\s+sure\s+(?:you|u|he|she|they)\s+(?:can{_A}?t|won{_A}?t|never)\s+walk\b"),
    ("through",
     r"\bcome\s+through\s+(?:that|the|your|ur)\s+(?:window|door)\b"),
    ("careful",
     r"\bcareful\s+walking\s+(?:home\s+)?alone\b"),
    ("happens",
     r"\bwhat\s+happens\s+to\s+(?:your|ur|his|her)\s+face\b"),
    ("bruise",
     r"\bwalk\s+away\s+with\s+(?:just\s+)?a\s+bruise\b"),
    ("kill murder stab shoot strangle",
     r"\b(?:kill|murder|stab|shoot|strangle)\s+(?:you|u|him|her|them|ur|your|his)\b"),
    ("beat kick knock",
     r"\b(?:beat|kick|knock)\s+the\s+(?:shit|crap|hell|life|living\s+daylights)\s+out\s+of\b"),
    ("break",
     r"\bbreak\s+(?:your|ur|yer|his|her|their)\s+(?:\w+\s+)?(?:legs?|arms?|neck|jaw|face|nose|"
     r"teeth|fingers?|skull|ribs|hands?)\b"),
    ("smash bash punch kick cave",
     r"\b(?:smash|bash|punch|kick|cave)\s+(?:your|ur|his|her|their)\s+(?:\w+\s+)?"
     r"(?:face|head|teeth|skull|jaw|nose)\s*(?:in)?\b"),
    ("hurt killed",
     rf"\b(?:you|u|he|she|they|someone|somebody)\s*(?:{_A}ll|{_A}re|\s+will|\s+is|\s+are)?\s+"
     r"(?:going\s+to|gonna)?\s*(?:get|be)\s+(?:hurt|killed)\b"),
    ("dead",
     rf"\byou{_A}?(?:re|r|\s+are)\s+(?:so\s+)?dead\b(?!\s+to\s+me)"),
    ("watch",
     r"\bwatch\s+(?:your|ur|his|her|their)\s+back\b"),
    ("burn torch",
     r"\b(?:burn|torch)\s+(?:your|ur|his|her|their|the)\s+(?:\w+\s+)?(?:house|flat|car|place|apartment)\b"),
    ("slash",
     r"\bslash\s+(?:your|ur|his|her|their)\s+tyres?|\bslash\s+(?:your|ur|his|her|their)\s+tires?\b"),
    ("put throw chuck",
     r"\b(?:put|throw|chuck)\s+(?:you|u|him|her)\s+(?:both\s+)?in\s+the\s+(?:harbour|harbor|canal|river|sea|"
     r"lake|ground|grave|morgue)\b"),
    ("going",
     rf"\b(?:he|she|you|u|they)(?:{_A}s|\s+is|{_A}re|\s+are|{_A}ll\s+be|\s+will\s+be)\s+going\s+in\s+the\s+"
     r"(?:canal|river|harbour|harbor|sea|lake|ground)\b"),
    ("walking",
     rf"\bwon{_A}?t\s+be\s+walking\s+(?:right|straight|properly|again|for\s+a\s+while)\b"),
    ("face",
     rf"\bface\s+(?:won{_A}?t|will\s+not|wont)\s+look\s+the\s+same\b"),
    ("teeth",
     r"\bpicking\s+(?:his|her|your|ur|their)\s+teeth\s+(?:up\s+)?off\b"),
    ("burn",
     r"\bburn\s+(?:it|the\s+(?:house|place|flat))\s+(?:down|to\s+the\s+ground)\b"),
    ("touch",
     rf"\bi{_A}?ll\s+touch\s+(?:your|ur|his|her)\s+face\b"),
    ("enjoy",
     rf"\bwon{_A}?t\s+enjoy\s+(?:the|my|that|this)\s+visit\b"),
    ("count",
     r"\bcount\s+your\s+days\b"),
    ("dead",
     rf"\b(?:you{_A}?re|ur|you\s+are|he{_A}?s|he\s+is|she{_A}?s|she\s+is)\s+dead\s+if\b"),
    ("ends end",
     r"\b(?:he|she|you|u|they)\s+ends?\s+up\s+in\s+(?:the|a)\s+(?:canal|river|harbour|harbor|ground|hospital|grave)\b"),
    ("stick belt bat",
     r"\btake\s+(?:a|the|my)\s+(?:stick|belt|bat)\s+to\s+(?:him|her|you|u|them)\b"),
    ("sort",
     rf"\bor\s+(?:else\s+)?i{_A}?(?:ll|\s+will)\s+sort\s+(?:him|her|you|u|them)\s+out\b"),
    ("stretcher",
     r"\bleav\w*\s+(?:it\s+|here\s+|there\s+)?on\s+a\s+stretcher\b"),
    ("gun knife bat machete hammer crowbar",
     r"\b(?:a|my|the)\s+(?:\w+\s+)?(?:gun|knife|bat|machete|hammer|crowbar)\b.{0,60}"
     r"\b(?:you|him|her|them|he|she)\b"),
)

@dataclass(frozen=True, slots=True)
class _Rule:
    """A compiled pattern, its kind, its place in the lists, and the literals it needs.

    ``needs``: of each tuple, some string is in every match's case-folded text
    (``_required``); a draft missing all of one cannot match, so the pattern need not run.
    The rarest-looking (longest) strings come first, to rule a draft out early.
    """

    order: int
    kind: str
    pattern: re.Pattern[str]
    needs: tuple[tuple[str, ...], ...]

    def may_match(self, folded: str) -> bool:
        """False when the case-folded text ``folded`` lacks something every match holds."""
        for need in self.needs:
            for literal in need:
                if literal in folded:
                    break
            else:
                return False
        return True


def _by_anchor() -> dict[str, list[_Rule]]:
    index: dict[str, list[_Rule]] = {}
    rules = [(kind, anchors, pattern)
             for kind, patterns in (("self_harm", SELF_HARM_PATTERNS), ("violence", VIOLENCE_PATTERNS))
             for anchors, pattern in patterns]
    for order, (kind, anchors, pattern) in enumerate(rules):
        needs = sorted((tuple(sorted(need, key=len, reverse=True)) for need in _required(pattern)),
                       key=lambda need: -min(map(len, need)))
        rule = _Rule(order, kind, re.compile(pattern, re.IGNORECASE), tuple(needs))
        for anchor in anchors.split():
            index.setdefault(anchor, []).append(rule)
    return index


# Under re.IGNORECASE an ASCII letter matches only itself in either case and these four
# (Python's ``re`` docs): mapped to it, and lower-cased, a text holds the literal of a match.
_FOLD: Final = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_REPEATS: Final = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)


def _required(pattern: str) -> tuple[frozenset[str], ...]:
    """Lower-case ASCII strings a match must contain: of each set, at least one.

    Read from the parsed pattern: a run of literal characters must appear as it is; a group
    or a repeat of at least one needs what its content needs; an alternation needs one of
    its branches' strings, if every branch needs one. Anything else needs nothing, so the
    sets are never more than the pattern asks for. A pattern the parser does not know gives
    no sets, and always runs.
    """
    try:
        return tuple(_needs(list(_parser.parse(pattern, re.IGNORECASE))))
    except Exception:  # a private parser: if it changes, lose the speed, never a match
        return ()


def _needs(items: list[tuple[Any, Any]]) -> list[frozenset[str]]:
    needs: list[frozenset[str]] = []
    run: list[str] = []
    for op, value in [*items, (None, None)]:
        if op is _constants.LITERAL and value < 128:
            run.append(chr(value).lower())
            continue
        if run:
            needs.append(frozenset({"".join(run)}))
            run = []
        if op is _constants.SUBPATTERN:
            needs += _needs(list(value[-1]))
        elif op in _REPEATS and value[0] >= 1:
            needs += _needs(list(value[2]))
        elif op is _constants.BRANCH:
            branches = [_needs(list(branch)) for branch in value[1]]
            if all(branches):
                needs.append(frozenset().union(*(max(b, key=lambda n: min(map(len, n))) for b in branches)))
    return needs


_BY_ANCHOR: Final = _by_anchor()


def anchors_of(word: str) -> bool:
    """True when the normalised token ``word`` is an anchor of some pattern (see ``safety_signals``)."""
    return word in _BY_ANCHOR


def safety_signals(text: str, words: Iterable[str] | None = None) -> Safety:
    """The self-harm and violence statements in ``text``, with their spans.

    Each pattern runs only when one of its anchor words is among the draft's normalised
    tokens (``words``, computed here if not given): most drafts hold none, and running every
    pattern over every draft would cost more than classifying it. Of those, a pattern runs
    only if the text holds the literals every match of it holds (``_Rule.needs``).
    """
    if words is None:
        words = [normalize_token(t.raw) for t in tokenize(text)]
    rules = {rule.order: rule for word in set(words) for rule in _BY_ANCHOR.get(word, ())}
    folded = (text if text.isascii() else text.translate(_FOLD)).lower() if rules else ""
    found = {
        (rule.kind, m.start(), m.end()): SafetySignal(rule.kind, m.start(), m.end(), m.group())
        for _, rule in sorted(rules.items())
        if rule.may_match(folded)
        for m in rule.pattern.finditer(text)
    }
    signals = sorted(found.values(), key=lambda s: (s.start, s.end))
    return Safety(
        self_harm=any(s.kind == "self_harm" for s in signals),
        violence=any(s.kind == "violence" for s in signals),
        signals=tuple(signals),
    )
