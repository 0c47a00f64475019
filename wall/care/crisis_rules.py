"""The phrases the crisis detector looks for, grouped by what they mean.

Every pattern runs on a lower-cased copy of the text with curly apostrophes straightened,
so match offsets are the same as in the original. Kinds:

- means, act, goodbye: concrete signs of danger now (a method at hand, something already done,
  a farewell). They are "immediate" on their own.
- deed: naming the act itself (kill myself, end my life, overdose, cut myself). "current" on its
  own, "immediate" with a stated intent, plan or time.
- wish: wanting to die or not to exist. "current", "immediate" with a time ("tonight").
- thoughts: thoughts and urges. Always "current" at most: having urges today is not a plan.
"""

import re

_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_TREATS = r"coffee|caffeine|sugar|chocolate|sweets|candy|tv|netflix|love|sunshine|work|music|books"
_DRUGS = (
    r"pills?|tablets?|meds|medication|medicine|paracetamol|painkillers|drugs|insulin|heroin|sleeping pills"
)


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def _any(*alternatives: str) -> re.Pattern:
    return _rx("|".join(alternatives))


_PILLS = rf"\b(?:{_DRUGS})\b"
_THE = r"(?:a|the|my)"

# (kind, label shown to moderators, pattern)
PHRASES: list[tuple[str, str, re.Pattern]] = [
    # Means at hand, a place of danger, an act already done, a farewell.
    ("means", "means at hand", _any(
        rf"{_PILLS}[^.;!?]{{0,30}}?\b(?:in front of me|in my hand|next to me|counted out|lined up|ready)\b",
    )),
    ("means", "means gathered", _any(
        r"\b(?:stockpiled|saved up|hoarded|collected|bought) (?:enough |all |a lot of )?"
        rf"(?:my |of my |some )?{_PILLS}",
    )),
    ("means", "taking everything", _any(
        r"\b(?:took|taken|taking|swallowed|swallow|take) (?:all|every|a whole|the whole|an entire)\b"
        rf"[^.;!?]{{0,25}}?(?:{_PILLS}|\b(?:bottle|packet|box)\b)",
    )),
    ("means", "pills and alcohol", _any(
        rf"{_PILLS}[^.;!?]{{0,30}}?\b(?:vodka|alcohol|whisky|whiskey|wine|gin)\b",
    )),
    ("means", "a rope", _any(r"\b(?:a|the) (?:rope|noose)\b")),
    ("means", "a weapon", _any(
        r"\b(?:gun|knife|blade|razor)\b[^.;!?]{0,30}?\b(?:loaded|in front of me|in my hand|on the table)\b",
        rf"\b(?:holding|have|got) {_THE} (?:gun|knife|blade|razor)\b",
        r"\buse it on myself\b",
    )),
    ("means", "a place of danger", _any(
        r"\b(?:i'?m|i am|im) (?:standing |sitting |sat |stood )?(?:on|at|by) (?:the )?"
        r"(?:edge|ledge|roof|bridge|train tracks|tracks|cliff|platform edge)\b",
        r"\bengine running\b",
    )),
    ("act", "already done", _any(
        r"\b(?:just|already) (?:took|taken|swallowed|overdosed|cut myself|cut|hurt myself)\b",
        r"\b(?:i'?ve|i have) (?:just |already )?overdosed\b",
    )),
    ("act", "bleeding", _any(r"\bwon'?t stop bleeding\b")),
    ("goodbye", "a farewell", _any(
        r"\bthis is (?:my )?goodbye\b",
        r"\bgoodbye everyone\b",
        r"\bmy last post\b",
        r"\bsaid my goodbyes\b",
        r"\b(?:suicide|goodbye) (?:note|letter)s?\b",
    )),
    ("goodbye", "not being here tomorrow", _any(
        r"\bwon'?t (?:be (?:here|around|alive)|wake up|see (?:tomorrow|the morning))\b",
    )),
    # Naming the act.
    ("deed", "suicide", _any(
        r"\bkill(?:ing)? myself\b",
        r"\bhang(?:ing)? myself\b",
        r"\bslit(?:ting)? my wrists?\b",
        r"\b(?:end|ending|ended) (?:it all|my (?:own )?life|it|things)\b(?! with| off| there| here)",
        r"\btak(?:e|ing) my (?:own )?life\b",
        r"\bgo(?:ing)? through with it\b",
        r"\b(?:drive|driving|crash|crashing) (?:my car |the car )?into (?:a wall|a tree|traffic|oncoming)",
        r"\b(?:jump|jumping) (?:off|from|in front of)\b",
        r"\bthrow(?:ing)? myself (?:off|in front|under)\b",
        r"\b(?:going to|gonna|about to|want to|will) jump\b",
    )),
    # "overdosed on coffee" is figurative; anything else after "on" (a drug, a day) is not.
    ("deed", "overdose", _any(rf"\boverdos(?:e|ed|ing)\b(?! on (?:{_TREATS})\b)")),
    ("deed", "suicide", _any(
        r"\bsuicid(?:e|al)\b(?! prevention| awareness| hotline| helpline| line| watch)",
    )),
    ("deed", "self-harm", _any(
        r"\bself[- ]?harm(?:ing|ed|s)?\b",
        r"\b(?:hurt|hurting|burn|burning|burnt|burned) myself\b",
        r"\bcut(?:ting)? (?:myself|deep|again|every night|my (?:wrists?|arms?|legs?|thighs?|skin))\b",
    )),
    # Wishing to die or not to exist.
    ("wish", "wanting to die", _any(
        r"\b(?:want|wants|wanted|wanting|wish|ready) to die\b",
        r"\bwish(?:ed)? i (?:was|were) dead\b",
    )),
    ("wish", "not wanting to live", _any(
        r"\bdon'?t want to (?:live|be alive|be here|exist)\b",
        r"\btired of (?:living|being alive|life)\b",
        r"\bno (?:point|reason)\b[^.;!?]{0,20}?\b(?:living|alive|going on|to live|keep living)\b",
        r"\bdon'?t see the point (?:of|in) (?:being alive|living|going on)\b",
        r"\bcan'?t go on\b",
        r"\bwant (?:it )?(?:all )?to end\b",
        r"\bstop existing\b",
    )),
    ("wish", "disappearing", _any(
        r"\bdisappear forever\b",
        r"\b(?:want|wanted|could) (?:to )?(?:just )?disappear\b",
    )),
    ("wish", "not waking up", _any(r"\b(?:never|not) wake up\b")),
    ("wish", "better off without me", _any(
        r"\bbetter off without me\b",
        r"\b(?:happier|better) if i (?:was|were) gone\b",
    )),
    # Thoughts and urges.
    ("thoughts", "thoughts of not being here", _any(
        r"\bnot being (?:here|alive|around)\b",
        r"\bdark thoughts\b",
    )),
    ("thoughts", "urges", _any(
        r"\burges?\b(?= to (?:hurt|cut|harm|self|die|end))",
        r"\b(?:self[- ]?harm|cutting) urges?\b",
    )),
]  # fmt: skip

