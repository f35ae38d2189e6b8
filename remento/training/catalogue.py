"""The standard training modules and library articles a new program or organisation starts
with. Coordinators edit them freely afterwards; the seed services only add missing titles."""

from __future__ import annotations

import re
from dataclasses import dataclass

from remento.training.models import ModuleTiming, ResourceCategory

# A line that starts an item of a list ("1. ", "- "): it keeps its own line.
_LIST_ITEM = re.compile(r"^(\d+[.)]|[-•]) ")


def reflowed(text: str) -> str:
    """``text`` as pages show it (``linebreaks`` makes every newline a line break): the lines
    of each paragraph joined, so that the text wraps to the reader's screen rather than to
    this file's width; paragraphs and list items keep their breaks."""
    paragraphs = []
    for paragraph in text.strip().split("\n\n"):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if lines and not _LIST_ITEM.match(line):
                lines[-1] = f"{lines[-1]} {line.strip()}"
            else:
                lines.append(line.strip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


@dataclass(frozen=True)
class StandardModule:
    title: str
    content: str
    required: bool
    timing: str
    estimated_minutes: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "content", reflowed(self.content))


@dataclass(frozen=True)
class StandardResource:
    title: str
    summary: str
    category: str
    body: str
    url: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "body", reflowed(self.body))


STANDARD_MODULES: tuple[StandardModule, ...] = (
    StandardModule(
        title="Giving and receiving feedback",
        required=True,
        timing=ModuleTiming.BEFORE_LAUNCH,
        estimated_minutes=20,
        content="""\
In reverse mentoring the usual direction of feedback is turned around: the junior colleague
tells a senior leader what works and what does not. That only happens when both of you make
it safe.

Giving feedback: describe what you saw, the effect it had, and what you would suggest. “In
the team chat, the long announcement was read by few people; a short post with a link
might reach more.” Talk about the behaviour, never about the person. Be specific and
timely: feedback on last week's meeting is more useful than a summary at the end of the
program.

Receiving feedback: listen to the end, ask questions to understand, and thank the person
before you decide what to do with it. You do not have to agree at once; say you will think
about it, and come back to it at the next meeting.

Before your kick-off, write down one thing you would like feedback on, and one way you
prefer to receive it (in the moment, or at the end of a meeting).""",
    ),
    StandardModule(
        title="Setting goals together",
        required=True,
        timing=ModuleTiming.BEFORE_LAUNCH,
        estimated_minutes=15,
        content="""\
Pairs with written goals meet more often and finish more often. At your kick-off, agree on
two or three goals you can both recognise when they are reached.

A good goal says what will be different, by when, and how you will know: “By the end of
March, Martin posts on the company network once a week without help” rather than “get
better at social media”.

Goals go both ways. The mentee says what they want to learn; the mentor says what they hope
to gain, for instance understanding how decisions are made at the top, or visibility for
their own work.

Write your goals into the agreement on your pair page. Look at them every few meetings and
change them when you learn what really matters; the agreement can be signed again.""",
    ),
    StandardModule(
        title="Managing your mentoring time",
        required=True,
        timing=ModuleTiming.BEFORE_LAUNCH,
        estimated_minutes=10,
        content="""\
Commitment is the principle pairs most often break without noticing. You told the program
how many hours a month you can give; plan them now.

Book your meetings as a recurring series in both calendars before the first one, at the
cadence you agree in the agreement. Treat them like a customer meeting: move them if you
must, never drop them.

Keep meetings short and prepared: five minutes to catch up, the main topic, and five minutes
to agree the next step. If a month gets busy, say so early and agree a shorter meeting
rather than skipping one.""",
    ),
    StandardModule(
        title="Confidentiality and trust",
        required=False,
        timing=ModuleTiming.BEFORE_LAUNCH,
        estimated_minutes=10,
        content="""\
Reverse mentoring works when a senior leader can admit what they do not know, and a junior
colleague can speak openly about the organisation. Both need to trust that it stays between
you.

What is said in your meetings stays in the pair unless you both agree otherwise. Coordinators
see whether you meet and how it is going, never your private notes.

The one exception is a risk to someone's safety or a breach of the law: then talk to your
coordinator or HR, and tell your partner that you will.""",
    ),
    StandardModule(
        title="Running a reverse-mentoring session",
        required=False,
        timing=ModuleTiming.DURING,
        estimated_minutes=15,
        content="""\
Learn by doing: rather than a presentation, sit together at the tool you are learning and let
the mentee drive while the mentor guides.

End every session with one small thing to try before the next one, and start the next
session by looking at how it went. Note what you learned on your pair page so the progress
is visible to both of you.""",
    ),
)


STANDARD_RESOURCES: tuple[StandardResource, ...] = (
    StandardResource(
        title="What is reverse mentoring?",
        summary="Why junior colleagues mentor senior leaders, and what both sides gain.",
        category=ResourceCategory.GETTING_STARTED,
        body="""\
In reverse mentoring a junior employee mentors a senior leader: on digital tools, social
media, new ways of working, or the lived experience of groups the leader rarely hears from.
The senior shares strategy and knowledge of the organisation in return.

The mentee gains skills and perspective; the mentor gains visibility, confidence and an
understanding of how decisions are made. The organisation gains leaders who stay close to
how work is really done.""",
    ),
    StandardResource(
        title="Your first meeting: a checklist",
        summary="What to cover at the kick-off so the pair starts on solid ground.",
        category=ResourceCategory.MEETINGS,
        body="""\
1. Introduce yourselves beyond your job titles.
2. Read the program's agreement together and fill in your goals and meeting cadence.
3. Agree how you will get in touch between meetings.
4. Book the next three meetings in both calendars.
5. Sign the agreement on your pair page.""",
    ),
    StandardResource(
        title="Asking for feedback as a senior leader",
        summary="How to make it easy for a junior colleague to tell you the truth.",
        category=ResourceCategory.FEEDBACK,
        body="""\
Ask for something specific (“what did you think of how I opened the town hall?”), ask often,
and react to the first piece of critical feedback with thanks. How you respond the first
time decides whether you hear the truth the second time.""",
    ),
    StandardResource(
        title="Writing goals you can measure",
        summary="Turn “get better at X” into a goal you will recognise when it is reached.",
        category=ResourceCategory.GOALS,
        body="""\
Say what will be different, by when, and how you will know. Split a large goal into steps
you can reach between two meetings, and look at progress every few meetings.""",
    ),
    StandardResource(
        title="Choosing a first digital topic",
        summary="Start with a tool the mentee uses every week, not the newest one.",
        category=ResourceCategory.DIGITAL,
        body="""\
The quickest wins come from tools already in daily use: the team chat, shared documents,
the calendar, the company's social network. Once the mentee is confident there, move on
to AI assistants, data dashboards or external social media.""",
    ),
    StandardResource(
        title="Listening across generations and backgrounds",
        summary="How to hear what a colleague's different experience can teach you.",
        category=ResourceCategory.INCLUSION,
        body="""\
Ask open questions, let silences be, and resist explaining why things are the way they are.
The value of the conversation lies in what you did not know before it.""",
    ),
)
