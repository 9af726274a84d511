"""The one-row path against the full path when the frames dict is shared and edited in place,
as the workspace does: an edit of a field no score reads keeps the scores already computed,
any other edit computes them again; both must equal a full recompute."""

from __future__ import annotations

import polars as pl
from hypothesis import given, strategies as st
from polars.testing import assert_frame_equal

from registry.fields import get_field
from scoring import rescore_rows, score_all
from test_scoring_properties import INTERVIEW, PRIORITIES, PROFILE, PROGRAM, PROGRAMS, PROPERTY, SETTINGS
from test_scoring_support import TODAY, frames

UNSCORED = st.fixed_dictionaries({}, optional={
    "name": st.sampled_from(["Lakeside Radiology", "Hill County DR"]),
    "city": st.none() | st.sampled_from(["Tampa", "Ames"]),
    "notes": st.none() | st.sampled_from(["quiet", "busy call"]),
    "status": st.sampled_from(get_field("programs", "status").choices),
})


@PROPERTY
@given(PROGRAMS, PROFILE, PRIORITIES, st.lists(INTERVIEW, max_size=6), st.data())
def test_one_row_path_equals_full_on_shared_frames(programs, profile, priorities, interviews, data):
    ivs = [{"program_id": i % len(programs) + 1, **iv} for i, iv in enumerate(interviews)]
    shared = frames(programs, profile=profile, priorities=priorities, interviews=ivs)
    scored = score_all(shared, SETTINGS, today=TODAY)
    pid = data.draw(st.integers(1, len(programs)))
    edited = list(programs)
    edited[pid - 1] = {**programs[pid - 1], **data.draw(st.one_of(UNSCORED, PROGRAM))}
    shared["programs"] = frames(edited)["programs"]
    rows = rescore_rows(scored, shared, SETTINGS, [pid])
    full = score_all(shared, SETTINGS, today=TODAY).programs.filter(pl.col("id") == pid)
    assert_frame_equal(rows, full)
