# SPDX-License-Identifier: GPL-2.0-only
"""Refusals: a named predicate, a stable reason code and the human text.

A rule refuses to move code when it cannot prove that the result is the
same program.  Each such check is a predicate (a function that returns
something true when the code must stay where it is) registered with
@refusal(code, text): the code is what tests and tools compare (it does
not change when the wording does), the text is what the runner prints
after "LIFT-REFUSED:" or "MIDLAYER-REFUSED:" and the reports quote.

Calling a registered predicate raises Refused when it holds; its
keyword arguments (plus the dict it may return) fill in the text.
pred.holds(**kw) asks the bare question.
"""

# code -> human text template (%(name)s fields)
REASONS = {}


class Refused(Exception):
    """A refusal: .code (stable), .text (printed)."""

    def __init__(self, code, text):
        Exception.__init__(self, text)
        self.code = code
        self.text = text


def refusal(code, text):
    """Register the decorated predicate under code; see the module doc."""
    if code in REASONS:
        raise ValueError("reason code %s registered twice" % code)
    REASONS[code] = text

    def wrap(pred):
        def check(**kw):
            res = pred(**kw)
            if res:
                args = dict(kw)
                if isinstance(res, dict):
                    args.update(res)
                raise Refused(code, text % args)
        check.__name__ = pred.__name__
        check.__doc__ = pred.__doc__
        check.holds = pred
        check.code = code
        check.text = text
        return check
    return wrap


def refuse(code, **kw):
    """Refuse with a registered reason whose predicate is the caller's own
    flow (a check spread over several steps)."""
    raise Refused(code, REASONS[code] % kw)
