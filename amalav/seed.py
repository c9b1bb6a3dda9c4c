"""The portal's original content (amalav/seed_source/amalav-home.md), as data the portal loads.

Every fact of the source text lives here: groups, venues, dates, contacts,
partners, funders, history, documents and the press conference release. The text
pages name the coordination's phone and email as $phone, $phone_href and $email:
`with_contacts` fills them in from the settings, their one home.
"""

import datetime
from string import Template

from django.conf import settings

from core.phones import tel_href

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

PROJECT_PAGE = """\
<p>AMALav (Auto Mutuo Aiuto Lavoro) è un progetto di gruppi di auto mutuo aiuto per chi ha perso il lavoro o rischia di perderlo, in provincia di Monza e Brianza. È coordinato da Cooperativa Sociale Aeris e promosso da Provincia di Monza e Brianza, amministrazioni comunali e Fondazione della Comunità Monza e Brianza.</p>

<h2 id="perche">Perché</h2>
<p>L'impatto della crisi sulla situazione occupazionale italiana è evidenziato da vari indicatori: l'utilizzo massiccio degli ammortizzatori sociali di carattere ordinario e straordinario, il forte incremento delle iscrizioni alle liste di mobilità e il permanere di risultati negativi nei flussi occupazionali. Anche in Provincia di Monza e Brianza gli indicatori economici continuano a dare segnali critici e in molti settori aumenta il numero delle imprese coinvolte in processi di crisi.</p>
<p>Perdere il lavoro significa perdere una fonte di sostentamento economico, ma anche sperimentare solitudine, senso di colpa, perdita d'identità, di ruolo sociale, di autostima. Il perno su cui si fonda il progetto è che operare per un miglioramento del benessere della persona in condizioni di disagio a seguito dell'espulsione dal mondo del lavoro possa facilitarne il re-inserimento lavorativo.</p>

<h2 id="come">Come funziona</h2>
<p>Il servizio affronta il bisogno di ritrovare la fiducia in sé stessi e nel proprio ruolo, attraverso la socializzazione di questa esperienza di disagio. Il gruppo di auto-mutuo-aiuto è un luogo di relazione, spazio di condivisione fra pari e superamento dell'isolamento, in grado di aiutare ciascun membro a riattivare le proprie risorse e ripartire; è anche un ambito da cui i partecipanti possono consolidare e ampliare le proprie relazioni sociali, anche al di fuori del gruppo.</p>
<p>Per rispondere al bisogno di accompagnamento e orientamento nell'accesso ai servizi al lavoro, oltre a un supporto all'accesso, AMALav offre percorsi collettivi sulle tematiche connesse alla ricerca del lavoro, disegnati a partire dalle esigenze informative e formative espresse dal gruppo.</p>
<p>Ogni gruppo ha a disposizione 18 incontri a cadenza quindicinale, di circa due ore ciascuno. La partecipazione è gratuita.</p>

<h2 id="storia">La storia</h2>
<p>Una prima sperimentazione è stata fatta fra il 2013 e il 2015 con il progetto AMALav1: 7 gruppi, a cui hanno partecipato attivamente circa un centinaio di persone senza lavoro o in procinto di perderlo (cassa integrazione). <a href="/progetto/primo-progetto/">Leggi del primo progetto</a>.</p>
<p>La seconda fase progettuale è stata attiva per tutto il 2016 con 4 nuovi gruppi a Cesano Maderno, Seveso, Vimercate e Brugherio. Il primo gruppo è stato avviato a Cesano Maderno il 17 marzo 2016, con tutti gli incontri presso il palazzo Arese Borromeo, via Borromeo 41; gli altri sono partiti a Vimercate il 21 marzo, a Seveso il 6 aprile e a Brugherio il 12 aprile 2016. La seconda fase è stata presentata nella conferenza stampa del 13 aprile 2016 presso il comune di Cesano Maderno.</p>

<h2 id="archimedes">Il progetto Archimedes</h2>
<p>A Verano Brianza il gruppo AMALav Archimedes propone incontri ogni 2 settimane di scienze e di matematica, dalle 16.00 alle 18.00 presso la biblioteca. La partecipazione è aperta a tutti ed è gratuita. L'iniziativa è realizzata all'interno del progetto Archimedes, realizzato dai comuni dell'ambito di Carate con il contributo di Fondazione CARIPLO.</p>

<h2 id="partner">Chi finanzia e chi realizza</h2>
<dl>
<dt>Finanziatori</dt>
<dd>Provincia di Monza e Brianza, Fondazione della Comunità Monza e Brianza, amministrazioni comunali; per il progetto Archimedes, Fondazione CARIPLO.</dd>
<dt>Partner</dt>
<dd>Cooperativa Sociale Aeris (coordinamento), Afol Monza e Brianza, Comune di Monza, CGIL-CISL-UIL.</dd>
</dl>

<h2 id="contatti">Per aderire o chiedere informazioni</h2>
<p>Telefono <a href="$phone_href">$phone</a>, email <a href="mailto:$email">$email</a>.</p>
"""

