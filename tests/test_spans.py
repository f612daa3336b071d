"""Spans answers the overlap and containment tests exactly as scanning the list of spans did."""
from hypothesis import given, settings, strategies as st

from cleancn.spans import Spans

span = st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=400, deadline=None)
@given(st.lists(span, max_size=25), st.lists(span, max_size=15))
def test_spans_answer_as_a_scan_of_the_list(added, queries):
    spans, plain = Spans(added[:5]), list(added[:5])
    for a in added[5:]:  # added in any order, overlapping or not, after some at construction
        spans.append(a)
        plain.append(a)
        for s, e in queries:
            assert spans.overlaps(s, e) == any(x < e and s < y for x, y in plain)
            assert spans.contains(s, e) == any(x <= s and e <= y for x, y in plain)
    assert len(spans) == len(plain) and sorted(spans) == sorted(plain)
