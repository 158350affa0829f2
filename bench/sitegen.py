"""Generates a large, deterministic, two-language (nb + en) kursportal site.

Used by bench/search.py. The site is shaped like the shipped portal
(content/ and site.toml): courses with modules under kurs/, cases under
erfaringer/, templates under maler/, forms under skjema/, volunteer
activities under frivillighet/aktiviteter/, every page with an English
translation beside it (`x.en.md`).

The text is honest for a search index:
- sentences come from a word-bigram model trained on the shipped portal's own
  Bokmål and English pages, so word frequencies follow the real, Zipf-like
  distribution of this domain (about 2,900 Bokmål and 2,000 English words);
- Norwegian compounds are generated from a few hundred domain parts
  (renholds+rutine, dagligvare+butikk, kunde+avvik ...), picked with Zipf
  weights, and inflected, so the vocabulary keeps growing with the site as
  real vocabularies do;
- each page has a sector, and its words (renhold, renholderen,
  dagligvarebransjen, helsefagarbeider ...) recur on its pages, so a query
  like "renhold" has hundreds of hits;
- English pages carry Norwegian terms in brackets, as the shipped ones do.

Everything is drawn from random.Random(seed): the same arguments give the
same bytes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# --- vocabulary -----------------------------------------------------------

SECTORS = {
    # site.toml's sector terms; each with its nb and en words (the first is the base form)
    "Renhold": (
        ["renhold", "renholdet", "renholder", "renholderen", "renholdere", "renholdsfaget",
         "renholdsarbeid", "renholdsmiddel", "smittevern", "rengjøring", "renholdsplan"],
        ["cleaning", "cleaner", "cleaners", "infection control", "cleaning products",
         "cleaning schedule", "hygiene"],
    ),
    "Varehandel": (
        ["dagligvare", "dagligvarer", "dagligvarebutikk", "dagligvarebransjen",
         "dagligvarehandelen", "butikk", "butikken", "kunde", "kundene", "kasse", "varer",
         "varehandel", "kundeservice"],
        ["grocery", "groceries", "retail", "shop", "customer", "customers", "checkout",
         "customer service", "goods"],
    ),
    "Matproduksjon": (
        ["matproduksjon", "matfag", "mattrygghet", "næringsmiddel", "produksjonslinje",
         "bakeri", "pakkeri", "matvarer"],
        ["food production", "food safety", "food trades", "bakery", "production line",
         "packing"],
    ),
    "Sjømat og havbruk": (
        ["sjømat", "havbruk", "fiskeforedling", "oppdrett", "filetering", "fiskeindustrien",
         "laks", "fiskemottak"],
        ["seafood", "aquaculture", "fish processing", "fish farming", "filleting", "salmon"],
    ),
    "Helse": (
        ["helse", "helsefag", "helsefagarbeider", "helsesektoren", "helseinstitusjon",
         "sykehjem", "sykehjemmet", "pleie", "omsorg", "hjemmetjenesten", "pasient",
         "pasientene", "brukerne"],
        ["health", "health care", "nursing home", "care worker", "patients", "home care",
         "healthcare assistant"],
    ),
    "Barnehage": (
        ["barnehage", "barnehagen", "barnehagelærer", "barnehageassistent", "lek", "småbarn"],
        ["kindergarten", "kindergartens", "childcare", "play", "assistant"],
    ),
    "Kantine og storkjøkken": (
        ["storkjøkken", "kantine", "kantinen", "kjøkken", "kjøkkenet", "kokk", "servering",
         "kjøkkenhygiene"],
        ["canteen", "large-scale kitchen", "kitchen", "cook", "catering", "serving"],
    ),
    "Friluftsliv": (
        ["friluftsliv", "tur", "turlag", "skog", "fjellet", "naturen", "allemannsretten"],
        ["outdoor life", "hiking", "walks", "forest", "nature", "right to roam"],
    ),
    "Frivillig arbeid": (
        ["frivillig", "frivillige", "frivilligsentral", "dugnad", "foreningen", "lag",
         "frivilligheten", "nabolaget"],
        ["volunteer", "volunteers", "volunteer centre", "community work", "association",
         "neighbourhood"],
    ),
}

# Bilingual topics per sector: (nb, en), used in titles and summaries.
TOPICS = {
    "Renhold": [("Renhold", "Cleaning"), ("Smittevern", "Infection control"),
                ("Kjemikalier og HMS", "Chemicals and HSE"), ("Rutineplaner", "Cleaning schedules"),
                ("Verneutstyr", "Protective equipment"), ("Gulvvask", "Floor cleaning"),
                ("Hygiene på arbeidsplassen", "Hygiene at work"), ("Hotellrenhold", "Hotel cleaning"),
                ("Sykehusrenhold", "Hospital cleaning"), ("Kontorrenhold", "Office cleaning")],
    "Varehandel": [("Salg og service", "Sales and service"), ("Kundeservice", "Customer service"),
                   ("Varehåndtering", "Handling goods"), ("Kasse og betaling", "Checkout and payment"),
                   ("Dagligvarebutikken", "The grocery shop"), ("Lager og logistikk", "Warehouse and logistics"),
                   ("Ferskvare", "Fresh produce"), ("Butikkdrift", "Running a shop")],
    "Matproduksjon": [("Matfag", "Food trades"), ("Mattrygghet", "Food safety"), ("Bakeri", "Bakery"),
                      ("Produksjonslinjen", "The production line"), ("Pakking og merking", "Packing and labelling"),
                      ("Næringsmiddelindustrien", "The food industry"), ("Matproduksjon", "Food production")],
    "Sjømat og havbruk": [("Fiskeforedling", "Fish processing"), ("Havbruk", "Aquaculture"),
                          ("Filetering", "Filleting"), ("Sjømatindustrien", "The seafood industry"),
                          ("Oppdrett av laks", "Salmon farming"), ("Fiskemottaket", "The fish landing station")],
    "Helse": [("Helsefag", "Health care"), ("Pleie og omsorg", "Nursing and care"),
              ("Sykehjemmet", "The nursing home"), ("Hjemmetjenesten", "Home care services"),
              ("Helsefagarbeideren", "The healthcare assistant"), ("Kommunikasjon med pasienter", "Talking with patients"),
              ("Ernæring og måltider", "Nutrition and meals")],
    "Barnehage": [("Barnehagen", "The kindergarten"), ("Lek og læring", "Play and learning"),
                  ("Barnehageassistent", "Kindergarten assistant"), ("Språk i barnehagen", "Language in the kindergarten"),
                  ("Foreldresamarbeid", "Working with parents")],
    "Kantine og storkjøkken": [("Storkjøkken", "Large-scale kitchens"), ("Kantinedrift", "Running a canteen"),
                               ("Kjøkkenhygiene", "Kitchen hygiene"), ("Servering", "Serving food"),
                               ("Kald og varm mat", "Cold and hot food"), ("Allergener", "Allergens")],
    "Friluftsliv": [("Friluftsliv", "Outdoor life"), ("Turledelse", "Leading walks"),
                    ("Allemannsretten", "The right to roam"), ("Naturen i nærmiljøet", "Nature close to home"),
                    ("Klær for vær", "Clothes for the weather")],
    "Frivillig arbeid": [("Frivillig arbeid", "Volunteer work"), ("Dugnad", "Community work"),
                         ("Frivilligsentralen", "The volunteer centre"), ("Foreningslivet", "Clubs and associations"),
                         ("Møteplasser", "Meeting places")],
}

QUALIFIERS = [
    ("i praksis", "in practice"), ("på arbeidsplassen", "at the workplace"),
    ("for nybegynnere", "for beginners"), ("for voksne innvandrere", "for adult immigrants"),
    ("med norsk som andrespråk", "with Norwegian as a second language"),
    ("med arbeidspraksis", "with a work placement"), ("grunnkurs", "basic course"),
    ("videregående nivå", "advanced level"), ("med fagspråk", "with trade language"),
    ("for kvinner", "for women"), ("på kveldstid", "in the evening"), ("i små kommuner", "in small municipalities"),
]

GENERIC_MODULES = [
    ("Arbeidspraksis", "Work placement"), ("Norsk på jobben", "Norwegian at work"),
    ("Rettigheter og plikter i arbeidslivet", "Rights and duties in working life"),
    ("HMS og sikkerhet", "Health, safety and environment"), ("Kommunikasjon med kolleger", "Talking with colleagues"),
    ("Arbeidstid og turnus", "Working hours and shifts"), ("Jobbsøking og CV", "Applying for jobs and writing a CV"),
    ("Avslutning og kursbevis", "Finishing the course and the certificate"), ("Introduksjon til faget", "Introduction to the trade"),
    ("Fagord og uttrykk", "Words and expressions of the trade"), ("Digitale verktøy", "Digital tools"),
]

MUNICIPALITIES = [
    "Oslo", "Bergen", "Trondheim", "Stavanger", "Kristiansand", "Drammen", "Fredrikstad", "Sandnes",
    "Tromsø", "Sarpsborg", "Skien", "Ålesund", "Sandefjord", "Larvik", "Tønsberg", "Bodø", "Arendal",
    "Hamar", "Haugesund", "Porsgrunn", "Lillehammer", "Gjøvik", "Halden", "Molde", "Kongsberg",
    "Harstad", "Horten", "Moss", "Ringsaker", "Asker", "Bærum", "Lørenskog", "Ullensaker",
    "Nordre Follo", "Lillestrøm", "Indre Østfold", "Steinkjer", "Levanger", "Verdal", "Stjørdal",
    "Inderøy", "Namsos", "Orkland", "Melhus", "Malvik", "Røros", "Oppdal", "Sauda", "Karmøy", "Stord",
    "Bømlo", "Sunnfjord", "Kinn", "Voss", "Askøy", "Øygarden", "Alver", "Kvinnherad", "Hå", "Klepp",
    "Sola", "Randaberg", "Strand", "Eigersund", "Lindesnes", "Vennesla", "Grimstad", "Lyngdal",
    "Flekkefjord", "Kongsvinger", "Elverum", "Østre Toten", "Gran", "Nord-Aurdal", "Ringerike", "Hole",
    "Modum", "Øvre Eiker", "Lier", "Holmestrand", "Færder", "Notodden", "Bamble", "Kragerø",
    "Midt-Telemark", "Vestvågøy", "Vefsn", "Rana", "Narvik", "Sortland", "Alta", "Hammerfest",
    "Sør-Varanger", "Vadsø", "Senja", "Balsfjord", "Kristiansund", "Ørsta", "Volda", "Sunndal",
    "Hustadvika", "Vestnes", "Stranda", "Ulstein", "Hareid",
]

TARGET_GROUPS = [  # site.toml's terms
    "Deltakere i introduksjonsprogrammet", "Kvinner med innvandrerbakgrunn", "Lærere i voksenopplæringen",
    "Nyankomne innvandrere og flyktninger", "Programrådgivere",
    "Voksne innvandrere med norsk som andrespråk", "Voksne innvandrere utenfor arbeid",
]
PARTICIPANT_GROUPS = [g for g in TARGET_GROUPS if g not in ("Lærere i voksenopplæringen", "Programrådgivere")]
LEVELS = ["A1", "A2", "B1", "B2"]
PARTNERS = [  # brand, partner type (site.toml's terms), sectors it fits
    ("Coop Extra", "Arbeidsgiver", "Varehandel"), ("Rema 1000", "Arbeidsgiver", "Varehandel"),
    ("Kiwi", "Arbeidsgiver", "Varehandel"), ("Meny", "Arbeidsgiver", "Varehandel"),
    ("ISS", "Arbeidsgiver", "Renhold"), ("Rengjøringsbyrået", "Arbeidsgiver", "Renhold"),
    ("Sykehjemmet", "Kommune", "Helse"), ("Hjemmetjenesten", "Kommune", "Helse"),
    ("Frivilligsentralen", "Frivillig organisasjon", "Frivillig arbeid"),
    ("Røde Kors", "Frivillig organisasjon", "Frivillig arbeid"),
    ("Bygdekvinnelaget", "Frivillig organisasjon", "Friluftsliv"),
    ("Turlaget", "Frivillig organisasjon", "Friluftsliv"),
    ("Nortura", "Arbeidsgiver", "Matproduksjon"), ("Bakeriet", "Arbeidsgiver", "Matproduksjon"),
    ("Lerøy", "Arbeidsgiver", "Sjømat og havbruk"), ("Fiskemottaket", "Arbeidsgiver", "Sjømat og havbruk"),
    ("Sodexo", "Arbeidsgiver", "Kantine og storkjøkken"), ("Storkjøkkenet", "Kommune", "Kantine og storkjøkken"),
    ("Barnehagen Solsikken", "Kommune", "Barnehage"), ("NAV", "NAV", "Varehandel"),
    ("Voksenopplæringen", "Voksenopplæring", "Helse"), ("Fylkeskommunen", "Fylkeskommune", "Helse"),
    ("Høgskolen", "Forskning", "Barnehage"), ("Inkluderingsbedriften", "Sosial entreprenør", "Renhold"),
]
ROLES = [("Programrådgiver", "Programme adviser"), ("Prosjektleder", "Project manager"),
         ("Daglig leder", "Managing director"), ("Lærer i voksenopplæringen", "Teacher in adult education"),
         ("Koordinator", "Coordinator"), ("Avdelingsleder", "Head of department")]
RESULT_LABELS = [("deltakere i første kull", "participants in the first group"),
                 ("fikk jobb etter praksis", "got a job after the work placement"),
                 ("uker med språkpraksis", "weeks of language practice"),
                 ("arbeidsgivere med i samarbeidet", "employers in the cooperation"),
                 ("fullførte kurset", "completed the course")]
TEMPLATE_KINDS = [("Timeplan", "Timetable"), ("Praksisavtale", "Work placement agreement"),
                  ("Kursbevis", "Course certificate"), ("Oppmøteliste", "Attendance list"),
                  ("Rutineplan", "Routine plan"), ("Undervisningsplan", "Teaching plan"),
                  ("Kursbeskrivelse", "Course description"), ("Sjekkliste", "Checklist"),
                  ("Ukeplan", "Weekly plan"), ("Ordliste", "Glossary"), ("Samtaleguide", "Conversation guide"),
                  ("Praksislogg", "Work placement log")]
FORM_KINDS = [("Påmelding", "Registration"), ("Kursevaluering", "Course evaluation"),
              ("Praksisvurdering", "Work placement assessment"), ("Kartlegging av ferdigheter", "Skills mapping"),
              ("Hygienesjekkliste", "Hygiene checklist"), ("Egenvurdering", "Self-assessment"),
              ("Samtykke", "Consent"), ("Tilbakemelding fra arbeidsgiver", "Feedback from the employer")]
ACTIVITY_KINDS = [("Norsktrening", "Norwegian practice"), ("Språkkafé", "Language café"),
                  ("Turgruppe", "Walking group"), ("Leksehjelp", "Homework help"),
                  ("Flyktningguide", "Refugee guide"), ("Møteplass for kvinner", "Meeting place for women"),
                  ("Idrett for alle", "Sport for everyone"), ("Dugnad i nabolaget", "Community work in the neighbourhood")]
SOURCES = [
    ("Arbeidsrettede kurs – standardiserte elementer i Introduksjonsprogrammet",
     "Kommunene på Innherred, ved Inderøy kommune", 2021),
    ("Fagverksted 2022 – Rustet for fremtiden", "IMDi", 2022),
    ("Supplerende aktiviteter i frivillig sektor", "IMDi", 2022),
]

HEADINGS = {  # (nb, en) pools per kind
    "course": [("Dette forteller kilden om kurset", "What the source says about the course"),
               ("Kursportalens forslag", "Kursportalen's suggestion"),
               ("Hvem kurset kan passe for", "Who the course may suit"),
               ("Forslag til organisering", "Suggested organisation"),
               ("Slik bruker du materiellet", "How to use the materials"),
               ("Bakgrunn", "Background"), ("Forslag til avslutning", "Suggested ending")],
    "module": [("Forslag til innhold", "Suggested content"), ("Forslag til aktiviteter", "Suggested activities"),
               ("Innhold", "Content"), ("Tips", "Tips"), ("Øvelser", "Exercises"),
               ("Norsk knyttet til faget", "Norwegian linked to the trade")],
    "case": [("Hva er det?", "What is it?"), ("Slik er samarbeidet organisert", "How the cooperation is organised"),
             ("Dette gjorde de", "What they did"), ("Bakgrunn", "Background"), ("Resultater", "Results"),
             ("Råd til andre kommuner – forslag fra Kursportalen", "Advice to other municipalities – suggestions from Kursportalen")],
    "template": [("Hva malen inneholder", "What the template contains"), ("Slik bruker du den", "How to use it"),
                 ("Tips", "Tips"), ("Personvern", "Privacy")],
    "form": [("Når skjemaet brukes", "When the form is used"), ("Slik fyller du det ut", "How to fill it in"),
             ("Hva som skjer med opplysningene", "What happens to the information")],
    "page": [("Hva er det?", "What is it?"), ("Hvem er det for?", "Who is it for?"), ("Hvem driver det?", "Who runs it?"),
             ("Forslag: slik kan kommunen bruke det", "Suggestion: how the municipality can use it"),
             ("Kontakt", "Contact")],
}

# Parts of Norwegian compounds: modifiers (with their linking letter) and heads.
MODIFIERS = [
    "renholds", "dagligvare", "helse", "smitte", "kjøkken", "butikk", "kunde", "vare", "praksis",
    "arbeids", "kurs", "opplærings", "språk", "norsk", "hygiene", "verne", "kjemikalie", "rutine",
    "plan", "avtale", "lærer", "deltaker", "leder", "kollega", "vakt", "turnus", "lager", "kasse",
    "mat", "fiske", "barnehage", "sykehjems", "omsorgs", "pleie", "bygg", "transport", "kontor",
    "gulv", "vindus", "toalett", "dusj", "hånd", "hanske", "mopp", "klut", "bøtte", "maskin", "fag",
    "yrkes", "samtale", "møte", "kvalifiserings", "introduksjons", "integrerings", "innvandrer",
    "flyktning", "kommune", "fylkes", "bedrifts", "nærings", "bransje", "salgs", "service", "frukt",
    "grønnsak", "brød", "kjøtt", "melke", "frys", "kjøle", "temperatur", "allergi", "servering",
    "kantine", "tur", "natur", "frivillig", "dugnads", "forenings", "nabo", "familie", "barne",
    "foreldre", "skole", "lekse", "sikkerhets", "brann", "førstehjelps", "avviks", "kvalitets",
    "miljø", "avfalls", "sorterings", "emballasje", "etikett", "pris", "hylle", "pall", "truck",
    "sertifikat", "lønns", "ferie", "syke", "tilrettelegging", "mentor", "veileder", "jobb",
    "søknads", "intervju", "nettverks", "mangfolds", "inkluderings", "likestillings", "digital",
    "data", "skjerm", "telefon", "post", "pasient", "bruker", "medisin", "ernærings", "måltids",
    "vaske", "rengjørings", "desinfeksjons", "produksjons", "pakke", "filet", "laks", "oppdretts",
]
HEADS = [
    "rutine", "plan", "avtale", "butikk", "kurs", "opplæring", "arbeid", "arbeider", "leder",
    "liste", "skjema", "samtale", "møte", "øvelse", "oppgave", "middel", "utstyr", "vogn", "rom",
    "kjøkken", "lager", "kasse", "hylle", "vare", "kunde", "vakt", "tid", "dag", "uke", "periode",
    "plass", "sted", "gruppe", "lag", "team", "bransje", "sektor", "fag", "språk", "ord", "uttrykk",
    "regel", "krav", "avvik", "kontroll", "sjekk", "rapport", "logg", "vurdering", "evaluering",
    "mål", "resultat", "erfaring", "kompetanse", "ferdighet", "kunnskap", "veileder", "mentor",
    "instruktør", "deltaker", "kollega", "tilbud", "tiltak", "prosjekt", "program", "ordning",
    "samarbeid", "nettverk", "system", "metode", "teknikk", "prosess", "linje", "maskin", "hanske",
    "frakk", "bøtte", "klut", "mopp", "bil", "tur", "kafé", "sentral", "forening", "guide",
    "plakat", "brosjyre", "film", "sjekkliste", "instruks", "prosedyre", "hygiene", "sikkerhet",
    "miljø", "kultur", "hverdag", "praksis", "stilling", "søknad", "attest", "bevis",
]
ENDINGS = ["", "", "", "", "en", "et", "er", "ene", "a"]

NB_STOP = set("""og i på til for av med som er det en et den de at å har var vil kan skal ikke om
fra eller men så der når hva hvem hvor hvordan også bare etter før over under mellom ved mot
seg sin sitt sine han hun vi dere oss dem deg meg jeg du man noe noen alle hver mange flere mer
mest være vært blir ble bli hadde få fikk får kom kommer går gikk gjør gjorde sier sa denne dette
disse selv enn slik både hele andre annen annet ut inn opp ned her nå da""".split())


def slugify(text: str) -> str:
    text = text.lower()
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("é", "e")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def toml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def toml_list(items) -> str:
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


class Picker:
    """Weighted choice by bisect over cumulative weights (fast, deterministic)."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def zipf_picker(items, rng: random.Random, s: float = 1.0) -> Picker:
    order = list(items)
    rng.shuffle(order)
    return Picker(order, [1.0 / (r + 1) ** s for r in range(len(order))])


