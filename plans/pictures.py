"""The line drawings of each stage, the warm-up and the seated rest, with their words.

The alt texts are written for someone who cannot see the drawing: what the person in it is
doing and how they keep safe, not what the lines look like.
"""

from django.utils.translation import gettext_lazy as _

PICTURES = {
    "pool": {
        "file": "img/stages/pool.svg",
        "caption": _("In the pool: one hand on the edge"),
        "alt": _(
            "Drawing: a person stands in a pool with the water at chest height and walks "
            "backward, one hand resting on the pool edge."
        ),
    },
    "handrail": {
        "file": "img/stages/handrail.svg",
        "caption": _("Along a rail: one hand sliding along it"),
        "alt": _(
            "Drawing: a person walks backward beside a rail, one hand sliding along the rail "
            "as they go."
        ),
    },
    "treadmill": {
        "file": "img/stages/treadmill.svg",
        "caption": _("On a treadmill: facing its back, both hands on the rails, key clipped on"),
        "alt": _(
            "Drawing: a person stands on a treadmill facing away from the controls, holding "
            "the side rails with both hands, with the safety key's cord clipped to their "
            "waist, stepping backward."
        ),
    },
    "track": {
        "file": "img/stages/track.svg",
        "caption": _("On a clear track: look over your shoulder, or have a spotter"),
        "alt": _(
            "Drawing: a person walks backward on a flat, clear track, looking back over one "
            "shoulder, while a helper walks close beside them."
        ),
    },
    "warmup": {
        "file": "img/stages/warmup.svg",
        "caption": _("Warm-up: hold on, swing one leg gently"),
        "alt": _(
            "Drawing: a person stands holding a rail with one hand and gently swings the other "
            "leg forward and back."
        ),
    },
    "seated": {
        "file": "img/stages/seated.svg",
        "caption": _("Rest: sit down on a chair at the end of the rail"),
        "alt": _(
            "Drawing: a person sits resting on a chair placed at the end of a rail, hands on "
            "their knees."
        ),
    },
    # The same drawing for a treadmill's seated rest, whose chair stands beside the treadmill.
    "seated_treadmill": {
        "file": "img/stages/seated.svg",
        "caption": _("Rest: stop the belt, step off, and sit on a chair beside the treadmill"),
        "alt": _("Drawing: a person sits resting on a chair, hands on their knees."),
    },
}


def picture_for(key: str) -> dict:
    """The drawing for a stage code, "warmup" or "seated"; the rail drawing if unknown."""
    return PICTURES.get(key, PICTURES["handrail"])
