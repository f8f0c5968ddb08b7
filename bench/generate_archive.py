"""Write a synthetic archive of N messages to a content folder, for benchmarks.

    python bench/generate_archive.py --items 1000 --out /tmp/x/content

80% alerts, 10% court news, 10% guides, with valid front matter per the product contract
(SPEC.md) and 300-600 word bodies with headings, lists and links. The same --items and
--seed always write the same bytes. Items are dated backwards from --until (default 1 June
2024, before any real "now"), a few hours apart, so every item is published.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

AREAS = [
    "cambridge",
    "south-cambridgeshire",
    "east-cambridgeshire",
    "fenland",
    "huntingdonshire",
    "peterborough",
    "county-wide",
]
PLACES = {
    "cambridge": ["Cambridge", "Chesterton", "Cherry Hinton", "Arbury", "Trumpington", "Romsey"],
    "south-cambridgeshire": ["Histon", "Sawston", "Cambourne", "Gamlingay", "Linton", "Melbourn"],
    "east-cambridgeshire": ["Ely", "Soham", "Littleport", "Burwell", "Sutton", "Haddenham"],
    "fenland": ["Wisbech", "March", "Whittlesey", "Chatteris", "Doddington", "Manea"],
    "huntingdonshire": ["Huntingdon", "St Neots", "St Ives", "Ramsey", "Godmanchester", "Yaxley"],
    "peterborough": ["Peterborough", "Bretton", "Orton", "Werrington", "Millfield", "Hampton"],
    "county-wide": ["Cambridgeshire", "Peterborough and Cambridgeshire"],
}
STREETS = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Road",
    "London Road",
    "Park Avenue",
    "Victoria Street",
    "Market Square",
    "Bridge Street",
    "Newmarket Road",
    "Lincoln Road",
]
CATEGORIES = [
    "burglary",
    "fraud",
    "theft",
    "appeal",
    "road-safety",
    "safeguarding",
    "community",
    "other",
]
SEVERITIES = ["info"] * 4 + ["advisory"] * 3 + ["warning"] * 2 + ["urgent"]
SUBJECTS = {
    "burglary": [
        "sheds broken into",
        "burglaries at homes",
        "garage break-ins",
        "break-ins at farms",
    ],
    "fraud": [
        "courier fraud calls",
        "fake bank texts",
        "rogue traders at the door",
        "investment scam adverts",
        "romance scams",
        "fake parcel delivery messages",
    ],
    "theft": [
        "catalytic converter thefts",
        "bicycle thefts",
        "tools stolen from vans",
        "shoplifting",
        "number plate thefts",
    ],
    "appeal": [
        "an appeal for witnesses",
        "a search for a missing person",
        "dashcam footage wanted",
    ],
    "road-safety": [
        "speeding near schools",
        "dark evenings on country roads",
        "drink-driving checks",
    ],
    "safeguarding": [
        "online safety for children",
        "help for people at risk of abuse",
        "exploitation of young people",
    ],
    "community": [
        "a community meeting",
        "a Speedwatch volunteer drive",
        "a property marking event",
    ],
    "other": ["changes to the front counter", "a new way to report online"],
}
ADVICE = [
    "Lock doors and windows, even when you are at home or in the garden.",
    "Never give your bank details, PIN or card to anyone who calls you unexpectedly.",
    "Your bank and the police will never ask you to move money to a safe account.",
    "Mark tools and bicycles with your postcode and register them online.",
    "Keep valuables out of sight and never leave keys near the front door.",
    "If a caller pressures you to act now, hang up and call back on a number you trust.",
    "Fit a good quality lock to your shed and consider an alarm for outbuildings.",
    "Check the identity of anyone at the door; a genuine caller will not mind waiting.",
    "Talk to older relatives and neighbours about these scams so they know what to expect.",
    "Report suspicious vehicles with the registration, colour and direction of travel.",
    "Use strong, separate passwords and turn on two-step verification for your email.",
    "Park in well-lit areas and use a steering lock as a visible deterrent.",
]
FILLER = (
    "officers neighbourhood team residents evening morning afternoon vehicle vehicles house "
    "houses garden road roads village town centre report reported reports information help "
    "local community people person family families week month recently several number "
    "between around during after before near outside inside property properties business "
    "businesses shop shops staff customers victims victim witness witnesses footage camera "
    "cameras patrols patrol street streets area areas support safety safe secure security "
    "advice advise worried concern concerns quickly carefully quietly nearby visible "
    "suspicious unusual silver white black blue grey red van car motorbike bicycle "
    "doorbell alarm lighting gate fence window windows door doors lock locks key keys "
    "phone message messages email emails website online caller callers bank account money"
).split()
NAMES = [
    "PC Sam Patel",
    "PCSO Jo Harris",
    "Sgt Alex Morgan",
    "Insp Chris Walker",
    "PC Lee Turner",
    "PCSO Priya Shah",
    "DC Morgan Hughes",
    "Sgt Kim Evans",
]
TEAMS = [
    "Neighbourhood policing team",
    "Fraud and cyber team",
    "Rural crime action team",
    "Roads policing unit",
    "Community safety partnership",
]
LINKS = [
    ("Action Fraud", "https://www.actionfraud.police.uk/"),
    ("report a crime online", "https://www.cambs.police.uk/ro/report/"),
    ("Crimestoppers", "https://crimestoppers-uk.org/"),
    ("Neighbourhood Watch", "https://www.ourwatch.org.uk/"),
    ("Citizens Advice consumer helpline", "https://www.citizensadvice.org.uk/consumer/"),
    ("Immobilise property register", "https://www.immobilise.com/"),
]
GUIDE_TOPICS = [
    "fraud",
    "home security",
    "online safety",
    "vehicle crime",
    "doorstep crime",
    "scams",
    "cycle security",
    "rural crime",
    "personal safety",
]
HEADINGS = [
    "What happened",
    "What we are doing",
    "What you can do",
    "How to report it",
    "Staying safe",
    "Signs to look out for",
    "Who to contact",
    "Background",
]


class Writer:
    """Deterministic text from one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, items):
        return self.rng.choice(items)

    def sentence(self, place: str) -> str:
        rng = self.rng
        words = [rng.choice(FILLER) for _ in range(rng.randint(9, 18))]
        templates = [
            "In {place}, {w} near {street} were reported {days} days ago.",
            "Our officers in {place} have increased patrols around {street} after {n} reports.",
            "Anyone who saw {w} in the {street} area of {place} is asked to get in touch.",
            "Residents of {place} told us about {w} on {street} between {h}pm and {h2}pm.",
            "We have spoken to {n} households in {place} about {w}.",
        ]
        lead = rng.choice(templates).format(
            place=place,
            street=rng.choice(STREETS),
            days=rng.randint(2, 20),
            n=rng.randint(2, 40),
            h=rng.randint(1, 6),
            h2=rng.randint(7, 11),
            w=" ".join(words[:3]),
        )
        tail = " ".join(words[3:]).capitalize() + "."
        return f"{lead} {tail}"

    def paragraph(self, place: str) -> str:
        return " ".join(self.sentence(place) for _ in range(self.rng.randint(3, 5)))

    def body(self, place: str, low: int = 300, high: int = 600) -> str:
        """Markdown of `low` to `high` words: paragraphs, ## headings, a list and links."""
        rng = self.rng
        target = rng.randint(low, high)
        parts: list[str] = [self.paragraph(place)]
        headings = rng.sample(HEADINGS, k=len(HEADINGS))
        while _count(parts) < target - 60:
            parts.append(f"## {headings.pop() if headings else 'More information'}")
            parts.append(self.paragraph(place))
            if rng.random() < 0.6:
                parts.append("\n".join(f"- {a}" for a in rng.sample(ADVICE, k=rng.randint(3, 5))))
            if rng.random() < 0.5:
                text, url = rng.choice(LINKS)
                parts.append(f"More help: [{text}]({url}). You can also call 101.")
        text, url = rng.choice(LINKS)
        parts.append(
            f"If you have information, [{text}]({url}), or call 101. "
            "In an emergency, always call 999."
        )
        return "\n\n".join(parts) + "\n"


