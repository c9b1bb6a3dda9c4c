"""The groups, their venues and phases, the press items and documents of the source text."""

import datetime

GROUP_TIME = datetime.time(18, 0)

VENUES = {
    "palazzo-arese-borromeo": {
        "name": "Palazzo Arese Borromeo",
        "address": "via Borromeo 41",
        "town": "Cesano Maderno",
        "directions": "",
    },
    "biblioteca-verano": {
        "name": "Biblioteca di Verano Brianza",
        "address": "",
        "town": "Verano Brianza",
        "directions": "",
    },
}

# The project's phases as the source names them; coordinators add new ones in the admin.
PHASES = {
    "amalav1": "AMALav 1 (2013-2015)",
    "amalav2": "AMALav 2 (2016)",
    "archimedes": "Progetto Archimedes",
}

GROUPS = [
    {
        "slug": "cesano-maderno",
        "name": "AMALav Cesano Maderno",
        "town": "Cesano Maderno",
        "kind": "lavoro",
        "phase": "amalav2",
        "venue": "palazzo-arese-borromeo",
        "start_date": datetime.date(2016, 3, 17),
        "start_time": GROUP_TIME,
        "description": (
            "Il primo gruppo della seconda fase del progetto AMALav, avviato a Cesano Maderno "
            "il 17 marzo 2016. Tutti gli incontri si tengono presso il palazzo Arese Borromeo, "
            "via Borromeo 41."
        ),
    },
    {
        "slug": "vimercate",
        "name": "AMALav Vimercate",
        "town": "Vimercate",
        "kind": "lavoro",
        "phase": "amalav2",
        "venue": None,
        "start_date": datetime.date(2016, 3, 21),
        "start_time": GROUP_TIME,
        "description": "Gruppo della seconda fase del progetto AMALav, avviato il 21 marzo 2016.",
    },
    {
        "slug": "seveso",
        "name": "AMALav Seveso",
        "town": "Seveso",
        "kind": "lavoro",
        "phase": "amalav2",
        "venue": None,
        "start_date": datetime.date(2016, 4, 6),
        "start_time": GROUP_TIME,
        "description": "Gruppo della seconda fase del progetto AMALav, avviato il 6 aprile 2016.",
    },
    {
        "slug": "brugherio",
        "name": "AMALav Brugherio",
        "town": "Brugherio",
        "kind": "lavoro",
        "phase": "amalav2",
        "venue": None,
        "start_date": datetime.date(2016, 4, 12),
        "start_time": GROUP_TIME,
        "description": "Gruppo della seconda fase del progetto AMALav, avviato il 12 aprile 2016.",
    },
    {
        "slug": "verano-brianza-archimedes",
        "name": "AMALav Archimedes Verano Brianza",
        "town": "Verano Brianza",
        "kind": "archimedes",
        "phase": "archimedes",
        "venue": "biblioteca-verano",
        # The source gives no start date: coordinators set it when the cycle is fixed.
        "start_date": None,
        "start_time": datetime.time(16, 0),
        "description": (
            "Riparte il gruppo AMALav Archimedes di Verano Brianza: incontri ogni 2 settimane "
            "di scienze e di matematica dalle 16.00 alle 18.00 presso la biblioteca. "
            "La partecipazione è aperta a tutti ed è GRATUITA.\n\n"
            "L'iniziativa è realizzata all'interno del progetto Archimedes, realizzato dai "
            "comuni dell'ambito di Carate con il contributo di Fondazione CARIPLO."
        ),
    },
]

# The 2016 groups are between cycles: they take requests for the next one. Verano
# Brianza is the one open today.
GROUP_STATUS = {"verano-brianza-archimedes": "iscrizioni"}
DEFAULT_GROUP_STATUS = "preparazione"

