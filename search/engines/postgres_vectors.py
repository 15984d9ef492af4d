"""tsvector and tsquery text built from our own tokens.

PostgreSQL parses these literals without its text-search parser or any
configuration, so the lexemes are exactly our stems (``search.text``).
"""

MAX_POSITION = 16383  # PostgreSQL clamps positions to this
MAX_POSITIONS_PER_LEXEME = 255  # and keeps at most 256 per lexeme
FIELD_GAP = 10  # a phrase must not run from the title into the lead


def quote_lexeme(token):
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(weighted_fields):
    """``weighted_fields``: [(tokens, "A"), (tokens, "B"), ...] -> tsvector text."""
    positions = {}
    position = 0
    for tokens, weight in weighted_fields:
        for token in tokens:
            position = min(position + 1, MAX_POSITION)
            slots = positions.setdefault(token, [])
            if len(slots) < MAX_POSITIONS_PER_LEXEME and (not slots or slots[-1][0] != position):
                slots.append((position, weight))
        position += FIELD_GAP
    return " ".join(
        quote_lexeme(token) + ":" + ",".join(f"{pos}{weight}" for pos, weight in slots)
        for token, slots in positions.items()
    )
