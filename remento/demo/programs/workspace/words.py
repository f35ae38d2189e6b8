"""What the demo pairs write in their workspace: agendas, topics, notes, goals' milestones,
action items and check-in answers. Plain data, chosen from by each pair's seeded randomness."""

from __future__ import annotations

AGENDAS = (
    "Prompts for the weekly update: what worked since last time, one new trick.",
    "LinkedIn: review last month's posts and plan the next two.",
    "How our youngest customers find us: a tour of three TikTok accounts.",
    "Feedback the Gen Z way: role-play one conversation from this week.",
    "AI output for finance: spot the mistakes in three summaries.",
    "A collaborative whiteboard for the next team meeting: set it up together.",
)

TOPICS = (
    "Wrote two prompts together for the weekly update; the second saved twenty minutes.",
    "Reviewed the last post: shorter sentences, one picture, the team named. Good reach.",
    "Looked at how three competitors talk to students; ideas for our careers page.",
    "Practised asking for feedback in a one-to-one; agreed to try it on Thursday.",
    "Compared an AI summary with the real board minutes; listed what it got wrong.",
    "Set up the whiteboard template and tried voting on priorities with sticky notes.",
)

LOCATIONS = ("Café on the 3rd floor", "Meeting room Lovelace", "Walk around the block")
VIDEO_URL = "https://meet.example.com/remento-pair"

SHARED_NOTES = (
    "Next time: bring one real draft to improve together, not a made-up one.",
    "Links from today: the prompting cheat sheet in Resources, and the LinkedIn four-week plan.",
    "We agreed to keep the first ten minutes for what happened since our last meeting.",
    "Good session. The mentee wants to try a short video for the team channel next month.",
)
PAIR_NOTE = (
    "How we work: we meet every two weeks, swap who sets the agenda, and keep what we say "
    "between us. Either of us can move a meeting with two days' notice."
)

MILESTONES = (
    "Try it once with my mentor",
    "Use it on a real piece of work",
    "Show the result to my team",
    "Make it a weekly habit",
)

# Action items by their owner: the mentor (the junior who teaches) prepares and sends what
# the mentee (the senior leader who learns) is to try; the mentee tries it on real work.
ACTION_ITEMS = {
    "mentor": (
        "Send the three prompts that worked to the mentee",
        "Find two TikTok accounts our customers follow and share the links",
        "Write a one-page guide to the whiteboard tool for the team meeting",
        "Read the article on giving feedback to someone more senior",
    ),
    "mentee": (
        "Draft the next LinkedIn post and share it before we meet",
        "Write this week's update with an AI assistant and bring both versions",
        "Book the whiteboard room for the team meeting",
        "Ask the team for feedback the way we role-played it",
    ),
}

PRIVATE_NOTES = {
    "mentor": (
        "Felt nervous before the first meeting; it went better than I expected. Ask about "
        "the reorganisation only if they bring it up."
    ),
    "mentee": (
        "I learn faster when I do it myself with them watching. Must stop cancelling when the "
        "diary fills up: this hour is worth keeping."
    ),
}

CHECKIN_TEXT = {
    "mentee": (
        "Better than I expected: practical, and I use what we try the same week.",
        "Useful, though finding the time is harder than I thought.",
        "We have not really got going yet.",
    ),
    "mentor": (
        "Nothing for now; a quiet room for our meetings would help.",
        "Some tips on giving feedback to someone much more senior.",
        "Help to find a time that my mentee keeps.",
    ),
}
# The closing check-in's own questions look back on the pair.
CLOSING_TEXT = {
    "mentee": (
        "A new habit: I try the tools myself before I ask for a summary.",
        "Some good ideas; we met less often than we meant to.",
        "Less than I hoped: we never found a rhythm.",
    ),
    "mentor": (
        "Nothing more: the time set aside was respected.",
        "A short guide for the first meeting would have helped.",
        "Help early on, when meetings kept moving.",
    ),
}
CHECKIN_COMMENTS = (
    "Good rhythm, clear goals.",
    "We are finding our feet.",
    "Hard to meet lately.",
)

SAFETY_DETAILS = (
    "Our meetings keep being cancelled at short notice and I do not feel I can say so "
    "directly. Could we talk about what to do?"
)

# The Closed program's closing check-ins: what each person says when the pilot ends, with
# the rating they give. ``quote`` marks those who allow their words to be quoted, unnamed,
# in the sponsor's report.
CLOSING = {
    "mentee": (
        (
            5,
            "I now draft my weekly update with an AI assistant in ten minutes, and I know "
            "where I would not trust it.",
            True,
        ),
        (
            5,
            "Hearing how our youngest colleagues experience our meetings changed how I run "
            "mine. I would sign up again tomorrow.",
            True,
        ),
        (
            4,
            "Useful and practical, though six meetings felt short: we were just getting going.",
            False,
        ),
        (
            5,
            "I posted on LinkedIn in my own words for the first time in years, and my team "
            "noticed before I told them.",
            True,
        ),
        (4, "Less about tools than I expected and more about listening; both were worth it.", True),
        (
            3,
            "Good conversations, but my diary won too often. Book every meeting at the start.",
            False,
        ),
    ),
    "mentor": (
        (
            5,
            "A vice president asked for my view every month and acted on it. I did not expect "
            "to be listened to like that.",
            True,
        ),
        (
            4,
            "I learned how decisions are really made here; it changed how I pitch my own ideas.",
            True,
        ),
        (
            4,
            "Giving feedback upwards was hard at first; by the third meeting it felt normal.",
            False,
        ),
        (
            5,
            "It gave me a view of the business I would not have had for years, and someone "
            "senior who knows my work.",
            True,
        ),
        (3, "Hard to keep the rhythm in busy months, but I would mentor again.", False),
    ),
}

# How many of each goal's four milestones the Closed program's pairs reached, goal after goal
# (in turn, for as many goals as a pair has): most goals done, some not quite.
CLOSED_GOAL_PROGRESS = (
    (4, 4, 4, 3),
    (4, 4, 2),
    (4, 3, 4, 4, 4),
    (4, 4, 4, 4, 1),
    (4, 4, 3, 4),
    (3, 4, 4, 4, 4),
    (4, 4, 4, 2, 4),
    (4, 4, 4, 4, 4),
)
