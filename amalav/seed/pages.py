"""The text pages of the source text; the coordination's contacts come from the settings."""

from string import Template

from django.conf import settings

from core.phones import tel_href

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


COOKIE_PARAGRAPH = (
    "<p>Il sito usa solo cookie tecnici: uno che protegge il modulo di adesione da invii "
    "contraffatti; uno che, per mezz'ora dopo l'invio, permette alla pagina di conferma di "
    "dirti come ti ricontatteremo (contiene solo il numero della richiesta, firmato); e, per i "
    "coordinatori, quello di accesso all'amministrazione. Nessun cookie di profilazione, "
    "nessuna risorsa caricata da altri siti.</p>"
)


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
{COOKIE_PARAGRAPH}
"""


def with_contacts(html: str) -> str:
    phone = settings.COORDINATION_PHONE
    return Template(html).substitute(
        phone=phone, phone_href=tel_href(phone), email=settings.COORDINATION_EMAIL
    )