# Words before a deed that make it a stated intention or plan.
INTENT = _rx(
    r"\b(?:going to|gonna|about to|plan(?:ning)? to|decided to|intend(?:ing)? to|ready to|will|i'?ll|"
    r"i'?m ending|made up my mind)\b"
)
PLAN = _rx(r"\b(?:my (?:suicide )?plan|planned (?:everything|it|my)|made (?:my|a) plan|the date is set)\b")
# A time that makes a deed or wish immediate.
TIMING = _rx(
    rf"\b(?:tonight|right now|today|tomorrow|this (?:weekend|week|evening|morning|afternoon)|"
    rf"on (?:{_DAYS})|after (?:work|school|my shift|the party)|as soon as|at midnight|before the end of|"
    rf"when (?:everyone|my \w+|the house|they|he|she)\b[^.;!?]{{0,25}}?"
    rf"\b(?:asleep|away|leave|leaves|gone|empty|out|ends))\b"
)
# Words before a deed that turn it into thinking about it.
THINKING_AFTER = _rx(r"^\s*(?:urges?|thoughts?|feelings?|ideation)\b")
THINKING = _rx(r"\b(?:thoughts? (?:of|about)|think(?:ing)? (?:of|about)|urges? to|keep|wish|can'?t stop)\b")
NEGATION = _rx(
    r"\b(?:not|never|no longer|nor)\b|\b\w+n't\b(?!\s+stop)|"
    r"\b(?:dont|cant|wont|didnt|havent|hasnt|wouldnt|couldnt|isnt|wasnt|arent)\b(?!\s+stop)"
)
# After a negation, these make it recovery ("I haven't cut in 400 days") rather than denial.
RECOVERED = _rx(r"\b(?:anymore|any more|no longer|since|clean|in \d[\d,]* (?:days|weeks|months|years))\b")
PAST = _rx(
    rf"\b(?:ago|used to|when i was|back then|back in|years|there was a time|in the past|at my lowest|"
    rf"younger self|(?<!at )once|survived|survivor|stopped|scars?|faded|attempted|tried to|"
    rf"after (?:my (?:\w+ )?(?:attempt|overdose)|trying|i tried)|"
    rf"since my|was suicidal|had planned|had a plan|last (?:year|spring|summer|autumn|fall|winter)|"
    rf"in (?:{_MONTHS}|\d{{4}})|my (?:teens|twenties|thirties)|as a teenager|recovery|recovered)\b"
)
# Signs the danger is now after all, which keep a past marker from softening the level.
PRESENT = _rx(
    r"\b(?:again|still (?:want|think|cut|hurt|feel|have|get|self)|right now|tonight|at the moment|currently|"
    r"these days|lately|this (?:week|month)|in front of me|in my hand)\b"
)
# Someone else's words: songs, films, other people speaking, questions asked.
REPORTED = _rx(
    r"\b(?:lyrics?|the song|song (?:goes|called|named)|sings?|sang|in the (?:film|movie|book|show|play)|"
    r"the character|(?:he|she|they) (?:said|says|told)|asked (?:me )?(?:if|whether)|"
    r"documentary|podcast|novel)\b"
)
QUOTES = re.compile(r"\"[^\"\n]{1,300}\"|“[^”\n]{1,300}”")
CLAUSE_BREAK = re.compile(r"[.!?;\n]+|,?\s+but\s+|\s[-–—]\s", re.IGNORECASE)
