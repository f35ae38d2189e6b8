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

ACTION_ITEMS = (
    "Send the three prompts that worked to the mentee",
    "Draft the next LinkedIn post and share it before we meet",
    "Book the whiteboard room for the team meeting",
    "Read the article on feedback styles",
)

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
CHECKIN_COMMENTS = (
    "Good rhythm, clear goals.",
    "We are finding our feet.",
    "Hard to meet lately.",
)

SAFETY_DETAILS = (
    "Our meetings keep being cancelled at short notice and I do not feel I can say so "
    "directly. Could we talk about what to do?"
)
