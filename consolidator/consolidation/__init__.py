"""The consolidation engine, one stage a module, in data-flow order (see docs/architecture.md).

Vocabulary: topics (canonical topics, channel terms), periods (figures made comparable), wording
(what a clause commits to). Stages: frontmatter (title pages and document control), align
(sections by topic), clauses (duplicate clusters, with conflicts and subjects judging
disagreements), control_conflicts (the body against the document control), plan (the draft
outline and the author's decisions), resolve (what the decisions give), edits (author intents as
decisions), merge (the Digital Policy and its coverage ledger).
"""
