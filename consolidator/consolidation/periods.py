"""Figures and periods in policy wording, made comparable: "two days" = 48 hours.

A period is kept in hours. Words that say a deadline or a frequency without a figure count too:
"immediately" (0), "on the same working day" (8), "annually" / "every year" (8760), "monthly" (730).
"""

from __future__ import annotations

import re
from functools import lru_cache

from consolidator.consolidation.topics import phrase_alternation

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "eighteen": 18, "twenty": 20, "twenty-one": 21,
    "twenty-four": 24, "twenty-eight": 28, "thirty": 30, "forty": 40, "forty-eight": 48,
    "sixty": 60, "seventy-two": 72, "ninety": 90, "hundred": 100,
}
UNIT_HOURS: dict[str, float] = {
    "minute": 1 / 60, "hour": 1, "day": 24, "working day": 24, "business day": 24,
    "calendar day": 24, "week": 168, "fortnight": 336, "month": 730, "year": 8760,
}
SAME_DAY_HOURS = 8.0  # "on the same working day": sooner than "within 24 hours"

# Deadlines and frequencies said in words, longest first; value in hours.
PERIOD_PHRASES: dict[str, float] = {
    "immediately": 0, "at once": 0, "straight away": 0, "straightaway": 0, "right away": 0,
    "on the same working day": SAME_DAY_HOURS, "on the same day": SAME_DAY_HOURS,
    "the same working day": SAME_DAY_HOURS, "the same day": SAME_DAY_HOURS,
    "same day": SAME_DAY_HOURS, "by the end of the working day": SAME_DAY_HOURS,
    "by the end of the day": SAME_DAY_HOURS,
    "by the next working day": 24, "the next working day": 24, "next working day": 24,
    "annually": 8760, "yearly": 8760, "every year": 8760, "each year": 8760,
    "once a year": 8760, "a year": 8760, "per year": 8760, "per annum": 8760,
    "twice a year": 4380, "every six months": 4380, "six-monthly": 4380,
    "quarterly": 2190, "every quarter": 2190,
    "monthly": 730, "every month": 730, "each month": 730, "once a month": 730,
    "fortnightly": 336, "weekly": 168, "every week": 168, "each week": 168,
    "once a week": 168, "daily": 24, "every day": 24, "each day": 24, "once a day": 24,
    "every working day": 24, "biennially": 17520, "hourly": 1,
}
# "a year" is ambiguous on its own ("a year of service"): kept out of the pattern below.
_AMBIGUOUS = {"a year"}
_PHRASE = re.compile(
    r"(?<![\w-])(" + phrase_alternation([p for p in PERIOD_PHRASES if p not in _AMBIGUOUS])
    + r")(?![\w-])",
    re.IGNORECASE,
)
# Deadlines without a figure: "report it promptly" names no period another clause could match,
# but against "within 24 hours" for the same duty it is a disagreement of its own kind.
VAGUE_DEADLINES: tuple[str, ...] = (
    "promptly", "as soon as possible", "as soon as practicable",
    "as soon as reasonably practicable", "as soon as is practicable", "without delay",
    "without undue delay", "at the earliest opportunity", "in a timely manner",
    "in a timely fashion", "in good time", "quickly", "swiftly", "asap",
)
_VAGUE = re.compile(r"(?<![\w-])(" + phrase_alternation(list(VAGUE_DEADLINES)) + r")(?![\w-])",
                    re.IGNORECASE)
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
QUANTITY = re.compile(
    r"(?<![\w.,/\-])(" + _NUMBER + "|" + phrase_alternation(list(NUMBER_WORDS)) + r")"
    r"(?:\s*\(\d+\))?"  # "two (2) days"
    r"(?:\s*(minutes?|hours?|working days?|business days?|calendar days?|days?|weeks?|"
    r"fortnights?|months?|years?|mb|gb|kb|tb|%|per ?cent))?(?![\w/\-])(?![.,]\d)",
    re.IGNORECASE,
)
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_MONTH_AFTER = re.compile(r"\s*(?:st|nd|rd|th)?\s+(?:" + _MONTHS + r")\b", re.IGNORECASE)
_MONTH_BEFORE = re.compile(r"\b(?:" + _MONTHS + r")\s*$", re.IGNORECASE)
_EVERY = re.compile(r"\bevery\s+$", re.IGNORECASE)
# Numbers that name a thing rather than set a rule: "section 4", "Order No. 117", "Principle 2",
# "ISO 27001", "Tel: 0800 ...", "Article 6(1)".
_REFERENCE = re.compile(
    r"\b(?:sections?|s|ss|paragraphs?|paras?|clauses?|appendix|appendices|annexe?s?|"
    r"schedules?|parts?|pages?|pp?|chapters?|articles?|acts?|regulations?|rules?|orders?|no|"
    r"nos|numbers?|ref|reference|version|v|issue|edition|iso|iec|bs|en|pas|standard|forms?|"
    r"steps?|stages?|levels?|tiers?|items?|questions?|points?|figures?|tables?|room|floor|"
    r"extension|ext|tel|telephone|phone|fax|box|footnotes?|notes?|principles?|category|class|"
    r"grade|band|phase|release|build|option|annex|line|row|column|principle\(s\))\.?:?\s*$",
    re.IGNORECASE,
)
# Where a figure is a label or part of an identifier, not a rule's figure.
_URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_LIST_LABEL = re.compile(r"^\s*\(?\d+(?:\.\d+)*[.):]\s")  # "1. ", "(2) ", "3: ", "4.8 "
_NAME_BEFORE = re.compile(r"(?<=[a-z,;:)])\s+[A-Z][A-Za-z]*\s*$")  # "... Office 365", "Covid 19"
_CURRENCY_BEFORE = re.compile(r"[£$€]\s*$")
_NOUN_AFTER = re.compile(r"\s*([a-z][a-z-]+)", re.IGNORECASE)
_NOT_NOUNS = frozenset("""
a an the and or to of in on at by for from with or more less than times per each other days
""".split())


