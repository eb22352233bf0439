"""How much free text a box takes. Every length is bounded before anything stores it.

Two sizes cover the app's free text: a few sentences (a reason, a summary, one part of a role
description) and a note (meeting notes, interview notes, a comment on a flag). Both are far more
than anyone types into those boxes, and far less than would weigh on a page, a PDF, the history or
the daily digest. Short boxes (a name, a place) keep their own, smaller, limits.
"""

FEW_SENTENCES = 1000
NOTE = 5000