# --- the language model: word bigrams from the shipped portal ----------------

TOKEN = re.compile(r"[0-9A-Za-zÆØÅæøåÉéüÜöÖäÄ][0-9A-Za-zÆØÅæøåÉéüÜöÖäÄ'’\-–/]*|[.,;:!?]")


def corpus_texts(content: Path, lang: str) -> list[str]:
    texts = []
    for path in sorted(content.rglob("*.md")):
        parts = path.name.split(".")
        file_lang = parts[-2] if len(parts) == 3 else "nb"
        if file_lang != lang:
            continue
        text = path.read_text(encoding="utf-8")
        if text.startswith("+++"):
            text = text.split("+++", 2)[2]
        lines = []
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith(("#", "|", "```")):
                continue
            line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)
            line = re.sub(r"^([-*]|\d+\.)\s+", "", line)
            line = re.sub(r"[*_`«»\"“”()\[\]<>]", "", line)
            lines.append(line if line.endswith((".", "!", "?", ":")) else line + ".")
        texts.append(" ".join(lines))
    return texts


class Bigrams:
    START = "\x02"

    def __init__(self, texts: list[str]):
        table: dict[str, dict[str, int]] = {}
        prev = self.START
        for text in texts:
            for tok in TOKEN.findall(text):
                table.setdefault(prev, {}).setdefault(tok, 0)
                table[prev][tok] += 1
                prev = self.START if tok in ".!?:" else tok
        self.next = {p: Picker(nexts.keys(), nexts.values()) for p, nexts in table.items()}
        self.words = sorted({w for nexts in table.values() for w in nexts if w[0].isalpha()})

    def sentence(self, rng: random.Random, min_words=6, max_words=26) -> list[str]:
        for _ in range(20):
            out = []
            prev = self.START
            while len(out) < max_words + 4:
                tok = self.next[prev].pick(rng) if prev in self.next else "."
                if tok in ".!?:":
                    break
                out.append(tok)
                prev = tok
            words = [t for t in out if t[0].isalnum()]
            if min_words <= len(words) <= max_words:
                return out
        return out or ["Deltakerne", "lærer", "ord", "fra", "bransjen"]