FIRST_PROJECT_PAGE = """\
<p>Fra il 2013 e il 2015 il progetto AMALav1 ha portato sul territorio della provincia di Monza e Brianza una prima sperimentazione di gruppi di auto-aiuto in ambito lavorativo.</p>
<ul>
<li>7 gruppi di auto mutuo aiuto lavoro;</li>
<li>circa un centinaio di persone che vi hanno partecipato attivamente, senza lavoro o in procinto di perderlo (cassa integrazione).</li>
</ul>
<p>Tra gli appuntamenti pubblici del primo progetto, la serata del 14 maggio 2014 «Il lavoro in crisi. Rimettersi in gioco e ripartire».</p>
<p>Dall'esperienza di AMALav1 è nata la seconda fase del progetto, attiva per tutto il 2016 con 4 nuovi gruppi a Cesano Maderno, Seveso, Vimercate e Brugherio.</p>
<p><a href="/progetto/">Il progetto oggi</a> · <a href="/documenti/">Documentazione utile</a></p>
"""

HOW_IT_WORKS_PAGE = """\
<p>Un gruppo AMALav è un gruppo di auto mutuo aiuto: persone che hanno perso il lavoro, o rischiano di perderlo, si incontrano per condividere l'esperienza, superare l'isolamento, ritrovare fiducia in sé stesse e ripartire. Partecipare è gratuito.</p>

<h2 id="incontri">Come sono gli incontri</h2>
<p>Ogni gruppo ha a disposizione 18 incontri a cadenza quindicinale, di circa due ore ciascuno, sempre nello stesso giorno della settimana e alla stessa ora. Si parla alla pari: ciascuno racconta quello che vuole, quando se la sente, e ascolta gli altri. Nessuno è obbligato a parlare.</p>
<p>A partire dalle esigenze espresse dal gruppo, AMALav propone anche percorsi collettivi sulla ricerca del lavoro e un accompagnamento nell'accesso ai servizi al lavoro.</p>

<h2 id="chi-conduce">Chi conduce il gruppo</h2>
<p>Ogni gruppo è accompagnato da un coordinatore di Cooperativa Sociale Aeris: non fa lezione e non giudica, aiuta il gruppo a partire, a dare la parola a tutti e a rispettare le regole comuni. Con il tempo sono i partecipanti a portare avanti il gruppo.</p>

<h2 id="quante-persone">Quante persone</h2>
<p>Un gruppo è piccolo, perché ciascuno abbia il tempo di parlare e di essere ascoltato: nel primo progetto 7 gruppi hanno accolto circa un centinaio di persone, poco più di una decina per gruppo.</p>

<h2 id="riservatezza">Riservatezza</h2>
<p>Quello che si dice nel gruppo resta nel gruppo: è l'impegno che ciascun partecipante prende con gli altri. Il tuo nome non compare mai sul sito, e i tuoi dati li vede solo il coordinamento (leggi l'<a href="/privacy/">informativa sulla privacy</a>).</p>

<h2 id="a-ciclo-iniziato">Entrare a ciclo iniziato</h2>
<p>Puoi entrare anche quando il gruppo ha già fatto alcuni incontri: un gruppo attivo accoglie nuove persone. Il coordinatore ti chiama prima, ti spiega a che punto è il gruppo e ti dice quando venire la prima volta.</p>

<h2 id="cosa-portare">Cosa portare</h2>
<p>Niente: non devi preparare nulla, né portare documenti o curriculum. Basta venire. Se hai bisogno di un accesso senza gradini o di altro, diccelo quando ti chiamiamo.</p>

<h2 id="quanto-costa">Quanto costa</h2>
<p>Nulla. La partecipazione è gratuita e non ti impegna: se il gruppo non fa per te, puoi smettere quando vuoi. Il progetto è finanziato dalla Provincia di Monza e Brianza, dalla Fondazione della Comunità Monza e Brianza e dalle amministrazioni comunali.</p>

<h2 id="archimedes">I gruppi Archimedes</h2>
<p>Il gruppo AMALav Archimedes di Verano Brianza è diverso: sono incontri di scienze e di matematica, ogni 2 settimane presso la biblioteca, aperti a tutti e gratuiti.</p>

<h2 id="come-iniziare">Come iniziare</h2>
<p><a href="/aderisci/">Compila il modulo di adesione</a> oppure chiama il <a href="$phone_href">$phone</a>: un coordinatore ti contatta per conoscerti.</p>
"""