def quantities(text: str) -> list[tuple[str, float, str]]:
    """Returns the policy figures in `text` as (unit family, comparable value, surface).

    Periods come in hours ("2 days" -> ("period", 48.0, "2 days"); "annually" -> ("period",
    8760.0, "annually")); sums of money have the family "money"; other figures are counted
    things, their family named after the noun that follows ("8 characters" -> "number:characters").
    Figures that name something rather than set a rule are left out: section, article and order
    numbers, legislation and years, dates, versions, document references and other codes
    ("XYZ-S14-009", "Covid-19", "01/05/2023"), telephone numbers, numbers in web or email
    addresses, list labels ("1. ", "(2)") and numbers in bracketed citations ("[3]").
    """
    text = _blank(_URL_OR_EMAIL, text)
    found: list[tuple[int, str, float, str]] = []
    taken: list[tuple[int, int]] = []
    for m in _PHRASE.finditer(text):
        found.append((m.start(), "period", float(PERIOD_PHRASES[m.group(1).lower()]), m.group(1)))
        taken.append((m.start(), m.end()))
    for m in QUANTITY.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue  # "every six months" is already a phrase
        figure = _figure(text, m)
        if figure is not None:
            found.append((m.start(), *figure))
    return [(unit, value, surface) for _, unit, value, surface in sorted(found)]


def _figure(text: str, m: re.Match[str]) -> tuple[str, float, str] | None:
    """Returns (family, value, surface) of a QUANTITY match, or None when it is no policy figure."""
    raw, unit = m.group(1).lower(), (m.group(2) or "").lower()
    value = NUMBER_WORDS.get(raw)
    if value is None and not _rule_number(text, m):
        return None
    number = float(value) if value is not None else float(raw.replace(",", ""))
    surface = m.group(0).strip()
    if unit:
        base = unit.rstrip("s") if unit != "%" else unit
        if base in UNIT_HOURS:
            if _EVERY.search(text[: m.start()]):
                surface = "every " + surface  # a frequency: "every two years"
            return "period", number * UNIT_HOURS[base], surface
        return base.replace(" ", ""), number, surface
    if value is not None:
        return None  # "one of the following": a word number without a unit is not a figure
    if _CURRENCY_BEFORE.search(text[: m.start()]):
        return "money", number, text[m.start() - 1: m.end()].strip()
    if "." in raw or 1900 <= number <= 2100:
        return None  # "see 4.8" is a reference, 2018 a year
    if _MONTH_AFTER.match(text, m.end()) or _MONTH_BEFORE.search(text[: m.start()]):
        return None  # a date: "7 June", "June 7"
    noun = _NOUN_AFTER.match(text, m.end())
    thing = noun.group(1).lower() if noun and noun.group(1).lower() not in _NOT_NOUNS else ""
    return ("number:" + thing if thing else "number"), number, surface