def render(tokens: list[str], end=".") -> str:
    text = ""
    for tok in tokens:
        text += tok if (tok in ",;:" or not text) else " " + tok
    text = text.strip(" ,;:")
    return (text[:1].upper() + text[1:] + end) if text else ""


class Writer:
    """Writes the body text of pages in one language."""

    def __init__(self, lang: str, model: Bigrams, rng: random.Random):
        self.lang = lang
        self.model = model
        self.rng = rng
        self.modifier = zipf_picker(MODIFIERS, rng, 1.05)
        self.head = zipf_picker(HEADS, rng, 0.9)
        self.ending = Picker(ENDINGS, [1] * len(ENDINGS))
        self.sector_words = {s: zipf_picker(words[0 if lang == "nb" else 1], rng, 0.8) for s, words in SECTORS.items()}
        self.sector_list = list(SECTORS)

    def compound(self) -> str:
        rng = self.rng
        head = self.head.pick(rng)
        first = self.modifier.pick(rng)
        word = first + head
        if rng.random() < 0.08:  # three parts: dagligvare + butikk + rutine
            word = first + self.modifier.pick(rng) + head
        ending = self.ending.pick(rng)
        if ending and word[-1] in "aeiouyæøå" and ending[0] == "e":
            ending = ending[1:]
        return word + ending

    def sentence(self, sector: str) -> str:
        rng = self.rng
        tokens = self.model.sentence(rng)
        slots = [i for i, t in enumerate(tokens) if t[0].islower() and len(t) >= 5 and t not in NB_STOP]
        if self.lang == "nb":
            for i in slots:
                if rng.random() < 0.07:
                    tokens[i] = self.compound()
        if slots and rng.random() < 0.30:
            tokens[rng.choice(slots)] = self.sector_words[sector].pick(rng)
        elif slots and rng.random() < 0.04:
            tokens[rng.choice(slots)] = self.sector_words[rng.choice(self.sector_list)].pick(rng)
        if self.lang == "en" and slots and rng.random() < 0.05:
            i = rng.choice(slots)
            nb = self.sector_words_nb(sector) if rng.random() < 0.5 else self.compound()
            tokens[i] = f"{tokens[i]} ({nb})"
        return render(tokens)

    def sector_words_nb(self, sector: str) -> str:
        return self.rng.choice(SECTORS[sector][0])

    def paragraph(self, sector: str, sentences: int) -> str:
        return " ".join(self.sentence(sector) for _ in range(sentences))

    def short(self, sector: str, words: int = 8) -> str:
        tokens = self.model.sentence(self.rng, 3, words)
        if self.rng.random() < 0.4:
            slots = [i for i, t in enumerate(tokens) if t[0].islower() and len(t) >= 5]
            if slots:
                tokens[self.rng.choice(slots)] = self.sector_words[sector].pick(self.rng)
        return render(tokens, end="")


