"""The skills catalogue every new organisation starts with, and the interests beside it.

The skills are what reverse-mentoring programs actually trade: juniors teach digital tools,
social media, AI and new ways of working, and the lived experience of an inclusive culture;
seniors teach leadership, strategy and business acumen back. An organisation may rename,
add or remove skills afterwards; installing the catalogue again only adds what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from remento.core.models import Organization
from remento.people.models import Interest, Skill, SkillCategory


@dataclass(frozen=True)
class CatalogueSkill:
    name: str
    slug: str
    category: SkillCategory
    description: str


# Each skill is two lines: "name | slug", then its one-line description, indented.
_CATALOGUE_TEXT: dict[SkillCategory, str] = {
    SkillCategory.DIGITAL_TOOLS: """
Excel automation | excel-automation
    Formulas, Power Query and macros that replace hours of manual spreadsheet work.
Power BI dashboards | power-bi
    Build and read interactive dashboards from live company data.
Microsoft Teams and Slack etiquette | teams-slack-etiquette
    Channels, threads, mentions and status that keep chat useful instead of noisy.
Notion workspaces | notion
    Shared wikis, databases and meeting notes that a team keeps up to date.
Figma for non-designers | figma
    Read, comment on and lightly edit designs and whiteboards in Figma and FigJam.
Cloud file sharing and collaboration | cloud-collaboration
    Co-edit documents in OneDrive, SharePoint or Google Workspace without version chaos.
Video meetings that work | video-meetings
    Run hybrid meetings in Teams or Zoom: sound, screen sharing, breakout rooms, recordings.
Mobile productivity | mobile-productivity
    Approve, review and reply from a phone without losing track of work.
Automation with Power Automate and Zapier | no-code-automation
    Connect everyday apps so routine hand-offs happen on their own.
Cybersecurity hygiene | cybersecurity-hygiene
    Spot phishing, use a password manager and multi-factor sign-in, share files safely.
Digital whiteboarding with Miro | miro
    Facilitate workshops and retrospectives on a shared online canvas.
Keyboard shortcuts and search | shortcuts-and-search
    Find anything in mail, files and chat in seconds instead of minutes.
""",
    SkillCategory.SOCIAL_MEDIA: """
TikTok for brands | tiktok
    How TikTok's feed works, what content travels and how brands show up there.
LinkedIn personal brand | linkedin-personal-brand
    A profile, posting rhythm and voice that make a leader visible and credible.
Instagram and Reels | instagram
    Stories, Reels and visual storytelling for a company or a personal account.
Short-form video | short-form-video
    Plan, film and edit 30-second vertical videos on a phone.
Social listening | social-listening
    Follow what customers and candidates say about the company online.
Creator and influencer culture | creator-culture
    How creators build audiences and how companies work with them.
Employee advocacy | employee-advocacy
    Encourage staff to share company news authentically and safely.
Online community management | community-management
    Moderate and grow communities on Discord, Reddit or LinkedIn groups.
Social media crisis response | social-media-crisis
    What to do in the first hour when a post goes wrong.
Podcasting and audio | podcasting
    Record, edit and publish a short podcast or audio update.
""",
    SkillCategory.AI_DATA: """
Generative AI prompting | generative-ai-prompting
    Write prompts that get useful, checkable answers from large language models.
ChatGPT and Copilot at work | chatgpt-copilot-at-work
    Use AI assistants for drafting, summarising and analysis within company policy.
Data literacy | data-literacy
    Read charts, question numbers and tell correlation from causation.
AI ethics and responsible use | ai-ethics
    Bias, privacy, copyright and when not to use AI.
SQL basics | sql-basics
    Ask your own questions of a database with simple queries.
Python for analysis | python-for-analysis
    Notebooks and pandas to clean and explore a data set.
Data visualisation | data-visualisation
    Choose the chart that makes the point honestly and clearly.
AI image and video tools | ai-image-video
    Create and edit images and video with generative tools, and spot fakes.
Machine learning concepts | machine-learning-concepts
    What models can and cannot do, explained without the maths.
Automating reports with AI | ai-report-automation
    Turn recurring reports into AI-assisted pipelines that a human reviews.
Experimentation and A/B testing | ab-testing
    Design a fair test and read its result without fooling yourself.
""",
    SkillCategory.WAYS_OF_WORKING: """
Agile and Scrum | agile-scrum
    Sprints, backlogs, stand-ups and retrospectives beyond the buzzwords.
Remote and hybrid collaboration | remote-collaboration
    Keep a distributed team aligned, included and productive.
Asynchronous communication | async-communication
    Written updates and decisions that replace meetings.
Kanban and visual management | kanban
    Make work visible and limit work in progress.
Design thinking | design-thinking
    Empathise, prototype and test ideas with real users quickly.
Lean experimentation | lean-experimentation
    Small bets and fast feedback instead of big-bang launches.
Focus and time management | focus-time-management
    Protect deep work, batch notifications and plan the week.
Digital wellbeing | digital-wellbeing
    Healthy boundaries with screens, notifications and always-on culture.
Writing for the screen | writing-for-screen
    Short, scannable messages that people actually read.
Giving and receiving feedback | feedback
    Specific, timely, kind feedback in both directions.
""",
    SkillCategory.DEI_CULTURE: """
Inclusive language | inclusive-language
    Words that welcome everyone, in speech, writing and job adverts.
