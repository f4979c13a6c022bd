"""The chart of accounts: NS 4102 numbers and names, each with its SAF-T 1.30 grouping.

The names are our own wording of the public NS 4102 standard chart (norsk standard kontoplan), as
Norwegian accounting programs ship it; Regnskap Norge's file is not copied. Every account carries
the (GroupingCategory, GroupingCode) pair SAF-T 1.30 requires, from Skatteetaten's
næringsspesifikasjon list (standards/saft/grouping-category-codes/; tests check each pair).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faktura_cli.errors import InvalidInput

# Skatteetaten's næringsspesifikasjon codes (SAF-T 1.30 GroupingCode) for the categories an
# NS 4102 chart maps to; the bank and insurance categories are left out. Codes are unique across
# categories, so a code alone names its category.
_GROUPING_LIST = {
    "balanseverdiForAnleggsmiddel": "1000 1020 1070 1080 1101 1102 1103 1104 1105 1115 1117 1120"
    " 1130 1140 1150 1160 1180 1205 1221 1225 1238 1280 1290 1295 1296 1298 1312 1313 1320 1331"
    " 1332 1340 1350 1360 1370 1380 1390 1395",
    "balanseverdiForOmloepsmiddel": "1400 1401 1470 1490 1500 1501 1530 1560 1565 1570 1780 1800"
    " 1810 1830 1840 1880 1895 1900 1920 1950",
    "egenkapital": "2000 2010 2015 2020 2030 2041 2042 2043 2045 2050 2055 2080 2095 2096 2097 2098",
    "langsiktigGjeld": "2100 2120 2130 2160 2180 2185 2200 2210 2220 2250 2260 2280 2290",
    "kortsiktigGjeld": "2310 2320 2330 2380 2400 2460 2470 2500 2510 2600 2740 2770 2790 2800"
    " 2900 2910 2920 2949 2950 2970 2980 2981 2990",
    "salgsinntekt": "3000 3001 3002 3003 3004 3005 3006 3007 3008 3100 3200 3300",
    "annenDriftsinntekt": "3400 3500 3600 3650 3695 3700 3710 3850 3870 3880 3885 3886 3890 3895"
    " 3900 3910",
    "varekostnad": "4001 4002 4003 4004 4005 4007 4008 4295 4500 4995",
    "loennskostnad": "5000 5300 5400 5420 5600 5900 5950",
    "annenDriftskostnad": "6000 6001 6002 6004 6050 6051 6052 6053 6054 6100 6110 6120 6130 6140"
    " 6200 6300 6340 6350 6395 6400 6440 6500 6600 6695 6700 6750 6751 6752 6995 6998 7000 7020"
    " 7040 7080 7099 7155 7165 7295 7330 7350 7370 7400 7420 7440 7490 7500 7501 7502 7503 7565"
    " 7600 7650 7651 7700 7701 7830 7860 7880 7885 7886 7890 7897 7910 7911",
    "finansinntekt": "8005 8030 8050 8054 8059 8060 8074 8075 8079 8080 8090 8091",
    "finanskostnad": "8100 8105 8115 8120 8130 8150 8154 8159 8160 8174 8175 8179",
    "skattekostnad": "8300 8321 8322 8323 8324",
    "resultatDisponeringForSAF-T": "8800",
}
GROUPING: dict[str, str] = {
    code: category for category, codes in _GROUPING_LIST.items() for code in codes.split()
}

# NS 4102 account classes (kontoklasser) and the grouping categories an account in each may use.
CLASSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "1": ("Eiendeler", ("balanseverdiForAnleggsmiddel", "balanseverdiForOmloepsmiddel")),
    "2": ("Egenkapital og gjeld", ("egenkapital", "langsiktigGjeld", "kortsiktigGjeld")),
    "3": ("Salgs- og driftsinntekter", ("salgsinntekt", "annenDriftsinntekt")),
    "4": ("Varekostnad", ("varekostnad",)),
    "5": ("Lønnskostnad", ("loennskostnad",)),
    "6": ("Avskrivninger og andre driftskostnader", ("annenDriftskostnad",)),
    "7": ("Andre driftskostnader", ("annenDriftskostnad",)),
    "8": (
        "Finansposter, skatt og disponeringer",
        ("finansinntekt", "finanskostnad", "skattekostnad", "resultatDisponeringForSAF-T"),
    ),
}

# number name | grouping code
_STANDARD = """
1000 Forskning og utvikling | 1000
1020 Konsesjoner | 1020
1030 Patenter | 1020
1040 Lisenser | 1020
1050 Varemerker | 1020
1060 Andre rettigheter | 1020
1070 Utsatt skattefordel | 1070
1080 Goodwill | 1080
1100 Forretningsbygg | 1105
1110 Andre bygninger | 1115
1120 Fast teknisk installasjon i bygninger | 1120
1130 Anlegg under utførelse | 1130
1140 Jord- og skogbrukseiendommer | 1140
1150 Tomter og andre grunnarealer | 1150
1160 Boliger med tomter | 1160
1180 Investeringseiendommer | 1180
1200 Maskiner og anlegg | 1205
1220 Skip, rigger, fly o.l. | 1221
1230 Personbiler | 1205
1240 Varebiler, lastebiler og andre transportmidler | 1238
1250 Inventar | 1205
1260 Fast bygningsinventar med egen avskrivningstid | 1120
1270 Verktøy o.l. | 1205
1280 Kontormaskiner | 1280
1290 Andre driftsmidler | 1290
1300 Investeringer i datterselskap | 1313
1310 Investeringer i andre foretak i samme konsern | 1313
1320 Lån til foretak i samme konsern | 1320
1330 Investeringer i tilknyttet selskap | 1332
1340 Lån til tilknyttet selskap og felles kontrollert virksomhet | 1340
1350 Investeringer i aksjer og andeler | 1350
1360 Obligasjoner | 1360
1370 Fordringer på eiere | 1370
1380 Fordringer på ansatte | 1380
1390 Andre langsiktige fordringer | 1390
1400 Råvarer og innkjøpte halvfabrikata | 1400
1420 Varer under tilvirkning | 1400
1440 Ferdige egentilvirkede varer | 1400
1460 Innkjøpte varer for videresalg | 1400
1480 Forskuddsbetaling til leverandører | 1570
1490 Biologiske eiendeler | 1490
1500 Kundefordringer | 1500
1530 Opptjent, ikke fakturert driftsinntekt | 1530
1550 Kundefordringer på foretak i samme konsern | 1501
1560 Andre fordringer på foretak i samme konsern | 1560
1570 Andre kortsiktige fordringer | 1570
1579 Andre kortsiktige fordringer | 1570
1580 Avsetning for tap på fordringer | 1500
1670 Krav på offentlige tilskudd | 1570
1700 Forskuddsbetalt leiekostnad | 1570
1710 Forskuddsbetalt rentekostnad | 1570
1720 Andre forskuddsbetalte kostnader | 1570
1750 Påløpt leieinntekt | 1570
1760 Påløpt renteinntekt | 1570
1770 Andre påløpte inntekter | 1570
1780 Krav på innbetaling av selskapskapital | 1780
1800 Aksjer og andeler i foretak i samme konsern | 1800
1810 Markedsbaserte aksjer og verdipapirfondsandeler | 1810
1820 Andre aksjer | 1800
1830 Markedsbaserte obligasjoner | 1830
1840 Andre obligasjoner | 1840
1880 Andre finansielle instrumenter | 1880
1900 Kontanter | 1900
1920 Bankinnskudd | 1920
1950 Bankinnskudd for skattetrekk | 1950
2000 Aksjekapital | 2000
2010 Egne aksjer | 2010
2020 Overkurs | 2020
2030 Annen innskutt egenkapital | 2030
2040 Fond for vurderingsforskjeller | 2043
2045 Fond for urealiserte gevinster | 2045
2050 Annen egenkapital | 2050
2080 Udekket tap | 2080
2100 Pensjonsforpliktelser | 2100
2120 Utsatt skatt | 2120
2160 Uopptjent inntekt | 2160
2180 Andre avsetninger for forpliktelser | 2180
2200 Konvertible lån | 2200
2210 Obligasjonslån | 2210
2220 Gjeld til kredittinstitusjoner | 2220
2240 Pantelån | 2220
2250 Gjeld til ansatte og eiere | 2250
2260 Gjeld til foretak i samme konsern | 2260
2280 Ansvarlig lånekapital | 2280
2290 Annen langsiktig gjeld | 2290
2300 Kortsiktige konvertible lån | 2310
2320 Kortsiktige obligasjonslån | 2320
2380 Kassekreditt | 2380
2390 Annen kortsiktig gjeld til kredittinstitusjoner | 2380
2400 Leverandørgjeld | 2400
2460 Leverandørgjeld til foretak i samme konsern | 2460
2500 Betalbar skatt, ikke fastsatt | 2500
2510 Betalbar skatt, fastsatt | 2510
2600 Forskuddstrekk | 2600
2610 Utleggstrekk | 2600
2620 Bidragstrekk | 2600
2640 Forsikringstrekk | 2600
2660 Fagforeningstrekk | 2600
2690 Andre trekk | 2600
2700 Utgående merverdiavgift høy sats | 2740
2701 Utgående merverdiavgift middels sats | 2740
2703 Utgående merverdiavgift lav sats | 2740
2705 Beregnet utgående merverdiavgift, tjenester kjøpt fra utlandet | 2740
2710 Inngående merverdiavgift høy sats | 2740
2711 Inngående merverdiavgift middels sats | 2740
2713 Inngående merverdiavgift lav sats | 2740
2714 Inngående merverdiavgift, innførsel av varer | 2740
2740 Oppgjørskonto merverdiavgift | 2740
2770 Skyldig arbeidsgiveravgift | 2770
2780 Påløpt arbeidsgiveravgift på påløpt lønn | 2770
2785 Påløpt arbeidsgiveravgift på feriepenger | 2770
2790 Andre offentlige avgifter | 2790
2800 Avsatt utbytte | 2800
2900 Forskudd fra kunder | 2900
2910 Gjeld til ansatte og eiere | 2910
2920 Gjeld til foretak i samme konsern | 2920
2930 Skyldig lønn | 2949
2940 Skyldige feriepenger | 2949
2950 Påløpt rente | 2950
2960 Annen påløpt kostnad | 2990
2970 Forskuddsbetalt inntekt | 2970
2980 Avsetninger for forpliktelser | 2980
2990 Annen kortsiktig gjeld | 2990
3000 Salgsinntekt avgiftspliktig høy sats | 3000
3030 Salgsinntekt avgiftspliktig middels sats | 3000
3050 Salgsinntekt avgiftspliktig lav sats | 3000
3060 Uttak av varer og tjenester, avgiftspliktig | 3000
3080 Rabatter og andre salgsinntektsreduksjoner, avgiftspliktig | 3000
3100 Salgsinntekt avgiftsfri | 3100
3105 Salgsinntekt, utførsel, avgiftsfri | 3100
3150 Uttak av varer og tjenester, avgiftsfritt | 3100
3180 Rabatter og andre salgsinntektsreduksjoner, avgiftsfri | 3100
3200 Salgsinntekt utenfor merverdiavgiftsloven | 3200
3280 Rabatter og andre salgsinntektsreduksjoner, utenfor merverdiavgiftsloven | 3200
3300 Offentlige avgifter vedrørende salg | 3300
3400 Offentlige tilskudd og refusjoner | 3400
3500 Uopptjent inntekt | 3500
3600 Leieinntekt fast eiendom | 3600
3690 Annen leieinntekt | 3695
3700 Provisjonsinntekt | 3700
3800 Gevinst ved avgang av anleggsmidler | 3880
3900 Annen driftsrelatert inntekt | 3900
4000 Innkjøp av råvarer og halvfabrikata | 4005
4060 Frakt, toll og spedisjon ved innkjøp | 4005
4070 Innkjøpsprisreduksjoner | 4005
4090 Beholdningsendring råvarer og halvfabrikata | 4005
4100 Innkjøp av varer under tilvirkning | 4005
4190 Beholdningsendring varer under tilvirkning | 4295
4200 Innkjøp av ferdige egentilvirkede varer | 4005
4290 Beholdningsendring ferdige egentilvirkede varer | 4295
4300 Innkjøp av varer for videresalg | 4005
4390 Beholdningsendring varer for videresalg | 4005
4500 Fremmedytelser og underentrepriser | 4500
4990 Beholdningsendring egentilvirkede anleggsmidler | 4995
5000 Lønn til ansatte | 5000
5020 Feriepenger | 5000
5090 Påløpt, ikke utbetalt lønn | 5000
5200 Fri bil | 5000
5210 Fri telefon | 5000
5250 Gruppelivsforsikring | 5000
5290 Motkonto for naturalytelser | 5000
5300 Tantieme | 5300
5330 Godtgjørelse til styre og bedriftsforsamling | 5300
5390 Annen opplysningspliktig godtgjørelse | 5300
5400 Arbeidsgiveravgift | 5400
5410 Arbeidsgiveravgift av påløpte feriepenger | 5400
5420 Opplysningspliktig pensjonskostnad | 5420
5500 Annen kostnadsgodtgjørelse | 5300
5600 Arbeidsgodtgjørelse til eiere | 5600
5800 Refusjon av sykepenger | 5000
5820 Refusjon av arbeidsgiveravgift | 5400
5900 Gaver til ansatte | 5900
5910 Kantinekostnader | 5900
5920 Yrkesskadeforsikring | 5900
5940 Pensjonskostnader | 5950
5990 Annen personalkostnad | 5900
6000 Avskrivning på bygninger og annen fast eiendom | 6000
6010 Avskrivning på transportmidler, maskiner og inventar | 6000
6020 Avskrivning på immaterielle eiendeler | 6000
6050 Nedskrivning av varige driftsmidler og immaterielle eiendeler | 6050
6100 Frakt og transport ved salg | 6100
6110 Toll og spedisjon ved salg | 6100
6200 Elektrisitet til produksjon | 6200
6250 Drivstoff til produksjon | 6200
6300 Leie lokaler | 6300
6320 Renovasjon, vann, avløp o.l. | 6395
6340 Lys og varme | 6340
6360 Renhold | 6395
6390 Annen kostnad lokaler | 6300
6400 Leie maskiner | 6400
6410 Leie inventar | 6400
6420 Leie datasystemer | 6350
6430 Leie andre kontormaskiner | 6400
6440 Leie transportmidler | 6440
6490 Annen leiekostnad | 6400
6500 Motordrevet verktøy | 6500
6510 Håndverktøy | 6500
6540 Inventar | 6500
6550 Driftsmaterialer | 6500
6551 Datautstyr | 6500
6552 Programvare | 6350
6560 Rekvisita | 6500
6570 Arbeidsklær og verneutstyr | 6500
6590 Annet driftsmateriale | 6500
6600 Reparasjon og vedlikehold bygninger | 6600
6620 Reparasjon og vedlikehold utstyr | 6695
6690 Reparasjon og vedlikehold annet | 6695
6700 Revisjons- og regnskapshonorar | 6700
6705 Regnskapshonorar | 6700
6720 Honorar for økonomisk og juridisk bistand | 6700
6790 Annen fremmed tjeneste | 6700
6800 Kontorrekvisita | 6995
6820 Trykksaker | 6995
6840 Aviser, tidsskrifter og bøker | 6995
6860 Møter, kurs og oppdatering | 7700
6890 Annen kontorkostnad | 6995
6900 Telefon og internett | 6995
6940 Porto | 6995
7000 Drivstoff transportmidler | 7000
7020 Vedlikehold transportmidler | 7020
7040 Forsikring og avgifter transportmidler | 7040
7090 Annen kostnad transportmidler | 7020
7100 Bilgodtgjørelse, opplysningspliktig | 7155
7130 Reisekostnad, opplysningspliktig | 7155
7140 Reisekostnad, ikke opplysningspliktig | 7165
7150 Diettkostnad, opplysningspliktig | 7155
7160 Diettkostnad, ikke opplysningspliktig | 7165
7190 Annen kostnadsgodtgjørelse | 7155
7200 Provisjonskostnad, opplysningspliktig | 7295
7210 Provisjonskostnad, ikke opplysningspliktig | 7295
7300 Salgskostnader | 7330
7320 Reklamekostnader | 7330
7350 Representasjon, fradragsberettiget | 7350
7360 Representasjon, ikke fradragsberettiget | 7370
7400 Kontingenter, fradragsberettiget | 7400
7410 Kontingenter, ikke fradragsberettiget | 7490
7420 Gaver, fradragsberettiget | 7420
7430 Gaver, ikke fradragsberettiget | 7440
7500 Forsikringspremier | 7500
7550 Garantikostnader | 7565
7560 Servicekostnader | 7565
7600 Lisensavgifter og royalties | 7600
7610 Patentkostnader | 7600
7620 Kostnader ved varemerker o.l. | 7600
7700 Styremøter og generalforsamling | 7700
7740 Øreavrunding | 7700
7770 Bank- og kortgebyr | 7700
7790 Annen kostnad, fradragsberettiget | 7700
7795 Annen kostnad, ikke fradragsberettiget | 7700
7800 Tap ved avgang av anleggsmidler | 7880
7830 Tap på fordringer | 7830
7860 Tap på kontrakter | 7860
8000 Inntekt på investering i datterselskap | 8005
8050 Renteinntekt bankinnskudd | 8050
8055 Renteinntekt kundefordringer | 8050
8060 Valutagevinst (agio) | 8060
8070 Annen finansinntekt | 8079
8080 Verdiøkning av finansielle omløpsmidler | 8080
8090 Inntekt på andre investeringer | 8090
8100 Verdireduksjon av finansielle omløpsmidler | 8100
8110 Nedskrivning av finansielle eiendeler | 8115
8130 Rentekostnad til foretak i samme konsern | 8130
8150 Annen rentekostnad | 8150
8155 Rentekostnad leverandørgjeld | 8150
8160 Valutatap (disagio) | 8160
8170 Annen finanskostnad | 8179
8300 Betalbar skatt | 8300
8320 Endring i utsatt skatt | 8321
8800 Årsresultat | 8800
8900 Overføringer til fond | 8800
8920 Avsatt utbytte | 8800
8950 Overføringer til annen egenkapital | 8800
8990 Overføringer fra annen egenkapital | 8800
"""


@dataclass(frozen=True)
class Account:
    number: str
    name: str
    grouping_category: str
    grouping_code: str
    vat_code: str | None = None  # the VAT code a voucher line on this account gets by default
    standard: bool = True  # False: added by the user (`account add`)


def _parse(table: str) -> dict[str, Account]:
    chart = {}
    for row in table.strip().splitlines():
        head, code = row.split(" | ")
        number, name = head.split(" ", 1)
        chart[number] = Account(number, name, GROUPING[code], code)
    return chart


STANDARD_CHART: dict[str, Account] = _parse(_STANDARD)

_NUMBER = re.compile(r"^[1-8]\d{3}$")


def own_account(
    number: str, name: str, grouping_code: str, vat_code: str | None, *, existing: set[str]
) -> Account:
    """An account the user adds: four digits, a free number, a grouping of its NS 4102 class."""
    number = number.strip()
    if not _NUMBER.match(number):
        raise InvalidInput(
            f"account number {number!r} is not an NS 4102 account",
            hint="four digits, 1000 to 8999 (the first digit is the class)",
        )
    if number in existing:
        raise InvalidInput(f"account {number} exists already", hint="`faktura account list`")
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("the account's name cannot be empty")
    # CODE, or CATEGORY/CODE as SAF-T writes the pair (annenDriftskostnad/6300).
    named, _, code = grouping_code.strip().rpartition("/")
    code = code.strip()
    category = GROUPING.get(code)
    if category is None or (named.strip() and named.strip() != category):
        raise InvalidInput(
            f"grouping code {grouping_code.strip()!r} is not in Skatteetaten's"
            " næringsspesifikasjon list",
            hint="use the code of a standard account of the same kind, e.g. 6300 for rent",
        )
    class_name, categories = CLASSES[number[0]]
    if category not in categories:
        raise InvalidInput(
            f"grouping code {code} ({category}) does not belong in class {number[0]}"
            f" ({class_name}) of account {number}",
            hint=f"class {number[0]} takes {', '.join(categories)}",
        )
    return Account(number, name, category, code, vat_code, standard=False)