def body(w: Writer, sector: str, kind: str, headings: list[str], target_words: int,
         glossary: list[tuple[str, str]] | None, tail: str = "", max_sections: int = 12,
         example: str = "") -> str:
    """Markdown of about `target_words` words: headings, paragraphs, a list, a
    table, and `example` (a fenced block) after the table when given."""
    rng = w.rng
    parts: list[str] = []
    count = 0
    hi = 0
    list_done = table_done = False
    while count < target_words or not (list_done and table_done):
        heading = headings[hi % len(headings)]
        if hi >= len(headings):
            heading = f"{heading} {hi // len(headings) + 1}"
        parts.append(f"## {heading}")
        hi += 1
        para = w.paragraph(sector, rng.randint(3, 6))
        parts.append(para)
        count += len(para.split())
        if not list_done:
            items = [w.short(sector, 10) for _ in range(rng.randint(3, 6))]
            parts.append("\n".join(f"- {i}" for i in items))
            count += sum(len(i.split()) for i in items)
            list_done = True
        elif not table_done:
            if glossary is None:
                glossary = [(w.compound() if w.lang == "nb" or rng.random() < 0.5 else w.sector_words[sector].pick(rng),
                             w.short(sector, 9)) for _ in range(rng.randint(4, 8))]
            head = ("| Norsk ord | Forklaring |" if w.lang == "nb" else "| Norwegian word | Explanation |")
            rows = "\n".join(f"| {a} | {b} |" for a, b in glossary)
            parts.append(f"{head}\n|---|---|\n{rows}")
            count += sum(len(b.split()) + 1 for _, b in glossary)
            table_done = True
            if example:
                parts.append(example)
        elif rng.random() < 0.5:
            para = w.paragraph(sector, rng.randint(2, 5))
            parts.append(para)
            count += len(para.split())
        if hi > max_sections:
            break
    if tail:
        parts.append(tail)
    return "\n\n".join(parts) + "\n"


