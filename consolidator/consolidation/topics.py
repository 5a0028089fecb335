"""Vocabulary of council policies: canonical topics with heading synonyms, and channel terms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from consolidator.model import SourceDocument
from consolidator.sections import list_like


@dataclass(frozen=True)
class CanonicalTopic:
    """A topic every policy covers under some heading; `chapter` groups topics in the draft."""

    key: str
    title: str
    synonyms: tuple[str, ...]  # lower-case heading phrases, matched on word boundaries
    chapter: str  # key of the draft chapter holding it
    common: bool = True  # False: channel-specific by nature (acceptable use, personal use)


CANONICAL_TOPICS: tuple[CanonicalTopic, ...] = (
    CanonicalTopic("introduction", "Introduction", (
        "introduction", "purpose", "aims of this policy", "aim of this policy", "aims", "aim",
        "overview", "background", "policy purpose", "objectives", "about this policy", "summary",
    ), "introduction"),
    CanonicalTopic("scope", "Scope", (
        "scope", "who this policy applies to", "who does this policy apply to", "application",
        "applicability", "who the policy applies to", "coverage",
    ), "scope"),
    CanonicalTopic("definitions", "Definitions", (
        "definitions", "definition of terms", "terms used", "glossary", "interpretation",
        "key terms",
    ), "definitions"),
    CanonicalTopic("principles", "General principles", (
        "policy statement", "general principles", "principles", "statement of policy",
        "policy principles", "general", "general rules", "key principles",
    ), "principles"),
    CanonicalTopic("acceptable-use", "Acceptable use", (
        "acceptable use", "appropriate use", "unacceptable use", "inappropriate use",
        "prohibited use", "misuse", "conduct", "rules of use", "use for work purposes",
        "business use",
    ), "acceptable-use", common=False),
    CanonicalTopic("personal-use", "Personal use", (
        "personal use", "private use", "use for personal purposes", "non-work use",
        "personal calls",
    ), "personal-use", common=False),
    CanonicalTopic("personal-devices", "Using personal devices", (
        "personal devices", "personal device", "own device", "own devices", "byod",
        "bring your own device", "using your own device", "private devices",
    ), "personal-devices"),
    CanonicalTopic("monitoring", "Monitoring", (
        "monitoring", "monitoring of use", "monitoring and privacy", "interception",
        "surveillance", "auditing of use",
    ), "monitoring"),
    CanonicalTopic("security", "Security", (
        "security", "information security", "passwords", "password security", "lost or stolen",
        "loss or theft", "viruses", "malware", "cyber security", "secure", "keeping devices secure",
    ), "security"),
    CanonicalTopic("data-protection", "Data protection", (
        "data protection", "information governance", "confidentiality", "personal data",
        "gdpr", "privacy", "records management", "retention",
    ), "security"),
    CanonicalTopic("breaches", "Breaches of this policy", (
        "breaches", "breach", "breaches of this policy", "breach of policy", "non-compliance",
        "non compliance", "disciplinary action", "disciplinary", "consequences",
        "failure to comply", "sanctions", "compliance",
    ), "breaches"),
    CanonicalTopic("responsibilities", "Roles and responsibilities", (
        "responsibilities", "roles and responsibilities", "roles", "accountability",
        "duties", "responsibility",
    ), "responsibilities"),
    # (a bare "support" is no training: NHS England's "Service and support" says the tools it
    # lists come with no technical support)
    CanonicalTopic("training", "Training and awareness", (
        "training", "awareness", "training and awareness", "guidance and support",
    ), "training"),
    CanonicalTopic("review", "Review", (
        "review", "policy review", "review of this policy", "review and monitoring of this policy",
        "monitoring and review", "review arrangements",
    ), "review"),
    CanonicalTopic("related", "Related policies", (
        "related policies", "related documents", "associated policies", "references",
        "further information", "related legislation", "legislation", "legal framework",
        "other policies", "further reading",
    ), "related"),
    # whom to ask: no list of related policies ("Enquiries from journalists" is a rule about
    # social media, not a contact: a bare "enquiries" names neither)
    CanonicalTopic("contacts", "Contacts and help", (
        "feedback", "contacts", "contact", "getting help", "general enquiries", "contact details",
        "other help", "help and support", "further help", "useful contacts", "who to contact",
    ), "contacts"),
    CanonicalTopic("document-control", "Document control", (
        "document control", "version control", "version history", "document history",
        "revision history", "approval", "document information", "change history",
    ), "document-control"),
)

TOPICS_BY_KEY = {t.key: t for t in CANONICAL_TOPICS}

# Order of draft chapters; "channels" marks where the channel-specific chapters go.
CHAPTER_ORDER: tuple[str, ...] = (
    "introduction", "scope", "definitions", "principles", "acceptable-use", "personal-use",
    "personal-devices", "channels", "monitoring", "security", "breaches", "responsibilities",
    "training", "review", "related", "contacts", "document-control",
)

CHAPTER_TITLES = {
    "introduction": "Introduction",
    "scope": "Scope",
    "definitions": "Definitions",
    "principles": "General principles",
    "acceptable-use": "Acceptable use",
    "personal-use": "Personal use",
    "personal-devices": "Using personal devices",
    "monitoring": "Monitoring",
    "security": "Security and data protection",
    "breaches": "Breaches of this policy",
    "responsibilities": "Roles and responsibilities",
    "training": "Training and awareness",
    "review": "Review",
    "related": "Related policies",
    "contacts": "Contacts and help",
    "document-control": "Document control",
}

# Channel terms, longest first within each channel; matched case-insensitively on word boundaries.
CHANNEL_TERMS: tuple[tuple[str, str], ...] = (
    ("social-media", "social networking"),
    ("social-media", "social media"),
    ("email", "electronic mail"),
    ("email", "e-mail"),
    ("email", "emails"),
    ("email", "email"),
    ("internet", "the internet"),
    ("internet", "internet"),
    ("internet", "the world wide web"),
    ("mobile-phone", "mobile phones"),
    ("mobile-phone", "mobile phone"),
    ("mobile-phone", "mobile devices"),
    ("mobile-phone", "mobile device"),
    ("mobile-phone", "smartphones"),
    ("mobile-phone", "smartphone"),
    ("mobile-phone", "text messages or messaging apps"),
    ("mobile-phone", "text messages"),
    ("mobile-phone", "messaging apps"),
    ("mobile-phone", "council phones"),
    ("mobile-phone", "council phone"),
)

CHANNEL_ORDER = ("email", "internet", "social-media", "mobile-phone")

CHANNEL_CHAPTER_TITLES = {
    "email": "Email",
    "internet": "Internet",
    "social-media": "Social media",
    "mobile-phone": "Mobile devices",
}

CHANNEL_PLACEHOLDER = "<channel>"


def only_contact_details(texts: Sequence[str]) -> bool:
    """Returns True for the text of a section that only gives contact details: an address, a
    number or a channel ("Slack: #security") in at least half of its paragraphs, the others
    short labels ("Cyber Consultants & Risk Advisors") and no rule or sentence. Under any
    heading ("Cyber Security Advice") such a section is one of contacts; a list of web pages
    alone is not (related documents)."""
    texts = [" ".join(t.split()) for t in texts if t.strip()]
    details = [t for t in texts if _CONTACT_DETAIL.match(t)]
    labels = [t for t in texts if not _CONTACT_DETAIL.match(t)]
    return any(_REACHES_SOMEONE.search(t) for t in details) and \
        len(details) >= len(labels) and all(
            len(t.split()) <= 6 and not t.endswith((".", ":", "?", "!"))
            and not _SAYS_WHAT_TO_DO.search(t) for t in labels)


_CONTACT_DETAIL = re.compile(
    r"^(?:(?:tel|telephone|phone|mobile|fax|e-?mail|slack|teams|web(?:site)?|intranet)\s*:\s*)?"
    r"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d ()-]{7,}\d|#[\w-]+|https?://\S+)\.?$",
    re.IGNORECASE)
_REACHES_SOMEONE = re.compile(r"@|\d{3}|#\w")  # an address, a number or a channel: not a page
_SAYS_WHAT_TO_DO = re.compile(r"\b(?:must|should|shall|may|will|can|cannot|never|not|do|"
                              r"don't|always|only)\b", re.IGNORECASE)
IT_USE_CHAPTER = "Internet and IT use"  # the internet's chapter when it holds IT acceptable use


def chapter_titles_of_channels(docs: Sequence[SourceDocument],
                               channel_of: dict[str, str]) -> dict[str, str]:
    """Returns {channel: its chapter's title}: CHANNEL_CHAPTER_TITLES, but the internet's is
    IT_USE_CHAPTER when a policy about the use of IT in general sits there ("IT Acceptable Use
    Policy": passwords, email, removable media and phones as well as the web), where "Internet"
    would misname half of it."""
    titles = dict(CHANNEL_CHAPTER_TITLES)
    if any(channel_of.get(d.id) == "internet" and is_it_use_policy(d.title) for d in docs):
        titles["internet"] = IT_USE_CHAPTER
    return titles


def is_it_use_policy(title: str) -> bool:
    """Returns True for a title about the acceptable use of IT in general, not of the internet
    alone: "IT Acceptable Use Policy", "Acceptable use of Information Technology at work"."""
    lowered = " ".join(title.lower().split())
    return bool(_IT_USE_TITLE.search(lowered)) and not _WEB_TITLE.search(lowered)


_IT_USE_TITLE = re.compile(r"\b(?:(?:it|ict) acceptable use|acceptable use of (?:it|ict|"
                           r"information technology|information and communications? "
                           r"technology)|acceptable use policy)\b")
_WEB_TITLE = re.compile(r"\b(?:internet|web|online)\b")


def phrase_alternation(phrases: list[str] | tuple[str, ...]) -> str:
    """Returns a regex alternation matching any of `phrases` (lower-case), factored into a trie.

    Equivalent to "|".join(re.escape(p) for p in longest-first phrases), but the regex engine
    tries one branch per character instead of every phrase at every position, which makes
    lexicons of dozens of phrases several times faster to search.
    """
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items())
                    if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # a phrase ends here; prefer the longer match (greedy optional)
            return "(?:" + body + ")?"
        return body

    return build(trie)


_CHANNEL_RE = re.compile(
    r"(?<![\w-])(" + phrase_alternation([term for _, term in CHANNEL_TERMS]) + r")(?![\w-])",
    re.IGNORECASE,
)
_CHANNEL_OF_TERM = {term: channel for channel, term in CHANNEL_TERMS}
# Every channel term holds one of these as written (a quick test before the expression: most
# clauses name no channel). Only for ASCII text: IGNORECASE also matches "ı" to "i".
_CHANNEL_CORES = tuple(sorted(term for _, term in CHANNEL_TERMS if not any(
    other != term and other in term for _, other in CHANNEL_TERMS)))

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_SYNONYMS = sorted(
    ((syn, topic.key) for topic in CANONICAL_TOPICS for syn in topic.synonyms),
    key=lambda pair: -len(pair[0]),
)

STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the their them "
    "this to was were which will with all any our your you we they he she his her should "
    "must may can not no do does".split()
)


@dataclass(frozen=True)
class ChannelMention:
    """A channel term found in a text: half-open character offsets, the channel and the surface."""

    start: int
    end: int
    channel: str
    surface: str


@lru_cache(maxsize=16384)  # asked of every section title by several steps
def canonical_topic(title: str) -> str | None:
    """Returns the canonical topic key a heading names ("Aims of this policy" -> "introduction")."""
    text = " ".join(_WORD.findall(title.lower().replace("e-mail", "email")))
    if not text:
        return None
    padded = f" {text} "
    for synonym, key in _SYNONYMS:  # longest synonym first: "data protection" before "protection"
        if f" {synonym} " in padded:
            return key
    return None


def find_channels(text: str) -> list[ChannelMention]:
    """Returns the channel terms in `text`, in order."""
    if not _may_name_a_channel(text):
        return []
    return [
        ChannelMention(m.start(), m.end(), _CHANNEL_OF_TERM[m.group(1).lower()], m.group(1))
        for m in _CHANNEL_RE.finditer(text)
    ]


def mask_channels(text: str) -> str:
    """Returns `text` with every channel term replaced by the channel placeholder."""
    if not _may_name_a_channel(text):
        return text
    return _CHANNEL_RE.sub(CHANNEL_PLACEHOLDER, text)


def _may_name_a_channel(text: str) -> bool:
    """Returns False when `text` can hold no channel term (see _CHANNEL_CORES)."""
    return may_contain(text, _CHANNEL_CORES)


def may_contain(text: str, parts: tuple[str, ...]) -> bool:
    """Returns False when `text` is ASCII and holds none of `parts` (lower case) in any case:
    a quick test before an IGNORECASE expression that needs one of them. Text that is not
    ASCII always may (IGNORECASE also matches "ı" to "i" and "ſ" to "s")."""
    if not text.isascii():
        return True
    lowered = text.lower()
    for part in parts:  # (a loop of `in`: faster than one expression of them all)
        if part in lowered:
            return True
    return False


def channel_of_document(title: str, path: str = "") -> str:
    """Returns the channel a policy is about from its title (its file name when it has none),
    or "other": a title naming no channel ("General Apps Guidance") is not read from a file
    name that does ("...-messaging-apps-guidance.md"). Within a set of policies,
    channels_of_documents also reads titles that only imply a channel."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].replace("_", " ")
    for text in ((title,) if title.strip() else (name,)):
        mentions = find_channels(text.replace("-", " ").replace("e mail", "email"))
        if mentions:
            return mentions[0].channel
        lowered = text.lower()
        if "phone" in lowered or "mobile" in lowered:
            return "mobile-phone"
    return "other"


# Titles that name no channel but are about one: a policy on personal devices ("Security Guidance
# for Using a Personal Device", "Bring your own device") belongs with the mobile devices; one on
# IT acceptable use or web browsing ("IT Acceptable Use Policy", "Web Browsing") with the
# internet. Bare "device" ("USB Devices"), "web" ("Web Accessibility Statement") or "online"
# ("Online Payments") say nothing of the kind.
_DEVICE_TITLE = re.compile(r"\b(?:(?:personal|portable|own) devices?|byod)\b")
_INTERNET_TITLE = re.compile(r"\b(?:(?:it|ict|internet) acceptable use|acceptable use of (?:it|"
                             r"ict|information technology|the internet)|web browsing)\b")


def channels_of_documents(docs: Sequence[SourceDocument]) -> dict[str, str]:
    """Returns {document id: channel} for a set of policies: the author's choice where there is
    one (chosen_channel), else each one's by channel_of_document, and a policy naming none taken
    as its title's kind (_DEVICE_TITLE, _INTERNET_TITLE) when no other policy of the set names
    that channel: a "Personal Device" guidance opens the Mobile devices chapter of a set without
    a mobile phone policy, but does not join one whose Scope says it applies only to those
    issued with a Council phone."""
    named = {d.id: chosen_channel(d) or channel_of_document(d.title, d.path) for d in docs}
    taken = set(named.values())
    for doc in docs:
        title = " ".join(doc.title.lower().split())
        kind = ("mobile-phone" if _DEVICE_TITLE.search(title) else
                "internet" if _INTERNET_TITLE.search(title) else "other")
        if named[doc.id] == "other" and kind not in taken and not chosen_channel(doc):
            named[doc.id] = kind
    return named


# The document property holding the channel the author chose for a policy (the window's
# "Covers" column, a session's choice): it decides the policy's chapter over any guess.
CHOSEN_CHANNEL = "policy-consolidator:covers"
CHANNELS = ("social-media", "internet", "email", "mobile-phone", "other")


def chosen_channel(doc: SourceDocument) -> str:
    """Returns the channel the author chose for the policy, or "" when it is guessed."""
    for key, value in doc.properties:
        if key == CHOSEN_CHANNEL and value in CHANNELS:
            return value
    return ""


def with_channel(doc: SourceDocument, channel: str) -> SourceDocument:
    """Returns the policy with the author's choice of channel (one of CHANNELS; "" for none:
    guessed again). Its content, and so its id, is the same."""
    kept = tuple(p for p in doc.properties if p[0] != CHOSEN_CHANNEL)
    chosen = replace(doc, properties=kept + (((CHOSEN_CHANNEL, channel),) if channel else ()))
    list_like(chosen, doc)  # the same sections (Compare's pickers find them listed)
    return chosen


def words(text: str) -> list[str]:
    """Returns the lower-case words of `text` (letters, digits, inner hyphens and apostrophes)."""
    return _WORD.findall(text.lower())


@lru_cache(maxsize=64)
def _words_at_least(count: int) -> re.Pattern[str]:
    """Returns an expression matching the start of a lower-case text of `count` words or more
    (_WORD's words, each taken whole as findall takes it: possessive, never split)."""
    return re.compile(rf"(?:[^a-z0-9]*+[a-z0-9]++(?:[-'][a-z0-9]++)*+){{{count}}}")


def more_words_than(text: str, most: int) -> bool:
    """Returns len(words(text)) > most, reading no further than the word after the most."""
    return _words_at_least(most + 1).match(text.lower()) is not None


def content_words(text: str) -> list[str]:
    """Returns the words of `text` that carry meaning (stopwords left out)."""
    return [w for w in words(text) if w not in STOPWORDS]


def join_channels(surfaces: list[str], conjunction: str = "or") -> str:
    """Returns channel phrases joined as English: "email, the internet or social media"."""
    if len(surfaces) <= 1:
        return "".join(surfaces)
    return ", ".join(surfaces[:-1]) + f" {conjunction} " + surfaces[-1]

