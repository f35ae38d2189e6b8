"""The raw material of the demo company: departments, titles, offices and names."""

from __future__ import annotations

from dataclasses import dataclass

from remento.people.models import SensitiveKind, SkillCategory

COMPANY_NAME = "Northwind Group"
COMPANY_SLUG = "northwind"

C = SkillCategory


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    weight: int  # share of the headcount
    roles: tuple[str, ...]  # individual-contributor job families
    manager_title: str  # the title of a first-line manager (level 6)
    areas: tuple[str, ...]  # what several vice presidents or directors split between them
    strengths: tuple[SkillCategory, ...]  # what people here are likelier to be able to teach


DEPARTMENTS: list[DepartmentSpec] = [
    DepartmentSpec(
        "Engineering",
        22,
        ("Software Engineer", "QA Engineer", "Site Reliability Engineer", "Security Engineer"),
        "Engineering Manager",
        ("Platform", "Payments", "Mobile", "Infrastructure", "Web", "Security", "Integrations"),
        (C.DIGITAL_TOOLS, C.AI_DATA, C.WAYS_OF_WORKING),
    ),
    DepartmentSpec(
        "Sales",
        14,
        ("Account Executive", "Sales Development Representative", "Account Manager"),
        "Sales Manager",
        ("North America", "EMEA", "APAC", "Latin America", "Enterprise", "Mid-market"),
        (C.BUSINESS_ACUMEN, C.SOCIAL_MEDIA),
    ),
    DepartmentSpec(
        "Operations",
        12,
        ("Operations Analyst", "Supply Chain Coordinator", "Procurement Specialist"),
        "Operations Manager",
        ("Supply Chain", "Logistics", "Procurement", "Facilities", "Quality"),
        (C.WAYS_OF_WORKING, C.BUSINESS_ACUMEN),
    ),
    DepartmentSpec(
        "Customer Success",
        10,
        ("Customer Success Associate", "Support Specialist", "Implementation Consultant"),
        "Customer Success Manager",
        ("Onboarding", "Support", "Enterprise Accounts", "Renewals"),
        (C.WAYS_OF_WORKING, C.DIGITAL_TOOLS),
    ),
    DepartmentSpec(
        "Marketing",
        9,
        ("Marketing Specialist", "Content Marketer", "Social Media Specialist", "Brand Designer"),
        "Marketing Manager",
        ("Brand", "Growth", "Content", "Product Marketing", "Events"),
        (C.SOCIAL_MEDIA, C.DIGITAL_TOOLS, C.AI_DATA),
    ),
    DepartmentSpec(
        "Finance",
        7,
        ("Financial Analyst", "Accountant", "FP&A Analyst", "Payroll Specialist"),
        "Finance Manager",
        ("Controlling", "FP&A", "Treasury", "Tax"),
        (C.BUSINESS_ACUMEN, C.DIGITAL_TOOLS),
    ),
    DepartmentSpec(
        "Product",
        6,
        ("Product Manager", "Product Designer", "UX Researcher"),
        "Group Product Manager",
        ("Core Product", "Mobile Apps", "Platform", "Growth"),
        (C.WAYS_OF_WORKING, C.DIGITAL_TOOLS, C.AI_DATA),
    ),
    DepartmentSpec(
        "Data",
        6,
        ("Data Analyst", "Data Scientist", "Data Engineer", "Analytics Engineer"),
        "Analytics Manager",
        ("Analytics", "Data Science", "Data Platform", "Machine Learning"),
        (C.AI_DATA, C.DIGITAL_TOOLS),
    ),
    DepartmentSpec(
        "Human Resources",
        5,
        ("HR Business Partner", "Recruiter", "Learning Specialist", "People Operations Specialist"),
        "HR Manager",
        ("Talent Acquisition", "Learning and Development", "People Operations", "Reward"),
        (C.DEI_CULTURE, C.WAYS_OF_WORKING),
    ),
    DepartmentSpec(
        "IT",
        5,
        ("IT Support Analyst", "Systems Administrator", "IT Security Analyst"),
        "IT Manager",
        ("Workplace Technology", "Business Systems", "Service Desk", "Identity"),
        (C.DIGITAL_TOOLS, C.AI_DATA),
    ),
    DepartmentSpec(
        "Legal",
        4,
        ("Legal Counsel", "Paralegal", "Compliance Analyst"),
        "Legal Manager",
        ("Commercial", "Compliance", "Privacy", "Employment"),
        (C.BUSINESS_ACUMEN, C.LEADERSHIP_STRATEGY),
    ),
]