# --- the site -------------------------------------------------------------

def site_toml(shipped: Path) -> str:
    """The shipped site.toml with only the nb and en languages."""
    keep = []
    skipping = False
    for line in shipped.read_text(encoding="utf-8").splitlines():
        header = re.match(r"^\[\[?([^\]]+)\]\]?\s*$", line)
        if header:
            name = header.group(1)
            skipping = bool(re.match(r"(taxonomies\.)?languages\.(nn|ar)(\.|$)", name))
        if not skipping:
            keep.append(line)
    return "\n".join(keep) + "\n"


def plan_counts(pages_per_language: int, rng: random.Random):
    fixed = 8  # home, om, kurs, erfaringer, maler, skjema, frivillighet, aktiviteter
    rest = pages_per_language - fixed
    n_courses = max(1, round(rest * 0.80 / 10))
    modules = [rng.randint(5, 13) for _ in range(n_courses)]
    n_cases = max(1, round(rest * 0.10))
    n_templates = max(1, round(rest * 0.05))
    n_forms = max(1, round(rest * 0.02))
    n_activities = rest - n_courses - sum(modules) - n_cases - n_templates - n_forms
    i = 0
    while n_activities < 1:  # too many modules drawn: take some back
        if modules[i % n_courses] > 3:
            modules[i % n_courses] -= 1
            n_activities += 1
        i += 1
    return modules, n_cases, n_templates, n_forms, n_activities