Allyship | allyship
    Practical ways to support colleagues from under-represented groups.
Gen Z expectations at work | gen-z-expectations
    What the newest generation of employees looks for in a job and a manager.
Neurodiversity awareness | neurodiversity-awareness
    Work well with colleagues who think differently: ADHD, autism, dyslexia.
Unconscious bias | unconscious-bias
    Notice the shortcuts that skew hiring, promotion and everyday decisions.
Psychological safety | psychological-safety
    Teams where people speak up, admit mistakes and challenge ideas.
Cross-cultural communication | cross-cultural-communication
    Work across countries, languages and cultural norms.
Accessibility and disability inclusion | accessibility
    Accessible documents, meetings and products; reasonable adjustments.
LGBTQ+ inclusion | lgbtq-inclusion
    Pronouns, benefits and everyday respect for LGBTQ+ colleagues.
Mental health awareness | mental-health-awareness
    Recognise stress and burnout and know how to respond.
Multigenerational teams | multigenerational-teams
    Bring Boomers, Gen X, Millennials and Gen Z together at their best.
""",
    SkillCategory.LEADERSHIP_STRATEGY: """
Strategic thinking | strategic-thinking
    See the long game, weigh options and make choices that stick.
Leading through change | leading-change
    Bring people along through reorganisations and transformations.
Executive presence | executive-presence
    Speak with clarity and confidence to senior audiences.
Decision-making under uncertainty | decision-making
    Decide well with incomplete information, and explain why.
Stakeholder management | stakeholder-management
    Map, influence and keep the people who matter on side.
Coaching and developing others | coaching
    Grow people by asking better questions instead of giving answers.
Building high-performing teams | high-performing-teams
    Hire, organise and motivate a team that delivers.
Negotiation | negotiation
    Prepare, trade and close agreements that both sides keep.
Career navigation | career-navigation
    How careers are really built inside a large organisation.
Board and investor communication | board-communication
    What boards and investors want to hear and how to say it.
Crisis leadership | crisis-leadership
    Lead calmly and visibly when things go wrong.
""",
    SkillCategory.BUSINESS_ACUMEN: """
Financial literacy | financial-literacy
    Read a P&L, balance sheet and cash-flow statement.
Budgeting and forecasting | budgeting-forecasting
    Plan a budget, track it and explain the variances.
Commercial awareness | commercial-awareness
    How the company makes money and what moves the numbers.
Customer centricity | customer-centricity
    Put the customer's problem at the centre of every decision.
Business case writing | business-case
    Make the case for an investment with costs, benefits and risks.
Market and competitor analysis | market-analysis
    Size a market and understand what competitors are doing.
Pricing strategy | pricing-strategy
    Set and change prices with value, costs and competition in mind.
Corporate governance and risk | governance-risk
    Controls, compliance and risk appetite in plain language.
Sales fundamentals | sales-fundamentals
    Qualify, pitch and close, whatever your job title.
Navigating the organisation | navigating-the-organisation
    Who decides what, and how things really get done here.
""",
}


def _parse(catalogue: dict[SkillCategory, str]) -> list[CatalogueSkill]:
    skills = []
    for category, text in catalogue.items():
        lines = [line for line in text.splitlines() if line.strip()]
        for heading, description in zip(lines[::2], lines[1::2], strict=True):
            name, slug = (part.strip() for part in heading.split("|"))
            skills.append(CatalogueSkill(name, slug, category, description.strip()))
    return skills


SKILLS: list[CatalogueSkill] = _parse(_CATALOGUE_TEXT)

INTERESTS: list[str] = [
    "Running",
    "Cycling",
    "Football",
    "Yoga",
    "Hiking",
    "Climbing",
    "Swimming",
    "Cooking",
    "Baking",
    "Photography",
    "Film",
    "Reading",
    "Podcasts",
    "Gaming",
    "Board games",
    "Music production",
    "Live music",
    "Travel",
    "Languages",
    "Gardening",
    "Volunteering",
    "Sustainability",
    "Start-ups",
    "Personal finance",
    "Design",
    "Fashion",
    "Art and museums",
    "Chess",
    "Parenting",
    "Mindfulness",
    "History",
    "Theatre",
]


@transaction.atomic
def skill_catalogue_install(*, organization: Organization) -> tuple[int, int]:
    """Give ``organization`` every catalogue skill and interest it does not have yet.

    Idempotent: a skill already present (by slug or by name) is left as the organisation
    edited it. Returns how many skills and interests were added. Called by
    ``organization_setup``; it is not an action a person takes, so it takes no actor.
    """
    existing_slugs = set(
        Skill.objects.filter(organization=organization).values_list("slug", flat=True)
    )
    existing_names = set(
        Skill.objects.filter(organization=organization).values_list("name", flat=True)
    )
    new_skills = [
        Skill(
            organization=organization,
            name=entry.name,
            slug=entry.slug,
            category=entry.category,
            description=entry.description,
        )
        for entry in SKILLS
        if entry.slug not in existing_slugs and entry.name not in existing_names
    ]
    Skill.objects.bulk_create(new_skills)
    existing_interests = set(
        Interest.objects.filter(organization=organization).values_list("name", flat=True)
    )
    new_interests = [
        Interest(organization=organization, name=name)
        for name in INTERESTS
        if name not in existing_interests
    ]
    Interest.objects.bulk_create(new_interests)
    return len(new_skills), len(new_interests)