# Individual contributors sit at levels 1–4; the words their titles carry at each level.
IC_LEVEL_WEIGHTS = {1: 22, 2: 30, 3: 28, 4: 20}
IC_TITLE = {1: "Associate {role}", 2: "{role}", 3: "Senior {role}", 4: "Principal {role}"}


@dataclass(frozen=True)
class Office:
    city: str
    timezone: str
    weight: int
    region: str  # which name pool most people here draw from


OFFICES: list[Office] = [
    Office("London", "Europe/London", 18, "anglo"),
    Office("New York", "America/New_York", 15, "anglo"),
    Office("Bangalore", "Asia/Kolkata", 13, "india"),
    Office("Berlin", "Europe/Berlin", 10, "german"),
    Office("Singapore", "Asia/Singapore", 8, "east_asia"),
    Office("São Paulo", "America/Sao_Paulo", 8, "brazil"),
    Office("Toronto", "America/Toronto", 6, "anglo"),
    Office("Paris", "Europe/Paris", 6, "french"),
    Office("Madrid", "Europe/Madrid", 5, "spanish"),
    Office("Lagos", "Africa/Lagos", 5, "west_africa"),
    Office("Sydney", "Australia/Sydney", 6, "anglo"),
]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "anglo": _words(
        "Oliver Amelia Jack Isla Harry Ava George Mia Noah Grace Charlie Sophie Thomas Emily "
        "James Chloe William Olivia Alexander Katherine Benjamin Elizabeth Daniel Hannah "
        "Christopher Jessica Michael Sarah Ethan Madison"
    ),
    "india": _words(
        "Aarav Ananya Vivaan Diya Aditya Isha Arjun Priya Rohan Kavya Vikram Sneha Rahul "
        "Meera Siddharth Pooja Karan Nisha Arnav Riya"
    ),
    "german": _words(
        "Lukas Hannah Felix Lea Jonas Mia Leon Emma Maximilian Sophie Paul Lena Niklas "
        "Johanna Tobias Katharina Florian Anna Moritz Clara"
    ),
    "east_asia": _words(
        "Wei Mei Jun Hui Kai Xin Ming Li Jia Hao Yan Ling Ryan Rachel Marcus Shannon Darren "
        "Nur Aisyah Farid"
    ),
    "brazil": _words(
        "Miguel Alice Arthur Laura Heitor Helena Davi Valentina Gabriel Beatriz Pedro Júlia "
        "Rafael Mariana Lucas Larissa Matheus Camila Thiago Fernanda"
    ),
    "french": _words(
        "Gabriel Louise Léo Jade Raphaël Emma Louis Chloé Arthur Manon Hugo Camille Jules "
        "Inès Nathan Léa Théo Zoé Antoine Margaux"
    ),
    "spanish": _words(
        "Hugo Lucía Martín Sofía Pablo Martina Alejandro Paula Daniel Carmen Álvaro Elena "
        "Diego Marta Javier Irene Sergio Claudia Adrián Alba"
    ),
    "west_africa": _words(
        "Chinedu Adaeze Oluwaseun Folake Emeka Ngozi Tunde Amara Ifeanyi Chiamaka Segun "
        "Funmilayo Kelechi Yetunde Babatunde Zainab Obinna Temitope Ayodele Kemi"
    ),
}

