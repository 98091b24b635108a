"""Small hand-written lexicons that pool rare words into one signal each.

A linear model over n-grams only learns words it has seen often enough. Insults, ways of
saying "I am watching you" and ways of demanding a reply come in endless variety, so each
family below is counted as one feature as well: a draft with an insult it has never seen
still lights up the "insult" signal if the word is here. Entries are normalised tokens
(``model.text.normalize_token``) or space-joined sequences of them. Written for this
project; nothing is downloaded.
"""

from collections.abc import Sequence
from typing import Final

INSULT: Final = frozenset(
    """
idiot idiots moron morons stupid dumb dumbass dickhead dick prick twat cunt bitch bitches
whore slut skank hoe ho bastard asshole arsehole arse ass jerk loser losers pathetic psycho
psychopath crazy lunatic nutjob freak creep creepy scum scumbag trash garbage rubbish rat
snake liar liars cheat cheater cheating fraud fake coward spineless worthless useless
failure waste joke clown pig cow ugly fat disgusting gross vile filthy whiny spoiled selfish
narcissist narcissistic manipulative toxic evil heartless cold-hearted two-faced backstabber
traitor gold-digger golddigger parasite leech tramp slag wanker tosser pillock muppet numpty
bellend knob knobhead douche douchebag shit shitty shithead bullshit fuck fucking fucked
fucker motherfucker fuckin fk fkn stfu gtfo wtf damn damned hell bloody sod retard retarded
imbecile cretin halfwit simpleton dimwit nobody nothing
""".split()
) | frozenset({
    "piece of shit", "piece of work", "waste of space", "waste of time", "excuse for",
    "no one will", "nobody will", "gold digger", "go to hell", "rot in hell", "get lost",
    "screw you", "fuck you", "f you", "fuck off", "piss off", "sod off", "shut up",
    "grow up", "drama queen", "attention seeker", "attention seeking", "sad little",
    "what a joke", "you're nothing", "ur nothing", "get fucked",
})

MONITORING: Final = frozenset(
    """
saw seen spotted noticed watched watching tracking tracked location located online active
story stories profile pic pics photo photos insta instagram ig facebook fb snapchat snap
strava spotify tiktok twitter linkedin tinder hinge bumble whatsapp ticks receipts parked
outside street window driveway doorstep porch lights followed following
""".split()
) | frozenset({
    "last seen", "read receipts", "blue ticks", "your place", "your flat", "your house",
    "your apartment", "your work", "your office", "your gym", "your car", "your street",
    "your door", "your new", "your mum's", "who was", "who is", "who's", "whose", "who's josh",
    "with him", "with her", "new guy", "new girl", "new boyfriend", "new girlfriend",
    "i know where", "i know you're", "i know ur", "i can see", "i could see", "i saw",
    "saw you", "seen you", "you were at", "you were with", "you left", "you got home",
    "find my", "were you", "where were you", "what were you",
})

PRESSURE: Final = frozenset(
    """
answer reply respond ignore ignoring ignored ghosting ghost hiding hide avoid avoiding now
tonight immediately asap warning warned regret consequences deadline until unless else final
last demand demanding owe owes
""".split()
) | frozenset({
    "pick up", "call me", "text me", "text back", "call back", "write back", "get back to me",
    "answer me", "reply to me", "talk to me", "come outside", "open the door", "or else",
    "last chance", "last warning", "your move", "see what happens", "you'll see",
    "you will see", "you'll regret", "you will regret", "i'll keep", "i will keep",
    "until you", "don't make me", "dont make me", "you have until", "by tonight",
    "by tomorrow", "you better", "u better", "you'd better", "i'll come", "i will come",
    "i'm coming", "im coming", "i'll be outside", "i'll find", "i will find",
})

EXPOSURE: Final = frozenset({
    "everyone will know", "tell everyone", "post it", "post them", "posting", "screenshots",
    "screenshot", "nudes", "your secrets", "your boss", "your manager", "your mum",
    "your mom", "your mother", "your dad", "your father", "your sister", "your brother",
    "your parents", "your family", "your friends", "your kids", "the whole family", "hr",
    "expose", "exposed", "leak", "share them", "send them to", "show them to", "tell him",
    "tell her", "let him know", "let her know", "ask him", "ask her", "make him", "make her",
})

PLEADING: Final = frozenset(
    """
please pls plz plss pleeease beg begging begged chance forgive forgiveness sorry miss
missing need needed lonely empty broken desperate anything everything promise promised swear
change changed changing therapy counselling counseling nothing without
""".split()
) | frozenset({
    "come back", "come home", "take me back", "one more", "another chance", "second chance",
    "try again", "start over", "work on", "fix this", "fix us", "without you", "without u",
    "need you", "need u", "miss you", "miss u", "love you", "love u", "i'm sorry", "im sorry",
    "i'll change", "i will change", "i can change", "just talk", "just one", "just once",
    "give me", "give us", "don't leave", "dont leave", "can't breathe", "cant breathe",
    "can't sleep", "cant sleep", "can't eat", "cant eat", "what we had", "after everything",
    "is it over", "is that it", "so that's it", "i'll do anything", "ill do anything",
})

LEXICONS: Final[tuple[tuple[str, frozenset[str]], ...]] = (
    ("insult", INSULT),
    ("monitoring", MONITORING),
    ("pressure", PRESSURE),
    ("exposure", EXPOSURE),
    ("pleading", PLEADING),
)
MAX_PHRASE: Final = max(len(entry.split()) for _, words in LEXICONS for entry in words)


def _index() -> tuple[dict[str, tuple[int, ...]], frozenset[str]]:
    categories: dict[str, list[int]] = {}
    for k, (_, words) in enumerate(LEXICONS):
        for entry in words:
            categories.setdefault(entry, []).append(k)
    starts = frozenset(entry.split()[0] for entry in categories if " " in entry)
    return {entry: tuple(ks) for entry, ks in categories.items()}, starts


_CATEGORIES, _PHRASE_STARTS = _index()


def lexicon_matches(norms: Sequence[str]) -> list[tuple[int, int, int]]:
    """Every lexicon hit as ``(first token, one past last token, lexicon index)``."""
    matches = []
    n = len(norms)
    for i, word in enumerate(norms):
        for k in _CATEGORIES.get(word, ()):
            matches.append((i, i + 1, k))
        if word not in _PHRASE_STARTS:
            continue
        for length in range(2, min(MAX_PHRASE, n - i) + 1):
            for k in _CATEGORIES.get(" ".join(norms[i : i + length]), ()):
                matches.append((i, i + length, k))
    return matches


def lexicon_counts(norms: Sequence[str]) -> list[int]:
    """Hits of each lexicon among the words and word sequences of ``norms``."""
    counts = [0] * len(LEXICONS)
    for _, _, k in lexicon_matches(norms):
        counts[k] += 1
    return counts
