from __future__ import annotations

from uprtc.activities.duplicates import store_embedding
from uprtc.core.tasks import task

# recomputes the vector from the current text: running it twice is harmless
task("activities.store_embedding")(store_embedding)