CONTACTS_PAGE = """\
<p>AMALav è coordinato da Cooperativa Sociale Aeris.</p>
<h2 id="aderire">Per aderire o chiedere informazioni</h2>
<ul>
<li>Telefono: <a href="$phone_href">$phone</a></li>
<li>Email: <a href="mailto:$email">$email</a></li>
</ul>
<p>Puoi anche <a href="/aderisci/">compilare il modulo di adesione</a>: un coordinatore ti contatterà.</p>
<h2 id="stampa">Per la stampa</h2>
<p>Comunicati, articoli e documenti sono nella <a href="/rassegna-stampa/">rassegna stampa</a>; numeri aggiornati, storia, logo e foto nella <a href="/stampa/">pagina per la stampa</a>. Per interviste scrivere a <a href="mailto:$email">$email</a>.</p>
"""

ACCESSIBILITY_PAGE = """\
<p>Vogliamo che questo sito sia usabile da tutti, anche con un lettore di schermo, solo da tastiera, da un telefono piccolo o con JavaScript disattivato.</p>
<h2 id="stato">Stato di conformità</h2>
<p>Il sito è progettato per rispettare le linee guida WCAG 2.1 al livello AA. Ogni pagina pubblica è verificata automaticamente con axe-core a ogni modifica, su schermi larghi 360 e 1280 pixel.</p>
<h2 id="segnalazioni">Segnalare un problema</h2>
<p>Se qualcosa non funziona per te, scrivici a <a href="mailto:$email">$email</a> o chiama il <a href="$phone_href">$phone</a>: ti risponderemo e correggeremo il problema.</p>
"""


def privacy_page(retention_months: int, version: str) -> str:
    return f"""\
<p>Versione {version}. Questa informativa spiega quali dati raccogliamo quando chiedi di partecipare a un gruppo AMALav, perché e per quanto tempo.</p>
<h2 id="titolare">Chi tratta i dati</h2>
<p>Titolare del trattamento è Cooperativa Sociale Aeris, che coordina il progetto AMALav. Contatto: <a href="mailto:$email">$email</a>, telefono <a href="$phone_href">$phone</a>.</p>
<h2 id="quali">Quali dati</h2>
<p>Con il modulo di adesione raccogliamo nome e cognome, email e/o telefono, comune di residenza, il gruppo scelto, la tua situazione lavorativa, e, se vuoi, un messaggio e come ci hai conosciuti. Registriamo anche la data della richiesta e la versione di questa informativa che hai letto.</p>
<h2 id="perche">Perché</h2>
<p>Usiamo questi dati solo per ricontattarti, proporti il gruppo più adatto e organizzare gli incontri (base giuridica: la tua richiesta, art. 6.1.b del Regolamento UE 2016/679). Solo se lo scegli, con una casella separata, ti mandiamo per email le notizie del progetto (base giuridica: consenso, che puoi ritirare quando vuoi). Ai finanziatori diamo soltanto numeri complessivi, mai nomi.</p>
<h2 id="chi">Chi li vede</h2>
<p>Solo i coordinatori del gruppo che hai scelto e il coordinamento di Cooperativa Sociale Aeris. I tuoi dati non compaiono mai sul sito e non sono ceduti a nessuno.</p>
<h2 id="quanto">Per quanto tempo</h2>
<p>Conserviamo la richiesta per {retention_months} mesi dopo la fine del ciclo di incontri del gruppo (o dalla richiesta, se non hai scelto un gruppo). Poi cancelliamo nome, contatti e messaggi: resta solo un dato anonimo a fini statistici.</p>
<h2 id="diritti">I tuoi diritti</h2>
<p>Puoi chiedere in ogni momento di vedere, correggere o cancellare i tuoi dati, o di ritirare il consenso alle notizie, scrivendo a <a href="mailto:$email">$email</a>. Puoi anche rivolgerti al Garante per la protezione dei dati personali.</p>
<h2 id="cookie">Cookie</h2>
<p>Il sito usa solo cookie tecnici: uno che protegge il modulo di adesione da invii contraffatti e, per i coordinatori, quello di accesso all'amministrazione. Nessun cookie di profilazione, nessuna risorsa caricata da altri siti.</p>
"""


def with_contacts(html: str) -> str:
    phone = settings.COORDINATION_PHONE
    return Template(html).substitute(
        phone=phone, phone_href=tel_href(phone), email=settings.COORDINATION_EMAIL
    )