class Site:
    def __init__(self, root: Path, pages_per_language: int, seed: int, words_scale: float = 1.0,
                 extras: bool = False):
        self.root = root
        # bench/scale.py asks for longer pages (words_scale 3 gives about
        # 10 KB of Markdown a page) and `extras`: a fenced example block in
        # modules and two attachments on each template page. The defaults
        # give the bytes bench/search.py has always measured.
        self.words_scale = words_scale
        self.extras = extras
        self.content = root / "content"
        self.rng = random.Random(seed)
        shipped = ROOT / "content"
        self.nb = Writer("nb", Bigrams(corpus_texts(shipped, "nb")), random.Random(seed + 1))
        self.en = Writer("en", Bigrams(corpus_texts(shipped, "en")), random.Random(seed + 2))
        self.pages_per_language = pages_per_language
        self.files = 0
        self.words = 0

    def write(self, rel: str, front: list[str], text: str) -> None:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("+++\n" + "\n".join(front) + "\n+++\n\n" + text, encoding="utf-8")
        self.files += 1
        self.words += len(text.split())

    def date(self) -> dt.date:
        return dt.date(2021, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 2100))

    def words_target(self) -> int:
        # lands at 300–600 words with headings, list and table (times words_scale)
        return int(self.rng.randint(230, 470) * self.words_scale)

    def attach(self, folder: str, names: list[tuple[str, str]]) -> list[str]:
        """Writes small deterministic files into `folder`; their front-matter lines."""
        front = []
        for name, title in names:
            path = self.content / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes((f"{title}\n".encode() * 200)[:4096])
            front += ["", "[[attachments]]", f"file = {toml_str(name)}", f"title = {toml_str(title)}"]
        return front

    def example(self, lang: str, sector: str) -> str:
        """A fenced example block, as modules show a message or a checklist to copy."""
        if not self.extras:
            return ""
        w = self.nb if lang == "nb" else self.en
        lines = [w.short(sector, 9) for _ in range(6)]
        return "```text\n" + "\n".join(f"[ ] {line}" for line in lines) + "\n```"

    def pair(self, rel_nb: str, rel_en: str, kind: str, sector: str, nb_front, en_front,
             headings=None, glossary_nb=None, tail_nb="", tail_en="", words=None, examples=False):
        """Writes a page and its English translation with matching structure."""
        heads = headings or self.rng.sample(HEADINGS[kind], min(len(HEADINGS[kind]), self.rng.randint(3, 5)))
        target = words or self.words_target()
        if glossary_nb is None:
            glossary_nb = [(self.nb.compound() if self.rng.random() < 0.6 else self.nb.sector_words[sector].pick(self.rng),
                            self.nb.short(sector, 9)) for _ in range(self.rng.randint(4, 8))]
        glossary_en = [(word, self.en.short(sector, 9)) for word, _ in glossary_nb]
        sections = int(12 * self.words_scale)
        example_nb = self.example("nb", sector) if examples else ""
        example_en = self.example("en", sector) if examples else ""
        self.write(rel_nb, nb_front, body(self.nb, sector, kind, [h[0] for h in heads], target, glossary_nb, tail_nb,
                                          sections, example_nb))
        self.write(rel_en, en_front, body(self.en, sector, kind, [h[1] for h in heads], int(target * 1.05), glossary_en,
                                          tail_en, sections, example_en))

    def generate(self) -> dict:
        rng = self.rng
        if self.content.exists():
            shutil.rmtree(self.content)
        (self.root / "site.toml").write_text(site_toml(ROOT / "site.toml"), encoding="utf-8")
        modules, n_cases, n_templates, n_forms, n_activities = plan_counts(self.pages_per_language, rng)
        sectors = list(SECTORS)
        updated = "updated = 2026-11-30"

        # sections and fixed pages
        sections = [
            ("_index", "Kursportalen", "The course portal", None, None, 0),
            ("kurs/_index", "Kurs", "Courses", "course", "courses", 1),
            ("maler/_index", "Maler", "Templates", "template", "templates", 2),
            ("skjema/_index", "Skjema", "Forms", "form", "forms", 3),
            ("erfaringer/_index", "Erfaringer", "Experiences", "case", "experiences", 4),
            ("frivillighet/_index", "Samarbeid med frivillige", "Working with volunteers", "page", "volunteers", 5),
            ("frivillighet/aktiviteter/_index", "Aktiviteter i frivillig sektor", "Activities in the voluntary sector",
             "page", "activities", 6),
        ]
        for rel, nb_title, en_title, child_kind, en_slug, weight in sections:
            sector = rng.choice(sectors)
            nb_front = [f"title = {toml_str(nb_title)}", f"summary = {toml_str(self.nb.sentence(sector))}"]
            if child_kind:
                nb_front += [f'child_kind = "{child_kind}"', 'sort_by = "title"', f"weight = {weight}"]
            nb_front.append(updated)
            en_front = [f"title = {toml_str(en_title)}", f"summary = {toml_str(self.en.sentence(sector))}"]
            if en_slug:
                en_front.append(f'slug = "{en_slug}"')
            en_front.append(updated)
            self.pair(f"{rel}.md", f"{rel}.en.md", "page", sector, nb_front, en_front, words=rng.randint(120, 250))
        self.pair("om.md", "om.en.md", "page", "Frivillig arbeid",
                  ['title = "Om kursportalen"', f"summary = {toml_str(self.nb.sentence('Helse'))}", updated],
                  ['title = "About the course portal"', f"summary = {toml_str(self.en.sentence('Helse'))}",
                   'slug = "about"', updated])

        # templates and forms first: courses link to them
        templates = []
        combos = [(k, s, t) for k in TEMPLATE_KINDS for s in sectors for t in TOPICS[s]]
        rng.shuffle(combos)
        for i in range(n_templates):
            (k_nb, k_en), sector, (t_nb, t_en) = combos[i % len(combos)]
            title_nb = f"{k_nb} for {t_nb[0].lower() + t_nb[1:]}"
            title_en = f"{k_en} for {t_en[0].lower() + t_en[1:]}"
            slug = f"{slugify(title_nb)}-{i + 1}"
            templates.append(f"@/maler/{slug}/index.md")
            self.pair(f"maler/{slug}/index.md", f"maler/{slug}/index.en.md", "template", sector,
                      [f"title = {toml_str(title_nb)}", f"summary = {toml_str(self.nb.sentence(sector))}",
                       f"updated = {self.date()}", f"weight = {i + 1}",
                       f"sectors = {toml_list(sorted(set([sector] + rng.sample(sectors, rng.randint(0, 2)))))}",
                       f"target_groups = {toml_list(rng.sample(['Lærere i voksenopplæringen', 'Programrådgivere'], rng.randint(1, 2)))}"]
                      + (self.attach(f"maler/{slug}", [(f"{slug}.docx", f"{title_nb} (DOCX, for Word)"),
                                                       (f"{slug}.pdf", f"{title_nb} (PDF)")]) if self.extras else []),
                      [f"title = {toml_str(title_en)}", f"summary = {toml_str(self.en.sentence(sector))}",
                       f'slug = "{slugify(title_en)}-{i + 1}"', "updated = 2026-11-30"])
        forms = []
        combos = [(k, s, t) for k in FORM_KINDS for s in sectors for t in TOPICS[s]]
        rng.shuffle(combos)
        for i in range(n_forms):
            (k_nb, k_en), sector, (t_nb, t_en) = combos[i % len(combos)]
            title_nb = f"{k_nb}: {t_nb[0].lower() + t_nb[1:]}"
            title_en = f"{k_en}: {t_en[0].lower() + t_en[1:]}"
            slug = f"{slugify(title_nb)}-{i + 1}"
            forms.append(f"@/skjema/{slug}/index.md")
            fields = [
                '[[fields]]\ntype = "heading"\nlabel = "Om deg"',
                '[[fields]]\nname = "navn"\nlabel = "Navn"\ntype = "text"\nrequired = true',
                '[[fields]]\nname = "dato"\nlabel = "Dato"\ntype = "date"',
                '[[fields]]\nname = "vurdering"\nlabel = ' + toml_str(self.nb.short(sector, 7)) +
                '\ntype = "radio"\noptions = ["1 – Svært dårlig", "2 – Dårlig", "3 – Middels", "4 – Bra", "5 – Svært bra"]',
                '[[fields]]\nname = "kommentar"\nlabel = "Kommentar"\ntype = "textarea"\nrows = 4\nhelp = ' +
                toml_str(self.nb.short(sector, 8)),
            ]
            self.pair(f"skjema/{slug}/index.md", f"skjema/{slug}/index.en.md", "form", sector,
                      [f"title = {toml_str(title_nb)}", f"summary = {toml_str(self.nb.sentence(sector))}",
                       f"updated = {self.date()}", f"weight = {i + 1}",
                       f"target_groups = {toml_list(rng.sample(TARGET_GROUPS, rng.randint(1, 2)))}", ""] + fields,
                      [f"title = {toml_str(title_en)}", f"summary = {toml_str(self.en.sentence(sector))}",
                       f'slug = "{slugify(title_en)}-{i + 1}"', "updated = 2026-11-30"])

        # courses with their modules
        course_paths = []
        combos = [(s, t, q) for s in sectors for t in TOPICS[s] for q in QUALIFIERS]
        rng.shuffle(combos)
        for c, n_modules in enumerate(modules):
            sector, (t_nb, t_en), (q_nb, q_en) = combos[c % len(combos)]
            municipality = rng.choice(MUNICIPALITIES)
            other = rng.choice(TOPICS[sector])
            title_nb = f"{t_nb} og {other[0][0].lower() + other[0][1:]} {q_nb}" if other[0] != t_nb else f"{t_nb} {q_nb}"
            title_en = f"{t_en} and {other[1][0].lower() + other[1][1:]} {q_en}" if other[0] != t_nb else f"{t_en} {q_en}"
            if c >= len(combos):
                title_nb, title_en = f"{title_nb} – {municipality}", f"{title_en} – {municipality}"
            slug = f"{slugify(t_nb)}-{c + 1:04d}"
            folder = f"kurs/{slug}"
            course_paths.append(f"@/{folder}/index.md")
            suggestion = rng.random() < 0.6
            group = rng.sample(PARTICIPANT_GROUPS, rng.randint(1, 2))
            weeks, days = rng.randint(4, 16), rng.randint(2, 5)
            level_from = rng.randint(0, 2)
            goals_nb = [self.nb.short(sector, 10) for _ in range(rng.randint(3, 6))]
            goals_en = [self.en.short(sector, 10) for _ in goals_nb]
            module_titles = []
            pool = TOPICS[sector] + GENERIC_MODULES[1:]  # GENERIC_MODULES[0], the work placement, comes last
            for m in range(n_modules):
                mt = pool[(c + m) % len(pool)] if m < n_modules - 1 else GENERIC_MODULES[0]
                module_titles.append(mt)
            files = [f"{m + 1:02d}-{slugify(mt[0])}.md" for m, mt in enumerate(module_titles)]
            list_nb = "## Moduler\n\n" + "\n".join(f"{m + 1}. [{mt[0]}]({files[m]})" for m, mt in enumerate(module_titles))
            list_en = "## Modules\n\n" + "\n".join(f"{m + 1}. [{mt[1]}]({files[m]})" for m, mt in enumerate(module_titles))
            nb_front = [
                f"title = {toml_str(title_nb)}", f"summary = {toml_str(self.nb.sentence(sector))}",
                f"weight = {c + 1}", f'duration = "{weeks} uker, {days} dager i uka"',
                f"levels = {toml_list(LEVELS[level_from:level_from + rng.randint(1, 2)])}",
                f"target_groups = {toml_list(group)}",
                f"sectors = {toml_list(sorted(set([sector] + rng.sample(sectors, rng.randint(0, 1)))))}",
                f"municipalities = {toml_list(sorted(set([municipality] + rng.sample(MUNICIPALITIES, rng.randint(0, 2)))))}",
                f"goals = {toml_list(goals_nb)}",
                f"templates = {toml_list(rng.sample(templates, min(len(templates), rng.randint(1, 3))))}",
                f"forms = {toml_list(rng.sample(forms, min(len(forms), rng.randint(1, 2))))}",
            ]
            en_front = [
                f"title = {toml_str(title_en)}", f"summary = {toml_str(self.en.sentence(sector))}",
                f'slug = "{slugify(t_en)}-{c + 1:04d}"', f'duration = "{weeks} weeks, {days} days a week"',
                f"goals = {toml_list(goals_en)}",
            ]
            if suggestion:
                nb_front += ['plan = "suggestion"', f"plan_note = {toml_str(self.nb.sentence(sector))}"]
                en_front += [f"plan_note = {toml_str(self.en.sentence(sector))}"]
            nb_front += [f"updated = {self.date()}", "", "[[sources]]",
                         *self._source(sector, municipality, t_nb)]
            en_front += ["updated = 2026-11-30"]
            self.pair(f"{folder}/index.md", f"{folder}/index.en.md", "course", sector, nb_front, en_front,
                      tail_nb=list_nb, tail_en=list_en)
            for m, (mt_nb, mt_en) in enumerate(module_titles):
                links_nb, links_en = [], []
                if m > 0:
                    links_nb.append(f"Forrige modul: [{module_titles[m - 1][0]}]({files[m - 1]}).")
                    links_en.append(f"Previous module: [{module_titles[m - 1][1]}]({files[m - 1]}).")
                if m + 1 < n_modules:
                    links_nb.append(f"Neste modul: [{module_titles[m + 1][0]}]({files[m + 1]}).")
                    links_en.append(f"Next module: [{module_titles[m + 1][1]}]({files[m + 1]}).")
                links_nb.append("Tilbake til [kurset](index.md).")
                links_en.append("Back to the [course](index.md).")
                d = rng.randint(1, 5)
                self.pair(
                    f"{folder}/{files[m]}", f"{folder}/{files[m][:-3]}.en.md", "module", sector,
                    [f"title = {toml_str(mt_nb)}", f"summary = {toml_str(self.nb.sentence(sector))}",
                     f"weight = {m + 1}", f'duration = "{d} {"dag" if d == 1 else "dager"}"', f"updated = {self.date()}"],
                    [f"title = {toml_str(mt_en)}", f"summary = {toml_str(self.en.sentence(sector))}",
                     f'slug = "{m + 1:02d}-{slugify(mt_en)}"', f'duration = "{d} {"day" if d == 1 else "days"}"',
                     "updated = 2026-11-30"],
                    headings=[("Læringsmål", "Learning goals")] + rng.sample(HEADINGS["module"], rng.randint(2, 4)),
                    tail_nb="## Videre\n\n" + " ".join(links_nb), tail_en="## Next\n\n" + " ".join(links_en),
                    examples=m % 2 == 0)

        # cases
        for i in range(n_cases):
            brand, ptype, sector = PARTNERS[i % len(PARTNERS)]
            municipality = MUNICIPALITIES[(i * 7 + rng.randrange(len(MUNICIPALITIES))) % len(MUNICIPALITIES)]
            partner = f"{brand} {municipality}"
            t_nb, t_en = rng.choice(TOPICS[sector])
            title_nb = f"{t_nb} i {municipality}: {municipality} kommune og {brand}"
            title_en = f"{t_en} in {municipality}: {municipality} kommune and {brand}"
            slug = f"{slugify(municipality)}-og-{slugify(brand)}-{i + 1}"
            start = rng.randint(2014, 2024)
            suggestion = rng.random() < 0.5
            results = rng.sample(RESULT_LABELS, rng.randint(1, 3))
            values = [str(rng.randint(3, 40)) for _ in results]
            roles = rng.sample(ROLES, rng.randint(1, 3))
            nb_front = [
                f"title = {toml_str(title_nb)}", f"summary = {toml_str(self.nb.sentence(sector))}",
                f"municipalities = {toml_list([municipality])}", f"partner = {toml_str(partner)}",
                f"partner_types = {toml_list(sorted({ptype, 'Kommune'}))}", f'period = "{start}–{start + rng.randint(1, 3)}"',
                f"sectors = {toml_list([sector])}", f"target_groups = {toml_list(rng.sample(PARTICIPANT_GROUPS, 1))}",
                f"updated = {self.date()}",
            ]
            en_front = [f"title = {toml_str(title_en)}", f"summary = {toml_str(self.en.sentence(sector))}",
                        f'slug = "{slugify(municipality)}-and-{slugify(brand)}-{i + 1}"',
                        f'period = "{start}–{start + rng.randint(1, 3)}"', "updated = 2026-11-30"]
            if suggestion:
                nb_front += ['plan = "suggestion"', f"plan_note = {toml_str(self.nb.sentence(sector))}"]
                en_front += [f"plan_note = {toml_str(self.en.sentence(sector))}"]
            for (l_nb, l_en), v in zip(results, values):
                nb_front += ["", "[[results]]", f'value = "{v}"', f"label = {toml_str(l_nb)}"]
                en_front += ["", "[[results]]", f'value = "{v}"', f"label = {toml_str(l_en)}"]
            for r_nb, r_en in roles:
                org = f"{municipality} kommune" if rng.random() < 0.5 else partner
                nb_front += ["", "[[contacts]]", f"role = {toml_str(r_nb)}", f"organisation = {toml_str(org)}"]
                en_front += ["", "[[contacts]]", f"role = {toml_str(r_en)}", f"organisation = {toml_str(org)}"]
            nb_front += ["", "[[sources]]", *self._source(sector, municipality, t_nb)]
            course = course_paths[rng.randrange(len(course_paths))]
            self.pair(f"erfaringer/{slug}/index.md", f"erfaringer/{slug}/index.en.md", "case", sector, nb_front, en_front,
                      tail_nb=f"Se også kurset [{t_nb.lower()}]({course}).",
                      tail_en=f"See also the course on [{t_en.lower()}]({course}).")

        # volunteer activities
        for i in range(n_activities):
            (k_nb, k_en) = ACTIVITY_KINDS[i % len(ACTIVITY_KINDS)]
            municipality = rng.choice(MUNICIPALITIES)
            sector = rng.choice(["Frivillig arbeid", "Friluftsliv", "Frivillig arbeid", rng.choice(sectors)])
            slug = f"{slugify(k_nb)}-{slugify(municipality)}-{i + 1}"
            self.pair(f"frivillighet/aktiviteter/{slug}.md", f"frivillighet/aktiviteter/{slug}.en.md", "page", sector,
                      [f"title = {toml_str(f'{k_nb} i {municipality}')}",
                       f"summary = {toml_str(self.nb.sentence(sector))}",
                       f"partner_types = {toml_list(['Frivillig organisasjon'])}",
                       f"sectors = {toml_list([sector])}",
                       f"target_groups = {toml_list(rng.sample(PARTICIPANT_GROUPS, 1))}",
                       f"updated = {self.date()}", "", "[[sources]]", *self._source(sector, municipality, k_nb)],
                      [f"title = {toml_str(f'{k_en} in {municipality}')}",
                       f"summary = {toml_str(self.en.sentence(sector))}",
                       f'slug = "{slugify(k_en)}-{slugify(municipality)}-{i + 1}"', "updated = 2026-11-30"])

        return {
            "pages_per_language": self.pages_per_language,
            "source_files": self.files,
            "courses": len(modules),
            "modules": sum(modules),
            "cases": n_cases,
            "templates": n_templates,
            "forms": n_forms,
            "activities": n_activities,
            "body_words": self.words,
            "lexicon_nb": len(self.nb.model.words),
            "lexicon_en": len(self.en.model.words),
        }

    def _source(self, sector: str, municipality: str, topic: str) -> list[str]:
        if self.rng.random() < 0.5:
            title, publisher, year = self.rng.choice(SOURCES)
        else:
            title = f"Rapport om {topic[0].lower() + topic[1:]} i {municipality} kommune"
            publisher, year = f"{municipality} kommune", self.rng.randint(2017, 2025)
        return [f"title = {toml_str(title)}", f"publisher = {toml_str(publisher)}", f"year = {year}"]


def generate(root: Path, pages_per_language: int, seed: int = 8, words_scale: float = 1.0,
             extras: bool = False) -> dict:
    root.mkdir(parents=True, exist_ok=True)
    return Site(root, pages_per_language, seed, words_scale, extras).generate()


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1])
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    print(json.dumps(generate(target, pages), indent=2, ensure_ascii=False))
