"""Enrolment pages: a participant's (participant.py), a coordinator's participants and
applications (coordinator.py) and the questionnaire builder (questions.py)."""