PRESS_RELEASE_BODY = """\
Cesano Maderno, 13 aprile 2016. Oggi, presso il comune di Cesano Maderno, si terrà la conferenza stampa per la presentazione della seconda fase del progetto AMALav (Auto Mutuo Aiuto Lavoro).

L'impatto della crisi sulla situazione occupazionale Italiana è evidenziato da vari indicatori, quali l'utilizzo massiccio degli ammortizzatori sociali di carattere ordinario e straordinario, il forte incremento delle iscrizioni alle liste di mobilità e il permanere di risultati negativi nei flussi occupazionali. Anche in Provincia di Monza e Brianza, gli indicatori economici continuano a dare segnali critici e in molti settori aumenta il numero delle imprese coinvolte in processi di crisi.

Chiunque operi sul territorio si rende conto del disagio psico-sociale generato da questa situazione, che rischia di diventare una vera e propria emergenza sociale. Perdere il lavoro significa perdere una fonte di sostentamento economico, ma anche sperimentare solitudine, senso di colpa, perdita d'identità, di ruolo sociale, di autostima. Il perno su cui si fonda il progetto è che operare per un miglioramento del benessere della persona in condizioni di disagio a seguito dell'espulsione dal mondo del lavoro possa facilitarne il re-inserimento lavorativo.

Il servizio proposto affronta il bisogno di ritrovare la fiducia in sé stessi e nel proprio ruolo, attraverso la socializzazione di questa esperienza di disagio. La modalità utilizzata è quella del gruppo di auto-mutuo-aiuto, come luogo di relazione, spazio di condivisione fra pari e superamento dell'isolamento, in grado di aiutare ciascun membro del gruppo a riattivare le proprie risorse e ripartire. Il gruppo diventa anche un ambito a cominciare dal quale i partecipanti possono consolidare e ampliare le proprie relazioni sociali, per estenderle anche al di fuori di esso.

In aggiunta a ciò, in seguito al bisogno rilevato di accompagnamento e orientamento nell'accesso ai servizi al lavoro, oltre a un supporto all'accesso, AMAlav offre la possibilità di percorsi collettivi sulle tematiche connesse alla ricerca del lavoro, disegnati a partire dalle specifiche esigenze informative/formative espresse dal gruppo.

Una prima sperimentazione di gruppi di auto-aiuto in ambito lavorativo è stata fatta sul territorio della provincia di Monza e Brianza fra il 2013 e il 2015, con il progetto AMALav1, che ha visto la creazione di 7 gruppi, a cui hanno partecipato attivamente circa un centinaio di persone senza lavoro o in procinto di perderlo (cassa integrazione).

La seconda fase progettuale sarà attiva per tutto il 2016 e prevede la creazione di 4 nuovi gruppi a Cesano Maderno, Seveso, Vimercate e Brugherio. Ogni gruppo avrà a disposizione 18 incontri a cadenza quindicinale, di circa due ore ciascuno.

Il progetto è finanziato dalla Provincia di Monza e Brianza, dalla Fondazione della Comunità Monza e Brianza e dalle amministrazioni comunali; è realizzato in partenariato da Cooperativa Sociale Aeris, Afol Monza e Brianza, Comune di Monza e CGIL-CISL-UIL.

Il primo gruppo è stato avviato a Cesano Maderno il 17 marzo; tutti gli incontri si terranno presso il palazzo Arese Borromeo, via Borromeo 41.

I restanti gruppi prenderanno avvio nelle seguenti date: Vimercate, 21 marzo; Seveso, 6 aprile; Brugherio, 12 aprile.

Per aderire o richiedere informazioni: 348 3906759, coordinamento.amalav@coopaeris.it"""

VERANO_NEWS_BODY = """\
Riparte il gruppo AMALav Archimedes di Verano Brianza. La partecipazione è aperta a tutti ed è GRATUITA.

Verano Brianza - Incontri ogni 2 settimane di scienze e di matematica dalle 16.00 alle 18.00 presso la biblioteca.

Per adesioni e informazioni: e-mail coordinamento.amalav@coopaeris.it, tel. 348 3906759.

L'iniziativa è realizzata all'interno del progetto Archimedes, realizzato dai comuni dell'ambito di Carate con il contributo di Fondazione CARIPLO."""

PRESS_ITEMS = [
    {
        "slug": "ripartono-i-gruppi-di-auto-mutuo-aiuto-lavoro-per-disoccupati",
        "title": "Ripartono i gruppi di auto mutuo aiuto lavoro per disoccupati",
        "kind": "comunicato",
        "published_on": datetime.date(2016, 4, 13),
        "summary": (
            "Al via la seconda fase del progetto AMALav - Auto-Mutuo-Aiuto Lavoro, coordinato da "
            "Cooperativa Sociale Aeris e promosso da Provincia di Monza e Brianza, Amministrazioni "
            "comunali e Fondazione della Comunità Monza e Brianza. Conferenza stampa a Cesano "
            "Maderno, 13 aprile 2016."
        ),
        "body": PRESS_RELEASE_BODY,
        "featured": True,
        "groups": ["cesano-maderno", "vimercate", "seveso", "brugherio"],
    },
    {
        "slug": "riparte-il-gruppo-amalav-archimedes-di-verano-brianza",
        "title": "Riparte il gruppo AMALav Archimedes di Verano Brianza",
        "kind": "notizia",
        # The source gives no date for this news; the release date keeps it beside it.
        "published_on": datetime.date(2016, 4, 13),
        "summary": (
            "Incontri ogni 2 settimane di scienze e di matematica dalle 16.00 alle 18.00 presso "
            "la biblioteca di Verano Brianza. La partecipazione è aperta a tutti ed è gratuita."
        ),
        "body": VERANO_NEWS_BODY,
        "featured": True,
        "groups": ["verano-brianza-archimedes"],
    },
]

DOCUMENTS = [
    {
        "title": "«A che punto siamo?» Lo stato del progetto a 6 mesi dalla partenza del primo gruppo",
        "category": "progetto",
        "source": "",
        "position": 1,
    },
    {
        "title": "Presentazione progetto AMALAV",
        "category": "progetto",
        "source": "Provincia Monza e Brianza",
        "position": 2,
    },
    {
        "title": "Il Mercato del Lavoro e le politiche attive",
        "category": "mercato",
        "source": "Provincia Monza e Brianza",
        "position": 1,
    },
    {
        "title": "Serata 14 maggio 2014: «Il lavoro in crisi. Rimettersi in gioco e ripartire»",
        "category": "eventi",
        "source": "",
        "date": datetime.date(2014, 5, 14),
        "position": 1,
    },
]