def _count(parts: list[str]) -> int:
    return sum(len(p.split()) for p in parts)


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _areas(w: Writer) -> list[str]:
    rng = w.rng
    if rng.random() < 0.15:
        return ["county-wide"]
    return sorted(rng.sample(AREAS[:-1], k=rng.choice([1, 1, 1, 2])))


def alert(w: Writer, n: int, when: datetime) -> tuple[str, str]:
    rng = w.rng
    areas = _areas(w)
    place = w.pick(PLACES[areas[0]])
    category = w.pick(CATEGORIES)
    subject = w.pick(SUBJECTS[category])
    title = f"{subject[0].upper()}{subject[1:]} in {place}"
    lines = [
        f"title: {_yaml_str(title)}",
        f"date: {when:%Y-%m-%dT%H:%M}",
        f"category: {category}",
        f"severity: {w.pick(SEVERITIES)}",
        f"areas: [{', '.join(areas)}]",
    ]
    if rng.random() < 0.5:
        lines.append(f"summary: {_yaml_str(f'{title}: what we know and what you can do.')}")
    if rng.random() < 0.4:
        lines.append(f"expires: {(when + timedelta(days=rng.randint(3, 30))):%Y-%m-%d}")
    if category in ("burglary", "theft", "appeal") and rng.random() < 0.7:
        refs = [f"CF{rng.randint(0, 999999):06d}{when:%m%y}" for _ in range(rng.randint(1, 2))]
        lines.append(f"crime_refs: [{', '.join(refs)}]")
    if rng.random() < 0.5:
        lines.append(f"tags: [{category}, {place.lower().replace(' ', '-')}]")
    if rng.random() < 0.3:
        lines += [
            "sender:",
            f"  name: {w.pick(NAMES)}",
            f"  role: {w.pick(TEAMS)}",
            "  organisation: Cambridgeshire Constabulary",
        ]
    slug = f"{n:05d}-{category}-{place.lower().replace(' ', '-')}"
    return f"alerts/{when:%Y}/{slug}.md", _file(lines, w.body(place))