def _rule_number(text: str, m: re.Match[str]) -> bool:
    """Returns False for a number written in digits that names something: a reference, a code,
    a telephone number, a list label, a citation or a product ("Office 365")."""
    raw = m.group(1)
    before = text[: m.start()]
    if raw.startswith("0") and len(raw) > 1 and "." not in raw:
        return False  # "0800 917 5148", "009"
    if _REFERENCE.search(before) or _NAME_BEFORE.search(before):
        return False
    if before.rstrip().endswith("[") or text[m.end(): m.end() + 1] == "]":
        return False  # a citation: "[3]"
    if not before.strip() and _LIST_LABEL.match(text):
        return False  # a typed list number: "1. Staff must ..."
    if before.endswith("(") and text[m.end(): m.end() + 1] == ")":
        return False  # "(2)": a list label or a subsection
    after = text[m.end(): m.end() + 2]
    if after[:1] == ":" or re.match(r" \d", after) or re.search(r"\d $", before):
        return False  # "1: enabled", digit groups of a telephone number
    if re.search(r"\d,\s*$", before) or re.match(r",\s*\d", text[m.end():]):
        return False  # a list of numbers: "Principles 1, 2 and 5"
    return True


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """Returns `text` with the matches of `pattern` replaced by spaces (offsets kept)."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def vague_deadline(text: str) -> str:
    """Returns the first deadline said without a figure ("promptly", "as soon as possible"), or
    "" when there is none."""
    m = _VAGUE.search(text)
    return m.group(1) if m else ""


def mask_periods(text: str, placeholder: str = " xnumx ") -> str:
    """Returns `text` with every period phrase, vague deadline and figure replaced by
    `placeholder`."""
    return QUANTITY.sub(placeholder, _VAGUE.sub(placeholder, _PHRASE.sub(placeholder, text)))


# --- When a rule applies: in working time, in the member of staff's own time, or at any time ---

WORK_TIME = "work"
OWN_TIME = "own"
ANY_TIME = "any"

_ANY_TIME = (
    r"at any time|at all times|any time|anytime|at work or at home|at home or at work|"
    r"at work and at home|at home and at work|in or outside (?:of )?(?:working|work|office) "
    r"(?:hours|time)|inside or outside (?:of )?(?:working|work|office) (?:hours|time)|"
    r"whether (?:or not )?(?:they are )?(?:at work|on duty)"
)
_OWN_TIME = (
    r"(?:their|his|her|your|staff's|member of staff's) own time|own time|"
    r"outside (?:of )?(?:their |normal |core |contracted )?(?:working|work|office|business|core)"
    r" (?:hours|time)|outside (?:of )?work|non-working (?:hours|time)|off duty|off-duty|"
    r"(?:unpaid|paid|lunch|tea|coffee|rest) breaks?|lunch ?times?|lunch hours?|"
    r"during (?:a |an |their |any )?breaks?|on (?:a |their )?breaks?"
)
_WORK_TIME = (
    r"working (?:hours|time)|work(?:ing)? time|work hours|office hours|business hours|"
    r"core hours|contracted hours|during the working day|during the work day|"
    r"(?:while|whilst) (?:at work|working|on duty)|on duty|at work|in (?:council|paid) time"
)
# One scan: the leftmost phrase wins, so "outside working hours" is own time, not working hours.
_SCOPE = re.compile(
    rf"\b(?:(?P<any>{_ANY_TIME})|(?P<own>{_OWN_TIME})|(?P<work>{_WORK_TIME}))\b",
    re.IGNORECASE,
)
_SCOPE_HINTS = ("time", "hour", "break", "duty", "work", "lunch")  # one is in every phrase
# "except during breaks", "other than in their own time": the rule covers the other times.
_EXCEPT_BEFORE = re.compile(
    r"\b(?:except|excepting|other than|apart from|unless|save for|but not)\b[^,.;:()]{0,24}$",
    re.IGNORECASE,
)


@lru_cache(maxsize=65536)  # a clause is judged against many others
def time_scope(text: str) -> str | None:
    """Returns when a clause's rule applies: WORK_TIME ("during working time", "at work"),
    OWN_TIME ("in their own time", "during an unpaid break", "outside working hours"), ANY_TIME
    ("at any time", "at work or at home"), or None when it does not say or says both.

    A scope after "except", "other than", "unless" or "but not" is turned round: "must not be
    used except during breaks" applies in working time.
    """
    lowered = text.lower()
    if not any(hint in lowered for hint in _SCOPE_HINTS):
        return None
    found: set[str] = set()
    for m in _SCOPE.finditer(text):
        if m.group("any"):
            return ANY_TIME
        scope, other = (OWN_TIME, WORK_TIME) if m.group("own") else (WORK_TIME, OWN_TIME)
        found.add(other if _EXCEPT_BEFORE.search(text, 0, m.start()) else scope)
    return found.pop() if len(found) == 1 else None


def complementary_times(text_a: str, text_b: str) -> bool:
    """Returns True when one clause is about working time and the other about the member of
    staff's own time: "Personal use must not take place during working time" and "Personal use
    is permitted in their own time" do not contradict each other."""
    return {time_scope(text_a), time_scope(text_b)} == {WORK_TIME, OWN_TIME}