LAST_NAMES: dict[str, tuple[str, ...]] = {
    "anglo": _words(
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
        "Evans Walker White Roberts Green Hall Wood Jackson Clarke Miller Murphy O'Brien "
        "Campbell Patel Khan Ahmed Nguyen Garcia Cohen"
    ),
    "india": _words(
        "Sharma Verma Gupta Iyer Reddy Nair Menon Rao Singh Kumar Patel Desai Joshi Mehta "
        "Banerjee Chatterjee Pillai Kapoor Bhat Mukherjee"
    ),
    "german": _words(
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch "
        "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger"
    ),
    "east_asia": _words(
        "Tan Lim Lee Ng Ong Wong Goh Chua Chan Koh Teo Chen Wang Zhang Liu Huang Yeo Ismail "
        "Rahman Abdullah"
    ),
    "brazil": _words(
        "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa "
        "Ribeiro Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa"
    ),
    "french": _words(
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
        "Lefebvre Michel Garcia Fournier Girard Bonnet Dupont Lambert"
    ),
    "spanish": _words(
        "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín "
        "Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Navarro Torres"
    ),
    "west_africa": _words(
        "Okafor Adeyemi Okonkwo Balogun Eze Nwosu Adebayo Obi Ogunleye Chukwu Afolabi "
        "Nwachukwu Olawale Okoro Bello Ibrahim Abubakar Ogundipe Uchenna Akinola"
    ),
}

# Some people go by a shorter name than the one on their contract.
PREFERRED_NAMES = {
    "Alexander": "Alex",
    "Katherine": "Kate",
    "Benjamin": "Ben",
    "Elizabeth": "Liz",
    "Christopher": "Chris",
    "William": "Will",
    "Michael": "Mike",
    "Maximilian": "Max",
    "Katharina": "Kathi",
    "Oluwaseun": "Seun",
    "Babatunde": "Tunde",
    "Alejandro": "Álex",
    "Siddharth": "Sid",
}

# Ages per level: (youngest, most common, oldest) on the demo's fixed today.
AGE_BY_LEVEL = {
    1: (21, 23, 30),
    2: (22, 26, 38),
    3: (24, 30, 48),
    4: (27, 35, 58),
    5: (29, 39, 60),
    6: (31, 43, 62),
    7: (35, 48, 64),
    8: (38, 52, 65),
    9: (42, 56, 66),
    10: (50, 60, 67),
}

# Late-career people: a share of each level is drawn from these ages (born 1958–1966 in
# the demo's 2026) instead of from the triangle above. Most of them are Boomers, which
# senior ranks of a real company have plenty of; a few veteran specialists too.
LATE_CAREER_AGES = (60, 68)
LATE_CAREER_SHARE = {
    1: 0.0,
    2: 0.0,
    3: 0.01,
    4: 0.05,
    5: 0.06,
    6: 0.12,
    7: 0.25,
    8: 0.5,
    9: 0.5,
    10: 0.5,
}

# What people who choose to share a sensitive attribute say about it.
SENSITIVE_VALUES: dict[SensitiveKind, tuple[str, ...]] = {
    SensitiveKind.BACKGROUND: (
        "Black African",
        "Black Caribbean",
        "South Asian",
        "East Asian",
        "Southeast Asian",
        "Hispanic or Latino",
        "Middle Eastern",
        "Mixed heritage",
        "White European",
        "Indigenous",
    ),
    SensitiveKind.DISABILITY: (
        "Neurodivergent",
        "Hearing impairment",
        "Visual impairment",
        "Chronic illness",
        "Mobility impairment",
        "Mental health condition",
    ),
    SensitiveKind.LGBTQ: ("Lesbian", "Gay", "Bisexual", "Queer", "Prefer to say only LGBTQ+"),
    SensitiveKind.GENDER: ("Woman", "Man", "Non-binary", "Trans woman", "Trans man"),
    SensitiveKind.FIRST_GENERATION: ("First in family at university",),
    SensitiveKind.CAREGIVER: ("Parent of young children", "Carer for an adult", "Single parent"),
}

# The demo sign-ins: a persona's email is <role>@<domain>.
PERSONA_ROLES = ("admin", "coordinator", "mentor", "mentee")

# What the demo mentor can teach and the demo mentee wants: the program's headline skills.
MENTOR_OFFERS = {
    "generative-ai-prompting": 5,
    "tiktok": 5,
    "linkedin-personal-brand": 4,
    "short-form-video": 4,
    "power-bi": 3,
}
MENTOR_WANTS = {"executive-presence": 5, "strategic-thinking": 4, "financial-literacy": 3}
MENTEE_WANTS = {
    "generative-ai-prompting": 5,
    "linkedin-personal-brand": 5,
    "tiktok": 4,
    "gen-z-expectations": 3,
}
MENTEE_OFFERS = {
    "strategic-thinking": 5,
    "financial-literacy": 5,
    "executive-presence": 4,
    "board-communication": 4,
}