def court_news(w: Writer, n: int, when: datetime) -> tuple[str, str]:
    rng = w.rng
    areas = _areas(w)
    lines = [
        f"title: {_yaml_str(f'Court news: week to {when:%-d %B %Y}')}",
        f"date: {when:%Y-%m-%dT%H:%M}",
        f"areas: [{', '.join(areas)}]",
        "cases:",
    ]
    for c in range(rng.randint(3, 6)):
        area = w.pick(AREAS[:-1])
        place = w.pick(PLACES[area])
        months = rng.randint(4, 96)
        offence = w.pick(
            [
                "burglary",
                "fraud against older people",
                "theft from vans",
                "dangerous driving",
                "drug supply",
                "assault",
                "shoplifting",
            ]
        )
        headline = f"{place} offender jailed for {months} months for {offence}"
        lines += [
            f"  - headline: {_yaml_str(headline)}",
            f"    url: https://www.cambs.police.uk/news/{n:05d}-{c}",
            f"    summary: {_yaml_str(w.sentence(place))}",
            f"    area: {area}",
        ]
    intro = w.body(w.pick(PLACES[areas[0]]), 300, 450)
    return f"court-news/{when:%Y}/{n:05d}-week.md", _file(lines, intro)


def guide(w: Writer, n: int, when: datetime) -> tuple[str, str]:
    rng = w.rng
    topics = rng.sample(GUIDE_TOPICS, k=rng.randint(1, 3))
    angle = w.pick(["the basics", "what to look for", "protecting yourself", "questions answered"])
    title = f"A guide to {topics[0]}: {angle}"
    lines = [
        f"title: {_yaml_str(title)}",
        f"date: {when:%Y-%m-%d}",
        "summary: "
        + _yaml_str(f"Practical advice on {topics[0]} from Cambridgeshire Constabulary."),
        f"topics: [{', '.join(topics)}]",
        f"review_by: {(when + timedelta(days=rng.randint(90, 730))):%Y-%m-%d}",
    ]
    if rng.random() < 0.5:
        lines.append(f"areas: [{', '.join(_areas(w))}]")
    return f"guides/{n:05d}-{topics[0].replace(' ', '-')}.md", _file(
        lines, w.body("Cambridgeshire", 400, 600)
    )


def _file(front: list[str], body: str) -> str:
    return "---\n" + "\n".join(front) + "\n---\n\n" + body


def generate(
    items: int, out: Path, seed: int = 2024, until: datetime = datetime(2024, 6, 1, 9, 0)
) -> dict[str, int]:
    """Write `items` messages under `out` (alerts/, court-news/, guides/); returns counts."""
    w = Writer(seed)
    counts = {"alerts": 0, "court-news": 0, "guides": 0}
    when = until
    for n in range(items):
        when -= timedelta(hours=w.rng.randint(2, 7), minutes=w.rng.choice([0, 15, 30, 45]))
        kind = n % 10  # 8 in 10 alerts, 1 court news, 1 guide
        maker = court_news if kind == 4 else guide if kind == 9 else alert
        path, text = maker(w, n, when)
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        counts[path.split("/")[0]] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, required=True, help="how many messages to write")
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        help="the content folder (alerts/, court-news/, guides/ go inside)",
    )
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    parser.add_argument(
        "--until",
        type=datetime.fromisoformat,
        default=datetime(2024, 6, 1, 9),
        help="date-time of the newest item (default 2024-06-01T09:00)",
    )
    args = parser.parse_args(argv)
    if args.items < 1:
        parser.error("--items must be at least 1")
    for section in ("alerts", "court-news", "guides"):
        if (args.out / section).exists() and any((args.out / section).iterdir()):
            parser.error(f"{args.out / section} is not empty; give an empty or new --out folder")
    counts = generate(args.items, args.out, args.seed, args.until)
    print(
        f"wrote {args.items} items to {args.out}: "
        + ", ".join(f"{n} {section}" for section, n in counts.items()),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
